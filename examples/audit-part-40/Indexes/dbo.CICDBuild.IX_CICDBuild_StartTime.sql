CREATE NONCLUSTERED INDEX [IX_CICDBuild_StartTime]
    ON [dbo].[CICDBuild]([StartTime] ASC);
