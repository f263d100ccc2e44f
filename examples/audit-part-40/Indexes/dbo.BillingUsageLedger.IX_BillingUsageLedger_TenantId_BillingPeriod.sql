CREATE NONCLUSTERED INDEX [IX_BillingUsageLedger_TenantId_BillingPeriod]
    ON [dbo].[BillingUsageLedger]([TenantId] ASC, [BillingPeriod] ASC);
