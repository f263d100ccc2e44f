CREATE NONCLUSTERED INDEX [IX_CdcCheckpoint_RetryCount]
    ON [dbo].[CdcCheckpoint]([RetryCount] ASC);
