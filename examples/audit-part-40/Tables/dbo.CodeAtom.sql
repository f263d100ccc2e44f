-- Code snippet atomization for AI-generated code tracking:
-- a code atom extends dbo.Atom with language, structure and a semantic embedding.
CREATE TABLE [dbo].[CodeAtom] (
    [CodeAtomId]      BIGINT         IDENTITY (1, 1) NOT NULL,
    [AtomId]          BIGINT         NOT NULL,
    [Language]        NVARCHAR(50)   NOT NULL,
    [CodeSnippet]     NVARCHAR(MAX)  NOT NULL,
    [FunctionName]    NVARCHAR(256)  NULL,
    [ClassName]       NVARCHAR(256)  NULL,
    [ComplexityScore] DECIMAL(5,2)   NOT NULL,
    [EmbeddingVector] VECTOR(1536)   NOT NULL,
    [TokenCount]      INT            NOT NULL,
    [IsValidSyntax]   BIT            NOT NULL,
    [CreatedAt]       DATETIME2      NOT NULL CONSTRAINT [DF_CodeAtom_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]       DATETIME2      NOT NULL,
    CONSTRAINT [PK_CodeAtom] PRIMARY KEY CLUSTERED ([CodeAtomId] ASC),
    CONSTRAINT [FK_CodeAtom_Atom] FOREIGN KEY ([AtomId]) REFERENCES [dbo].[Atom] ([AtomId])
);
