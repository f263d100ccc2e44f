CREATE NONCLUSTERED INDEX [IX_CdcCheckpoint_LastProcessedTimestamp]
    ON [dbo].[CdcCheckpoint]([LastProcessedTimestamp] ASC);
