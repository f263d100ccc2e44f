CREATE NONCLUSTERED INDEX [IX_CodeAtom_AtomId]
    ON [dbo].[CodeAtom]([AtomId] ASC);
