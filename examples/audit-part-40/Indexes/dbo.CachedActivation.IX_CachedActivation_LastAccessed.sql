CREATE NONCLUSTERED INDEX [IX_CachedActivation_LastAccessed]
    ON [dbo].[CachedActivation]([LastAccessed] ASC);
