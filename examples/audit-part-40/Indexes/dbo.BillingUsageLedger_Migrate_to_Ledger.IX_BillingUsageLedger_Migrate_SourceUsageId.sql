CREATE NONCLUSTERED INDEX [IX_BillingUsageLedger_Migrate_SourceUsageId]
    ON [dbo].[BillingUsageLedger_Migrate_to_Ledger]([SourceUsageId] ASC);
