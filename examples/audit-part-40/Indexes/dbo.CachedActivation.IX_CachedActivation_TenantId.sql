CREATE NONCLUSTERED INDEX [IX_CachedActivation_TenantId]
    ON [dbo].[CachedActivation]([TenantId] ASC);
