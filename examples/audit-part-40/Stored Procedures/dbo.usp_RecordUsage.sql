-- Records one billable operation in the in-memory usage ledger (the hot write path).
CREATE PROCEDURE [dbo].[usp_RecordUsage]
    @TenantId       INT,
    @OperationType  NVARCHAR(100),
    @UnitType       NVARCHAR(50),
    @Quantity       BIGINT,
    @UnitCost       DECIMAL(10,6),
    @UsageTimestamp DATETIME2      = NULL,
    @CorrelationId  NVARCHAR(128)  = NULL,
    @MetadataJson   NVARCHAR(MAX)  = NULL,
    @UsageId        BIGINT         = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @BillingPeriod NVARCHAR(20),
            @TotalCost     DECIMAL(12,2);

    BEGIN TRY
        IF @Quantity IS NULL OR @Quantity <= 0
        BEGIN
            THROW 50010, N'Quantity must be a positive number of units.', 1;
        END;

        IF @MetadataJson IS NOT NULL AND ISJSON(@MetadataJson) = 0
        BEGIN
            THROW 50011, N'MetadataJson is not a valid JSON document.', 1;
        END;

        SET @UsageTimestamp = COALESCE(@UsageTimestamp, SYSUTCDATETIME());

        -- Callers may pass the correlation id and the billing period inside the metadata document.
        SET @CorrelationId = COALESCE(@CorrelationId, JSON_VALUE(@MetadataJson, '$.correlationId'));
        SET @BillingPeriod = COALESCE(JSON_VALUE(@MetadataJson, '$.billingPeriod'),
                                      CONVERT(NVARCHAR(7), @UsageTimestamp, 126));   -- yyyy-mm

        SET @TotalCost = CAST(@Quantity * @UnitCost AS DECIMAL(12,2));

        -- A negotiated discount travels with the request, e.g. {"discountPct": 12.5}.
        IF JSON_VALUE(@MetadataJson, '$.discountPct') IS NOT NULL
        BEGIN
            SET @TotalCost -= CAST(@TotalCost * COALESCE(TRY_CAST(JSON_VALUE(@MetadataJson, '$.discountPct') AS DECIMAL(5,2)), 0) / 100
                                   AS DECIMAL(12,2));
        END;

        INSERT INTO [dbo].[BillingUsageLedger_InMemory]
            ([TenantId], [OperationType], [UnitType], [Quantity], [UnitCost], [TotalCost],
             [UsageTimestamp], [BillingPeriod], [IsBilled], [CorrelationId], [MetadataJson])
        VALUES
            (@TenantId, @OperationType, @UnitType, @Quantity, @UnitCost, @TotalCost,
             @UsageTimestamp, @BillingPeriod, 0, @CorrelationId, @MetadataJson);

        SET @UsageId = SCOPE_IDENTITY();
    END TRY
    BEGIN CATCH
        THROW;
    END CATCH;

    RETURN 0;
END;
