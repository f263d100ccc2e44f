-- In-memory optimized billing usage ledger for high-throughput tracking.
-- DURABILITY = SCHEMA_ONLY: every row is lost when SQL Server restarts or the database fails over.
CREATE TABLE [dbo].[BillingUsageLedger_InMemory] (
    [UsageId]        BIGINT         IDENTITY (1, 1) NOT NULL,
    [TenantId]       INT            NOT NULL,
    [OperationType]  NVARCHAR(100)  NOT NULL,
    [UnitType]       NVARCHAR(50)   NOT NULL,
    [Quantity]       BIGINT         NOT NULL,
    [UnitCost]       DECIMAL(10,6)  NOT NULL,
    [TotalCost]      DECIMAL(12,2)  NOT NULL,
    [UsageTimestamp] DATETIME2      NOT NULL,
    [BillingPeriod]  NVARCHAR(20)   NOT NULL,
    [IsBilled]       BIT            NOT NULL CONSTRAINT [DF_BillingUsageLedger_InMemory_IsBilled] DEFAULT (0),
    [CorrelationId]  NVARCHAR(128)  NULL,
    [MetadataJson]   NVARCHAR(MAX)  NULL,
    [CreatedAt]      DATETIME2      NOT NULL CONSTRAINT [DF_BillingUsageLedger_InMemory_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_BillingUsageLedger_InMemory] PRIMARY KEY NONCLUSTERED HASH ([UsageId]) WITH (BUCKET_COUNT = 1048576),
    INDEX [IX_BillingUsageLedger_InMemory_TenantId] NONCLUSTERED HASH ([TenantId]) WITH (BUCKET_COUNT = 1024),
    INDEX [IX_BillingUsageLedger_InMemory_IsBilled] NONCLUSTERED ([IsBilled]),
    INDEX [IX_BillingUsageLedger_InMemory_UsageTimestamp] NONCLUSTERED ([UsageTimestamp])
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);
