CREATE NONCLUSTERED INDEX [IX_CdcCheckpoint_IsActive]
    ON [dbo].[CdcCheckpoint]([IsActive] ASC);
