-- Moves a consumer group's CDC checkpoint forward after a batch, or records a failed attempt.
-- The retry limit lives in the checkpoint's metadata document ({"maxRetries": 5}).
CREATE PROCEDURE [dbo].[usp_AdvanceCdcCheckpoint]
    @ConsumerGroup    NVARCHAR(100),
    @PartitionId      INT,
    @LastProcessedLSN BINARY(10),
    @SequenceNumber   BIGINT,
    @BatchRowCount    INT           = NULL,
    @ErrorMessage     NVARCHAR(MAX) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @Now        DATETIME2 = SYSUTCDATETIME(),
            @CurrentLSN BINARY(10),
            @MaxRetries INT;

    BEGIN TRY
        BEGIN TRANSACTION;

        SELECT @CurrentLSN = c.[LastProcessedLSN],
               @MaxRetries = COALESCE(TRY_CAST(JSON_VALUE(c.[MetadataJson], '$.maxRetries') AS INT), 5)
        FROM   [dbo].[CdcCheckpoint] AS c WITH (UPDLOCK, HOLDLOCK)
        WHERE  c.[ConsumerGroup] = @ConsumerGroup
          AND  c.[PartitionId] = @PartitionId;

        IF @@ROWCOUNT = 0
        BEGIN
            INSERT INTO [dbo].[CdcCheckpoint]
                ([ConsumerGroup], [PartitionId], [LastProcessedLSN], [LastProcessedTimestamp], [SequenceNumber],
                 [RetryCount], [LastErrorMessage], [IsActive], [UpdatedAt], [MetadataJson])
            VALUES
                (@ConsumerGroup, @PartitionId, @LastProcessedLSN, @Now, @SequenceNumber,
                 CASE WHEN @ErrorMessage IS NULL THEN 0 ELSE 1 END, @ErrorMessage, 1, @Now,
                 JSON_OBJECT('maxRetries': 5, 'lastBatchRowCount': @BatchRowCount));

            COMMIT TRANSACTION;
            RETURN 0;
        END;

        IF @ErrorMessage IS NOT NULL
        BEGIN
            -- Failed batch: keep the old position, count the retry, park the partition at the limit.
            UPDATE [dbo].[CdcCheckpoint]
            SET    [RetryCount] += 1,
                   [LastErrorMessage] = @ErrorMessage,
                   [IsActive] = CASE WHEN [RetryCount] + 1 >= @MaxRetries THEN 0 ELSE 1 END,
                   [UpdatedAt] = @Now
            WHERE  [ConsumerGroup] = @ConsumerGroup
              AND  [PartitionId] = @PartitionId;

            COMMIT TRANSACTION;
            RETURN 1;
        END;

        IF @LastProcessedLSN < @CurrentLSN
        BEGIN
            THROW 50040, N'A CDC checkpoint cannot move back to an earlier LSN.', 1;
        END;

        UPDATE [dbo].[CdcCheckpoint]
        SET    [LastProcessedLSN]       = @LastProcessedLSN,
               [LastProcessedTimestamp] = @Now,
               [SequenceNumber]         = @SequenceNumber,
               [RetryCount]             = 0,
               [LastErrorMessage]       = NULL,
               [IsActive]               = 1,
               [UpdatedAt]              = @Now,
               [MetadataJson]           = JSON_MODIFY(COALESCE([MetadataJson], N'{}'), '$.lastBatchRowCount', @BatchRowCount)
        WHERE  [ConsumerGroup] = @ConsumerGroup
          AND  [PartitionId] = @PartitionId;

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
        BEGIN
            ROLLBACK TRANSACTION;
        END;

        THROW;
    END CATCH;

    RETURN 0;
END;
