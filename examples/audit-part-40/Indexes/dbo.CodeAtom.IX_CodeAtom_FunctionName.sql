CREATE NONCLUSTERED INDEX [IX_CodeAtom_FunctionName]
    ON [dbo].[CodeAtom]([FunctionName] ASC);
