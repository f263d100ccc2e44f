-- Layers of a registered model, in execution order; activations are cached per layer.
CREATE TABLE [dbo].[ModelLayer] (
    [LayerId]        INT            IDENTITY (1, 1) NOT NULL,
    [ModelId]        INT            NOT NULL,
    [LayerIndex]     INT            NOT NULL,
    [LayerName]      NVARCHAR(200)  NOT NULL,
    [LayerType]      NVARCHAR(50)   NOT NULL,
    [ParameterCount] BIGINT         NOT NULL,
    [CreatedAt]      DATETIME2      NOT NULL CONSTRAINT [DF_ModelLayer_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_ModelLayer] PRIMARY KEY CLUSTERED ([LayerId] ASC),
    CONSTRAINT [FK_ModelLayer_Model] FOREIGN KEY ([ModelId]) REFERENCES [dbo].[Model] ([ModelId]),
    CONSTRAINT [CK_ModelLayer_LayerIndex] CHECK ([LayerIndex] >= 0)
);
