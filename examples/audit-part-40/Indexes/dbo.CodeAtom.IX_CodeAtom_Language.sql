CREATE NONCLUSTERED INDEX [IX_CodeAtom_Language]
    ON [dbo].[CodeAtom]([Language] ASC);
