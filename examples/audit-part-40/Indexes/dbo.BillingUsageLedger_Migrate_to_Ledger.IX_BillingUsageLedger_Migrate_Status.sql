CREATE NONCLUSTERED INDEX [IX_BillingUsageLedger_Migrate_Status]
    ON [dbo].[BillingUsageLedger_Migrate_to_Ledger]([MigrationStatus] ASC);
