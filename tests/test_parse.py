"""The DDL grammar on the forms sqlglot 30 fails on or gets silently wrong."""

from __future__ import annotations

from hartonomous_lsp.catalog.model import build_catalog
from hartonomous_lsp.parse.script import parse_text


def _catalog(sql: str):
    parsed = parse_text(sql)
    assert not parsed.errors, parsed.errors
    return parsed, build_catalog([("f.sql", parsed)])


def test_memory_optimized_inline_hash_indexes() -> None:
    sql = """CREATE TABLE [dbo].[Ledger] (
    [UsageId] BIGINT IDENTITY (1, 1) NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 1048576),
    [TenantId] INT NOT NULL INDEX IX_T NONCLUSTERED HASH WITH (BUCKET_COUNT = 1024),
    [When] DATETIME2 (7) NOT NULL,
    INDEX [IX_When] NONCLUSTERED ([When] DESC),
    INDEX IX_Hash HASH ([TenantId], [When]) WITH (BUCKET_COUNT = 64)
) WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);"""
    _, catalog = _catalog(sql)
    table = catalog.table("dbo.Ledger")
    assert [c.column.name for c in table.columns] == ["UsageId", "TenantId", "When"]
    assert table.memory_optimized and table.durability == "SCHEMA_ONLY"
    kinds = {i.index.name: (i.index.kind, i.key_names) for i in table.indexes}
    assert kinds == {
        "IX_T": ("hash", ["TenantId"]),
        "IX_When": ("nonclustered", ["When"]),
        "IX_Hash": ("hash", ["TenantId", "When"]),
        None: ("hash", ["UsageId"]),
    }
    assert str(table.column("When").column.data_type) == "DATETIME2(7)"
    assert sql[slice(*table.column("TenantId").column.name_span)] == "[TenantId]"


def test_table_level_index_is_not_a_column_and_as_node_is_not_ctas() -> None:
    sql = """CREATE TABLE dbo.Person (
    Id INT NOT NULL,
    Name NVARCHAR(100) NULL,
    INDEX ix NONCLUSTERED (Name),
    CONSTRAINT PK_Person PRIMARY KEY NONCLUSTERED (Id)
) AS NODE;
CREATE TABLE dbo.Knows (Since DATE NULL, CONSTRAINT EC_Knows CONNECTION (dbo.Person TO dbo.Person)) AS EDGE;"""
    _, catalog = _catalog(sql)
    person = catalog.table("dbo.Person")
    assert [c.column.name for c in person.columns] == ["Id", "Name"]
    assert person.graph == "NODE"
    assert catalog.table("dbo.Knows").graph == "EDGE"
    assert [i.index.name for i in person.indexes] == ["ix", "PK_Person"]


