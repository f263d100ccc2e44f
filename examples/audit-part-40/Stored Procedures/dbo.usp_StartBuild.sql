-- Queues a new CI/CD build and hands out the next build number of its pipeline.
CREATE PROCEDURE [dbo].[usp_StartBuild]
    @PipelineId  NVARCHAR(100),
    @BranchName  NVARCHAR(100),
    @CommitHash  NVARCHAR(64),
    @BuildUrl    NVARCHAR(500),
    @Environment NVARCHAR(50),
    @TriggeredBy NVARCHAR(100),
    @BuildId     BIGINT = NULL OUTPUT,
    @BuildNumber INT    = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    DECLARE @Now DATETIME2 = SYSUTCDATETIME();

    BEGIN TRY
        BEGIN TRANSACTION;

        -- UPDLOCK + HOLDLOCK: two runs of the same pipeline never get the same number.
        SELECT @BuildNumber = COALESCE(MAX(b.[BuildNumber]), 0) + 1
        FROM   [dbo].[CICDBuild] AS b WITH (UPDLOCK, HOLDLOCK)
        WHERE  b.[PipelineId] = @PipelineId;

        INSERT INTO [dbo].[CICDBuild]
            ([PipelineId], [BuildNumber], [BuildStatus], [BranchName], [CommitHash], [BuildUrl],
             [StartTime], [EndTime], [DurationSeconds], [ArtifactPath], [DeploymentStatus],
             [Environment], [TriggeredBy], [UpdatedAt])
        VALUES
            (@PipelineId, @BuildNumber, 'queued', @BranchName, @CommitHash, @BuildUrl,
             @Now, NULL, 0, N'', NULL,
             @Environment, @TriggeredBy, @Now);

        SET @BuildId = SCOPE_IDENTITY();

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
