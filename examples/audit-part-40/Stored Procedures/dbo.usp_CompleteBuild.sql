-- Records the outcome of a CI/CD build and, when it was deployed, of its deployment.
-- @DeploymentSucceeded: NULL = not deployed, 1 = deployed, 0 = deployment rolled back.
CREATE PROCEDURE [dbo].[usp_CompleteBuild]
    @BuildId             BIGINT,
    @Succeeded           BIT,
    @ArtifactPath        NVARCHAR(500) = NULL,
    @DeploymentSucceeded BIT           = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @Now           DATETIME2 = SYSUTCDATETIME(),
            @CurrentStatus NVARCHAR(50);

    BEGIN TRY
        BEGIN TRANSACTION;

        SELECT @CurrentStatus = b.[BuildStatus]
        FROM   [dbo].[CICDBuild] AS b WITH (UPDLOCK, HOLDLOCK)
        WHERE  b.[BuildId] = @BuildId;

        IF @CurrentStatus IS NULL
        BEGIN
            THROW 50050, N'No CI/CD build has this BuildId.', 1;
        END;

        IF @CurrentStatus NOT IN ('queued', 'running')
        BEGIN
            -- Already completed: agents retry their completion call, so this is not an error.
            COMMIT TRANSACTION;
            RETURN 1;
        END;

        IF @CurrentStatus = 'queued'
        BEGIN
            -- The agent never reported the build as started: record that it ran.
            UPDATE [dbo].[CICDBuild]
            SET    [BuildStatus] = 'running',
                   [UpdatedAt]   = @Now
            WHERE  [BuildId] = @BuildId;
        END;

        UPDATE [dbo].[CICDBuild]
        SET    [BuildStatus]      = CASE WHEN @Succeeded = 1 THEN 'succeeded' ELSE 'failed' END,
               [EndTime]          = @Now,
               [DurationSeconds]  = DATEDIFF(SECOND, [StartTime], @Now),
               [ArtifactPath]     = COALESCE(@ArtifactPath, [ArtifactPath]),
               [DeploymentStatus] = CASE
                                        WHEN @DeploymentSucceeded IS NULL THEN [DeploymentStatus]
                                        WHEN @DeploymentSucceeded = 1 AND @Succeeded = 1 THEN 'deployed'
                                        ELSE 'rolled_back'
                                    END,
               [UpdatedAt]        = @Now
        WHERE  [BuildId] = @BuildId
          AND  [BuildStatus] IN ('queued', 'running');

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
