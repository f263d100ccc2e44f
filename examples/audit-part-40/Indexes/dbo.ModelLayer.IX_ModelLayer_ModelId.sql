CREATE NONCLUSTERED INDEX [IX_ModelLayer_ModelId]
    ON [dbo].[ModelLayer]([ModelId] ASC);
