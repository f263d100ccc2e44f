CREATE NONCLUSTERED INDEX [IX_CodeAtom_IsValidSyntax]
    ON [dbo].[CodeAtom]([IsValidSyntax] ASC);
