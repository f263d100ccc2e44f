CREATE NONCLUSTERED INDEX [IX_CachedActivation_ModelId]
    ON [dbo].[CachedActivation]([ModelId] ASC);