def test_column_forms_sqlglot_fails_on() -> None:
    sql = """CREATE TABLE Sales.Card (
    CardId UNIQUEIDENTIFIER ROWGUIDCOL NOT NULL CONSTRAINT DF_Card DEFAULT (NEWSEQUENTIALID()),
    Number NVARCHAR(20) MASKED WITH (FUNCTION = 'partial(0,"XXXX-",4)') NULL,
    Ssn CHAR(11) COLLATE Latin1_General_BIN2 ENCRYPTED WITH (COLUMN_ENCRYPTION_KEY = CEK1,
        ENCRYPTION_TYPE = DETERMINISTIC, ALGORITHM = 'AEAD_AES_256_CBC_HMAC_SHA_256') NOT NULL,
    Notes NVARCHAR(MAX) SPARSE NULL,
    Embedding VECTOR(1536, float16) NULL,
    Doc JSON NULL,
    Total AS (Qty * Price) PERSISTED,
    Qty INT NOT NULL, Price MONEY NOT NULL,
    ValidFrom DATETIME2 GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
    ValidTo DATETIME2 GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
    PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo),
    CONSTRAINT PK_Card PRIMARY KEY CLUSTERED (CardId) ON ps_Card(CardId),
    INDEX IX_F NONCLUSTERED (Qty) INCLUDE (Price) WHERE Qty > 0,
    INDEX CCI CLUSTERED COLUMNSTORE
) ON ps_Card(CardId) TEXTIMAGE_ON [PRIMARY]
WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = Sales.Card_History, DATA_CONSISTENCY_CHECK = ON),
      LEDGER = ON (APPEND_ONLY = OFF));"""
    _, catalog = _catalog(sql)
    t = catalog.table("Sales.Card")
    col = {c.column.name: c.column for c in t.columns}
    assert list(col) == [
        "CardId",
        "Number",
        "Ssn",
        "Notes",
        "Embedding",
        "Doc",
        "Total",
        "Qty",
        "Price",
        "ValidFrom",
        "ValidTo",
    ]
    assert col["CardId"].rowguidcol and col["Ssn"].encrypted and col["Notes"].sparse
    assert col["Number"].masked == 'partial(0,"XXXX-",4)'
    assert str(col["Embedding"].data_type) == "VECTOR(1536,float16)"
    assert str(col["Doc"].data_type) == "JSON"
    assert col["Total"].computed == "(Qty * Price)" and col["Total"].persisted
    assert col["ValidFrom"].generated == "ROW START" and col["ValidFrom"].hidden
    assert t.temporal and t.history_table.display() == "Sales.Card_History"
    assert t.period == ("ValidFrom", "ValidTo") and t.ledger
    assert t.definition.partition_scheme == "ps_Card"
    ix = {i.index.name: i.index for i in t.indexes}
    assert ix["IX_F"].include == ("Price",) and ix["IX_F"].filter == "Qty > 0"
    assert ix["CCI"].kind == "columnstore" and ix["CCI"].clustered


def test_create_index_forms_inside_control_flow() -> None:
    sql = """CREATE TABLE dbo.Doc (Id INT NOT NULL PRIMARY KEY, Body JSON NULL, V VECTOR(3) NULL, X XML NULL);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'VIX')
BEGIN
    CREATE VECTOR INDEX VIX ON dbo.Doc (V) WITH (METRIC = 'cosine', TYPE = 'DiskANN');
END
GO
CREATE JSON INDEX JIX ON dbo.Doc (Body) FOR ('$.a', '$.b');
CREATE PRIMARY XML INDEX PXML ON dbo.Doc (X);
CREATE UNIQUE NONCLUSTERED INDEX UX ON dbo.Doc (Id DESC) WITH (ONLINE = ON) ON [PRIMARY];
CREATE INDEX Lookalike ON dbo.Doc (V) WITH (ALGORITHM = 'DiskANN');"""
    _, catalog = _catalog(sql)
    ix = {i.index.name: i.index for i in catalog.table("dbo.Doc").indexes}
    assert ix["VIX"].kind == "vector" and ix["VIX"].options["METRIC"] == "'cosine'"
    assert ix["JIX"].kind == "json" and ix["PXML"].kind == "xml"
    assert ix["UX"].unique and ix["UX"].columns[0].descending
    assert ix["Lookalike"].kind == "nonclustered"


def test_alter_table_with_nocheck_and_default_for() -> None:
    sql = """CREATE TABLE dbo.A (Id INT NOT NULL CONSTRAINT PK_A PRIMARY KEY);
CREATE TABLE dbo.B (Id INT NOT NULL, AId INT NULL, Status NVARCHAR(10) NULL);
GO
ALTER TABLE dbo.B WITH NOCHECK ADD CONSTRAINT FK_B_A FOREIGN KEY (AId) REFERENCES dbo.A (Id)
    ON DELETE CASCADE;
ALTER TABLE dbo.B ADD CONSTRAINT DF_B_Status DEFAULT (N'new') FOR Status;
ALTER TABLE dbo.B WITH CHECK ADD CONSTRAINT CK_B CHECK (Status IN (N'new', N'done'));
ALTER TABLE dbo.B ADD Extra INT NULL, CONSTRAINT UQ_B UNIQUE (Extra);
ALTER TABLE dbo.B CHECK CONSTRAINT FK_B_A;"""
    parsed, catalog = _catalog(sql)
    b = catalog.table("dbo.B")
    cons = {c.constraint.name: c.constraint for c in b.constraints}
    assert cons["FK_B_A"].nocheck and cons["FK_B_A"].ref_table.display() == "dbo.A"
    assert cons["FK_B_A"].on_delete == "CASCADE"
    assert cons["DF_B_Status"].columns == ("Status",)
    assert cons["CK_B"].expression == "Status IN (N'new', N'done')" and not cons["CK_B"].nocheck
    assert [c.column.name for c in b.columns] == ["Id", "AId", "Status", "Extra"]
    assert [s.message for s in parsed.skipped] == ["ALTER TABLE CHECK"]


