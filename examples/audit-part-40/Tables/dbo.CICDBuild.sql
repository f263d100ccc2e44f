-- CI/CD build tracking with deployment correlation:
-- one row per pipeline run, from 'queued' to its build and deployment outcome.
CREATE TABLE [dbo].[CICDBuild] (
    [BuildId]          BIGINT         IDENTITY (1, 1) NOT NULL,
    [PipelineId]       NVARCHAR(100)  NOT NULL,
    [BuildNumber]      INT            NOT NULL,
    [BuildStatus]      NVARCHAR(50)   NOT NULL,
    [BranchName]       NVARCHAR(100)  NOT NULL,
    [CommitHash]       NVARCHAR(64)   NOT NULL,
    [BuildUrl]         NVARCHAR(500)  NOT NULL,
    [StartTime]        DATETIME2      NOT NULL,
    [EndTime]          DATETIME2      NULL,
    [DurationSeconds]  INT            NOT NULL,
    [ArtifactPath]     NVARCHAR(500)  NOT NULL,
    [DeploymentStatus] NVARCHAR(50)   NULL,
    [Environment]      NVARCHAR(50)   NOT NULL,
    [TriggeredBy]      NVARCHAR(100)  NOT NULL,
    [CreatedAt]        DATETIME2      NOT NULL CONSTRAINT [DF_CICDBuild_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]        DATETIME2      NOT NULL,
    CONSTRAINT [PK_CICDBuild] PRIMARY KEY CLUSTERED ([BuildId] ASC),
    CONSTRAINT [UQ_CICDBuild_Pipeline_BuildNumber] UNIQUE NONCLUSTERED ([PipelineId] ASC, [BuildNumber] ASC)
);
