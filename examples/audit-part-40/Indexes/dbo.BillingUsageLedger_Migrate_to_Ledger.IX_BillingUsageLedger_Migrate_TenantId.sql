CREATE NONCLUSTERED INDEX [IX_BillingUsageLedger_Migrate_TenantId]
    ON [dbo].[BillingUsageLedger_Migrate_to_Ledger]([TenantId] ASC);
