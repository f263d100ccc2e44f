-- Evicts expired or stale cached activations in batches: least recently accessed first,
-- and among equally stale entries the least hit. Returns how many rows and bytes were freed.
CREATE PROCEDURE [dbo].[usp_EvictCachedActivations]
    @Cutoff       DATETIME2 = NULL,
    @BatchSize    INT       = 1000,
    @MaxBatches   INT       = 50,
    @EvictedCount INT       = 0 OUTPUT,
    @BytesFreed   BIGINT    = 0 OUTPUT
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @Batch   INT = 0,
            @Deleted INT = 1;
    DECLARE @Freed TABLE ([MemoryUsageBytes] BIGINT NOT NULL);

    SET @Cutoff = COALESCE(@Cutoff, DATEADD(DAY, -7, SYSUTCDATETIME()));
    SET @EvictedCount = 0;
    SET @BytesFreed = 0;

    IF @BatchSize IS NULL OR @BatchSize <= 0 OR @MaxBatches IS NULL OR @MaxBatches <= 0
    BEGIN
        RETURN 0;
    END;

    BEGIN TRY
        WHILE @Deleted > 0 AND @Batch < @MaxBatches
        BEGIN
            DELETE FROM @Freed;

            WITH [Victims] AS
            (
                SELECT TOP (@BatchSize)
                       ca.[CacheId],
                       ca.[MemoryUsageBytes]
                FROM   [dbo].[CachedActivation] AS ca
                WHERE  ca.[ExpiresAt] < SYSUTCDATETIME()
                   OR  ca.[LastAccessed] < @Cutoff
                ORDER BY ca.[LastAccessed] ASC, ca.[HitCount] ASC
            )
            DELETE FROM [Victims]
            OUTPUT deleted.[MemoryUsageBytes] INTO @Freed ([MemoryUsageBytes]);

            SET @Deleted = @@ROWCOUNT;
            SET @EvictedCount += @Deleted;
            SET @BytesFreed += COALESCE((SELECT SUM(f.[MemoryUsageBytes]) FROM @Freed AS f), 0);
            SET @Batch += 1;
        END;
    END TRY
    BEGIN CATCH
        THROW;
    END CATCH;

    RETURN 0;
END;
