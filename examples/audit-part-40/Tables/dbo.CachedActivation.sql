-- Neural network activation caching for inference performance optimization
-- (one cached activation tensor per model layer and input hash).
CREATE TABLE [dbo].[CachedActivation] (
    [CacheId]            BIGINT          IDENTITY (1, 1) NOT NULL,
    [ModelId]            INT             NOT NULL,
    [LayerId]            INT             NOT NULL,
    [InputHash]          NVARCHAR(128)   NOT NULL,
    [ActivationData]     VARBINARY(MAX)  NOT NULL,
    [ActivationShape]    NVARCHAR(256)   NOT NULL,
    [HitCount]           INT             NOT NULL CONSTRAINT [DF_CachedActivation_HitCount] DEFAULT (0),
    [LastAccessed]       DATETIME2       NOT NULL,
    [CreatedAt]          DATETIME2       NOT NULL CONSTRAINT [DF_CachedActivation_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [ExpiresAt]          DATETIME2       NULL,
    [ComputeTimeSavedMs] INT             NOT NULL,
    [MemoryUsageBytes]   BIGINT          NOT NULL,
    [CompressionRatio]   DECIMAL(5,4)    NOT NULL,
    [IsCompressed]       BIT             NOT NULL CONSTRAINT [DF_CachedActivation_IsCompressed] DEFAULT (0),
    [TenantId]           INT             NOT NULL CONSTRAINT [DF_CachedActivation_TenantId] DEFAULT (0),
    CONSTRAINT [PK_CachedActivation] PRIMARY KEY CLUSTERED ([CacheId] ASC),
    CONSTRAINT [FK_CachedActivation_Model] FOREIGN KEY ([ModelId]) REFERENCES [dbo].[Model] ([ModelId]),
    CONSTRAINT [FK_CachedActivation_ModelLayer] FOREIGN KEY ([LayerId]) REFERENCES [dbo].[ModelLayer] ([LayerId])
);
