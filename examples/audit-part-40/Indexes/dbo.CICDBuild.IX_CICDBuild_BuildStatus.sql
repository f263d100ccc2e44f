CREATE NONCLUSTERED INDEX [IX_CICDBuild_BuildStatus]
    ON [dbo].[CICDBuild]([BuildStatus] ASC);
