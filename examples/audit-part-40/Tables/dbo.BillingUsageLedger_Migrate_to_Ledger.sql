-- Migration staging table for billing ledger data transformation:
-- one row per in-memory usage row copied (or failing to copy) into dbo.BillingUsageLedger.
CREATE TABLE [dbo].[BillingUsageLedger_Migrate_to_Ledger] (
    [MigrationId]        BIGINT         IDENTITY (1, 1) NOT NULL,
    [SourceUsageId]      BIGINT         NOT NULL,
    [TargetUsageId]      BIGINT         NULL,
    [TenantId]           INT            NOT NULL,
    [OperationType]      NVARCHAR(100)  NOT NULL,
    [Quantity]           BIGINT         NOT NULL,
    [UnitCost]           DECIMAL(10,6)  NOT NULL,
    [TotalCost]          DECIMAL(12,2)  NOT NULL,
    [MigrationStatus]    NVARCHAR(50)   NOT NULL,
    [MigrationTimestamp] DATETIME2      NOT NULL,
    [ErrorMessage]       NVARCHAR(MAX)  NULL,
    [ValidationHash]     NVARCHAR(128)  NULL,
    CONSTRAINT [PK_BillingUsageLedger_Migrate_to_Ledger] PRIMARY KEY CLUSTERED ([MigrationId] ASC)
);
