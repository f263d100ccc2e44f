CREATE NONCLUSTERED INDEX [IX_CICDBuild_Environment]
    ON [dbo].[CICDBuild]([Environment] ASC);
