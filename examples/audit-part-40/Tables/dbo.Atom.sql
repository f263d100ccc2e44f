-- Base atom: one content-addressed unit of ingested content; specialised by dbo.CodeAtom.
CREATE TABLE [dbo].[Atom] (
    [AtomId]      BIGINT        IDENTITY (1, 1) NOT NULL,
    [ContentHash] BINARY(32)    NOT NULL,
    [Modality]    NVARCHAR(50)  NOT NULL,
    [ByteLength]  BIGINT        NOT NULL,
    [CreatedAt]   DATETIME2     NOT NULL CONSTRAINT [DF_Atom_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_Atom] PRIMARY KEY CLUSTERED ([AtomId] ASC),
    CONSTRAINT [UQ_Atom_ContentHash] UNIQUE NONCLUSTERED ([ContentHash] ASC),
    CONSTRAINT [CK_Atom_ByteLength] CHECK ([ByteLength] >= 0)
);
