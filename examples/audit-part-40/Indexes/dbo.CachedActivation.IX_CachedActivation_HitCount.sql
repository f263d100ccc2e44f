CREATE NONCLUSTERED INDEX [IX_CachedActivation_HitCount]
    ON [dbo].[CachedActivation]([HitCount] DESC);
