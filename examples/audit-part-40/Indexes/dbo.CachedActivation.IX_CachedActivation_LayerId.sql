CREATE NONCLUSTERED INDEX [IX_CachedActivation_LayerId]
    ON [dbo].[CachedActivation]([LayerId] ASC);