def test_procedure_bodies_sqlglot_cannot_parse_still_yield_usage() -> None:
    sql = """CREATE PROCEDURE dbo.Run @Status AS NVARCHAR(20) = N'queued' AS
BEGIN
    SET NOCOUNT ON;
    SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
    DECLARE @n INT = 0;
    SET @n += 1;
    BEGIN TRY
        UPDATE b SET BuildStatus = CASE WHEN @n > 0 THEN 'succeeded' ELSE 'failed' END
        FROM dbo.Build AS b WHERE b.BuildStatus IN ('queued', 'running');
        INSERT INTO dbo.Build (BuildStatus, Meta) VALUES ('queued', N'{}');
        SELECT JSON_VALUE(b.Meta, '$.x') FROM dbo.Build b WHERE ISJSON(Meta) = 1;
        RAISERROR ('x', 10, 1) WITH NOWAIT;
        IF @n > 1 RETURN;
    END TRY
    BEGIN CATCH
        THROW;
    END CATCH
END"""
    parsed = parse_text(sql)
    assert not parsed.errors
    [module] = parsed.modules
    assert module.kind == "PROCEDURE" and module.name.display() == "dbo.Run"
    values = sorted(
        {(v.column, v.value) for v in module.usage.values if v.tables == (("dbo", "build"),)}
    )
    assert values == [
        ("BuildStatus", "failed"),
        ("BuildStatus", "queued"),
        ("BuildStatus", "running"),
        ("BuildStatus", "succeeded"),
        ("Meta", "{}"),
    ]
    assert {(j.column, j.function) for j in module.usage.json} == {
        ("Meta", "JSON_VALUE"),
        ("Meta", "ISJSON"),
    }
    assert {r.name.display() for r in module.usage.tables} == {"dbo.Build"}


def test_broken_statement_reports_and_rest_of_file_survives() -> None:
    sql = "CREATE TABLE dbo.Bad (\n  Id INT NOT NULL,\n  Total DECIMAL(12, 2 NOT NULL\n);\nGO\nCREATE TABLE dbo.Good (Id INT NOT NULL);\n"
    parsed = parse_text(sql)
    assert len(parsed.errors) == 1
    assert sql[: parsed.errors[0].span[0]].count("\n") == 2  # line 3, where it breaks
    assert [t.name.name for t in parsed.tables] == ["Good"]


def test_typo_in_create_is_reported() -> None:
    parsed = parse_text("CRAETE TABLE dbo.X (Id INT);\n")
    assert parsed.errors and "did you mean CREATE" in parsed.errors[0].message


def test_ctas_and_unknown_objects_are_skipped_not_guessed() -> None:
    parsed = parse_text(
        "CREATE TABLE dbo.X WITH (DISTRIBUTION = ROUND_ROBIN) AS SELECT 1 AS a;\nCREATE SCHEMA Sales;\n"
    )
    assert not parsed.errors and not parsed.tables
    assert parsed.skipped[0].message.startswith("CREATE TABLE AS SELECT")
    assert parsed.others[0].kind == "SCHEMA"


def test_check_values_read_by_sqlglot() -> None:
    from hartonomous_lsp.parse.expressions import check_values

    assert check_values("[Status] IN (N'new', N'done')") == {"status": ("new", "done")}
    assert check_values("(Status = 'a' OR ([Status] = 'b'))") == {"status": ("a", "b")}
    assert check_values("[Qty] > 0 AND [Price] >= 0") == {}
    assert check_values("ISJSON([Doc]) = 1") == {}
    assert check_values("Status IN (") is None
