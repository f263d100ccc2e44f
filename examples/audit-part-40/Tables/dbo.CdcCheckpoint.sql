-- Change Data Capture checkpoint tracking for data synchronization:
-- the last LSN processed by each consumer group on each partition.
CREATE TABLE [dbo].[CdcCheckpoint] (
    [CheckpointId]           BIGINT         IDENTITY (1, 1) NOT NULL,
    [ConsumerGroup]          NVARCHAR(100)  NOT NULL,
    [PartitionId]            INT            NOT NULL,
    [LastProcessedLSN]       BINARY(10)     NOT NULL,
    [LastProcessedTimestamp] DATETIME2      NOT NULL,
    [SequenceNumber]         BIGINT         NOT NULL,
    [RetryCount]             INT            NOT NULL CONSTRAINT [DF_CdcCheckpoint_RetryCount] DEFAULT (0),
    [LastErrorMessage]       NVARCHAR(MAX)  NULL,
    [IsActive]               BIT            NOT NULL CONSTRAINT [DF_CdcCheckpoint_IsActive] DEFAULT (1),
    [CreatedAt]              DATETIME2      NOT NULL CONSTRAINT [DF_CdcCheckpoint_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]              DATETIME2      NOT NULL,
    [MetadataJson]           NVARCHAR(MAX)  NULL,
    CONSTRAINT [PK_CdcCheckpoint] PRIMARY KEY CLUSTERED ([CheckpointId] ASC),
    CONSTRAINT [UQ_CdcCheckpoint_Consumer_Partition] UNIQUE NONCLUSTERED ([ConsumerGroup] ASC, [PartitionId] ASC)
);
