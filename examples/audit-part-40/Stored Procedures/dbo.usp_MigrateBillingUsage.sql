-- Copies usage rows from the SCHEMA_ONLY in-memory ledger into the durable dbo.BillingUsageLedger,
-- one row per transaction, and records each attempt in dbo.BillingUsageLedger_Migrate_to_Ledger.
CREATE PROCEDURE [dbo].[usp_MigrateBillingUsage]
    @BatchSize     INT = 1000,
    @MigratedCount INT = 0 OUTPUT,
    @FailedCount   INT = 0 OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @LastUsageId    BIGINT = 0,
            @SourceUsageId  BIGINT,
            @MigrationId    BIGINT,
            @TenantId       INT,
            @OperationType  NVARCHAR(100),
            @Quantity       BIGINT,
            @UnitCost       DECIMAL(10,6),
            @TotalCost      DECIMAL(12,2),
            @ValidationHash NVARCHAR(128);

    SET @MigratedCount = 0;
    SET @FailedCount = 0;

    IF @BatchSize IS NULL OR @BatchSize <= 0
    BEGIN
        THROW 50020, N'@BatchSize must be a positive number of rows.', 1;
    END;

    IF @@TRANCOUNT > 0
    BEGIN
        THROW 50021, N'usp_MigrateBillingUsage manages its own transactions; do not call it inside one.', 1;
    END;

    -- A run that stopped between its 'pending' insert and its commit left rows behind: fail them.
    UPDATE [dbo].[BillingUsageLedger_Migrate_to_Ledger]
    SET    [MigrationStatus]    = N'failed',
           [MigrationTimestamp] = SYSUTCDATETIME(),
           [ErrorMessage]       = N'Abandoned by an interrupted migration run.'
    WHERE  [MigrationStatus] = N'pending'
      AND  [MigrationTimestamp] < DATEADD(HOUR, -1, SYSUTCDATETIME());

    WHILE @MigratedCount + @FailedCount < @BatchSize
    BEGIN
        SET @SourceUsageId = NULL;

        SELECT TOP (1)
               @SourceUsageId  = l.[UsageId],
               @TenantId       = l.[TenantId],
               @OperationType  = l.[OperationType],
               @Quantity       = l.[Quantity],
               @UnitCost       = l.[UnitCost],
               @TotalCost      = l.[TotalCost],
               @ValidationHash = CONVERT(NVARCHAR(128),
                                         HASHBYTES('SHA2_256',
                                                   CONCAT(l.[UsageId], N'|', l.[TenantId], N'|', l.[OperationType], N'|',
                                                          l.[Quantity], N'|', l.[UnitCost], N'|', l.[TotalCost])),
                                         2)
        FROM   [dbo].[BillingUsageLedger_InMemory] AS l WITH (SNAPSHOT)
        WHERE  l.[UsageId] > @LastUsageId
          AND  NOT EXISTS (SELECT 1
                           FROM   [dbo].[BillingUsageLedger_Migrate_to_Ledger] AS m
                           WHERE  m.[SourceUsageId] = l.[UsageId]
                             AND  m.[MigrationStatus] = N'completed')
        ORDER BY l.[UsageId];

        IF @SourceUsageId IS NULL
        BEGIN
            BREAK;
        END;

        SET @LastUsageId = @SourceUsageId;

        INSERT INTO [dbo].[BillingUsageLedger_Migrate_to_Ledger]
            ([SourceUsageId], [TargetUsageId], [TenantId], [OperationType], [Quantity], [UnitCost], [TotalCost],
             [MigrationStatus], [MigrationTimestamp], [ErrorMessage], [ValidationHash])
        VALUES
            (@SourceUsageId, NULL, @TenantId, @OperationType, @Quantity, @UnitCost, @TotalCost,
             N'pending', SYSUTCDATETIME(), NULL, @ValidationHash);

        SET @MigrationId = SCOPE_IDENTITY();

        BEGIN TRY
            BEGIN TRANSACTION;

            INSERT INTO [dbo].[BillingUsageLedger]
                ([UsageId], [TenantId], [OperationType], [UnitType], [Quantity], [UnitCost], [TotalCost],
                 [UsageTimestamp], [BillingPeriod], [IsBilled], [CorrelationId], [MetadataJson], [CreatedAt])
            SELECT l.[UsageId], l.[TenantId], l.[OperationType], l.[UnitType], l.[Quantity], l.[UnitCost], l.[TotalCost],
                   l.[UsageTimestamp], l.[BillingPeriod], l.[IsBilled], l.[CorrelationId], CAST(l.[MetadataJson] AS JSON), l.[CreatedAt]
            FROM   [dbo].[BillingUsageLedger_InMemory] AS l WITH (SNAPSHOT)
            WHERE  l.[UsageId] = @SourceUsageId;

            IF @@ROWCOUNT <> 1
            BEGIN
                THROW 50022, N'The source usage row disappeared before it could be copied.', 1;
            END;

            UPDATE [dbo].[BillingUsageLedger_Migrate_to_Ledger]
            SET    [TargetUsageId]      = @SourceUsageId,
                   [MigrationStatus]    = N'completed',
                   [MigrationTimestamp] = SYSUTCDATETIME()
            WHERE  [MigrationId] = @MigrationId
              AND  [MigrationStatus] = N'pending';

            COMMIT TRANSACTION;

            SET @MigratedCount += 1;
        END TRY
        BEGIN CATCH
            IF @@TRANCOUNT > 0
            BEGIN
                ROLLBACK TRANSACTION;
            END;

            UPDATE [dbo].[BillingUsageLedger_Migrate_to_Ledger]
            SET    [MigrationStatus]    = N'failed',
                   [MigrationTimestamp] = SYSUTCDATETIME(),
                   [ErrorMessage]       = CONCAT(N'Error ', ERROR_NUMBER(), N': ', ERROR_MESSAGE())
            WHERE  [MigrationId] = @MigrationId;

            SET @FailedCount += 1;
        END CATCH;
    END;

    RETURN 0;
END;
