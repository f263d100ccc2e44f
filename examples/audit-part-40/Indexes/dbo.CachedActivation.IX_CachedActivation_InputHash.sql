CREATE NONCLUSTERED INDEX [IX_CachedActivation_InputHash]
    ON [dbo].[CachedActivation]([InputHash] ASC);
