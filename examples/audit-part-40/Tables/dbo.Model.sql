-- Registered AI models: the parent of dbo.ModelLayer and of cached activations.
CREATE TABLE [dbo].[Model] (
    [ModelId]      INT            IDENTITY (1, 1) NOT NULL,
    [ModelName]    NVARCHAR(200)  NOT NULL,
    [ModelVersion] NVARCHAR(50)   NOT NULL,
    [Architecture] NVARCHAR(100)  NOT NULL,
    [Status]       NVARCHAR(20)   NOT NULL CONSTRAINT [DF_Model_Status] DEFAULT (N'draft'),
    [CreatedAt]    DATETIME2      NOT NULL CONSTRAINT [DF_Model_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_Model] PRIMARY KEY CLUSTERED ([ModelId] ASC),
    CONSTRAINT [UQ_Model_ModelName_ModelVersion] UNIQUE NONCLUSTERED ([ModelName] ASC, [ModelVersion] ASC),
    CONSTRAINT [CK_Model_Status] CHECK ([Status] IN (N'draft', N'active', N'retired'))
);
