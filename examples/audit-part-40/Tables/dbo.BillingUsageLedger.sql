-- Durable, disk-based billing usage ledger: the target that dbo.usp_MigrateBillingUsage
-- copies the SCHEMA_ONLY rows of dbo.BillingUsageLedger_InMemory into.
CREATE TABLE [dbo].[BillingUsageLedger] (
    [UsageId]        BIGINT         NOT NULL,
    [TenantId]       INT            NOT NULL,
    [OperationType]  NVARCHAR(100)  NOT NULL,
    [UnitType]       NVARCHAR(50)   NOT NULL,
    [Quantity]       BIGINT         NOT NULL,
    [UnitCost]       DECIMAL(10,6)  NOT NULL,
    [TotalCost]      DECIMAL(12,2)  NOT NULL,
    [UsageTimestamp] DATETIME2      NOT NULL,
    [BillingPeriod]  NVARCHAR(20)   NOT NULL,
    [IsBilled]       BIT            NOT NULL CONSTRAINT [DF_BillingUsageLedger_IsBilled] DEFAULT (0),
    [CorrelationId]  NVARCHAR(128)  NULL,
    [MetadataJson]   JSON           NULL,
    [CreatedAt]      DATETIME2      NOT NULL CONSTRAINT [DF_BillingUsageLedger_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_BillingUsageLedger] PRIMARY KEY CLUSTERED ([UsageId] ASC),
    CONSTRAINT [CK_BillingUsageLedger_Quantity] CHECK ([Quantity] >= 0)
);
