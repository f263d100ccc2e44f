-- Usage and cost per tenant and operation for one region and billing period.
-- The region is only known inside the usage metadata document.
CREATE PROCEDURE [dbo].[usp_GetUsageByRegion]
    @Region        NVARCHAR(50),
    @BillingPeriod NVARCHAR(20),
    @TenantId      INT = NULL
AS
BEGIN
    SET NOCOUNT ON;

    IF @Region IS NULL OR @BillingPeriod IS NULL
    BEGIN
        THROW 50030, N'@Region and @BillingPeriod are required.', 1;
    END;

    SELECT   l.[TenantId],
             l.[OperationType],
             l.[UnitType],
             COUNT_BIG(*)          AS [UsageCount],
             SUM(l.[Quantity])     AS [TotalQuantity],
             SUM(l.[TotalCost])    AS [TotalAmount],
             MIN(l.[UsageTimestamp]) AS [FirstUsageAt],
             MAX(l.[UsageTimestamp]) AS [LastUsageAt]
    FROM     [dbo].[BillingUsageLedger_InMemory] AS l
    WHERE    l.[BillingPeriod] = @BillingPeriod
      AND    (@TenantId IS NULL OR l.[TenantId] = @TenantId)
      AND    JSON_VALUE(l.[MetadataJson], '$.region') = @Region
    GROUP BY l.[TenantId], l.[OperationType], l.[UnitType]
    ORDER BY SUM(l.[TotalCost]) DESC;

    RETURN 0;
END;
