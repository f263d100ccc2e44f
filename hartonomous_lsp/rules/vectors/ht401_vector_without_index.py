"""## What it does
Reports a `VECTOR(n)` column with no `CREATE VECTOR INDEX` on it anywhere in the deployed
project (post-deployment scripts included). A look-alike such as
`CREATE INDEX ... WITH (ALGORITHM = 'DiskANN')` is not a vector index and does not count.
Also reports, as errors, vector columns SQL Server rejects: in a memory-optimized table, with
more dimensions than the type allows (1998 for float32, 3996 for float16), or in a table with
a columnstore index (SSDT's SQL71666).

## Why is this bad?
Without a vector index, every `VECTOR_SEARCH` / `VECTOR_DISTANCE` nearest-neighbour query
computes the distance to every row: an exact k-NN scan whose cost grows with the table. A
DiskANN vector index answers approximately in a small, nearly constant number of reads.
The errors fail the build or the publish outright.

## Known problems
`CREATE VECTOR INDEX` is SQL Server 2025 (a preview feature there: the database needs
`ALTER DATABASE SCOPED CONFIGURATION SET PREVIEW_FEATURES = ON`) and Azure SQL. On older
targets the finding has no fix and says which version is needed.
The index has requirements of its own on the table: a single-column, integer, clustered
primary key. When the table does not meet them, the finding says what is missing and offers
no fix.
In an SSDT project with no post-deployment script, when several vector columns lack an index,
only the first finding creates the script: the others are fixed on the
next pass (`--fix` runs passes until nothing changes).

## Options
- `metric`: the distance metric of the index the fix writes: `cosine` (default),
  `euclidean` or `dot`. Use the one your queries pass to `VECTOR_DISTANCE` / `VECTOR_SEARCH`.

## Fix
In an SSDT project the index goes into the post-deployment script (the first one the
`.sqlproj` lists; if there is none, `Scripts/Script.PostDeployment.sql` is created and
registered as `<PostDeploy>`), guarded by `IF NOT EXISTS` on `sys.indexes` and by a count of
at least 100 non-null vectors. Why not in the table's file: a DiskANN index cannot be built
on fewer than 100 non-null vectors (Msg 42266), so when the index is part of the dacpac model,
a publish to an empty or new database fails while creating it (DacFx issue 799). The guarded
script creates it on the first deployment that finds enough data. In a plain folder of scripts
(no `.sqlproj`) the `CREATE VECTOR INDEX` follows the CREATE TABLE statement.

## Fix safety
The fix is unsafe: building a DiskANN index reads every vector and takes time, memory and
CPU at deployment, and on SQL Server 2025 it needs the PREVIEW_FEATURES database setting.

## References
- [CREATE VECTOR INDEX (Transact-SQL)](https://learn.microsoft.com/sql/t-sql/statements/create-vector-index-transact-sql)
- [Vector data type](https://learn.microsoft.com/sql/t-sql/data-types/vector-data-type)
- [Vector search and vector indexes](https://learn.microsoft.com/sql/relational-databases/vectors/vectors-sql-server)
- [DacFx issue 799: publishing a vector index to an empty database](https://github.com/microsoft/DacFx/issues/799)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...catalog.model import Table, TableColumn
from ...fixes.style import style_of
from ..base import UNSAFE, Context, Edit, Finding, Fix
from ..indexing.placement import after_table_edit, append_edit, register_edit

CODE = "HT401"
NAME = "vector-without-index"
SUMMARY = "A VECTOR column with no vector index in the deployed project"
SEVERITY = "warning"
FIX = "sometimes"
OPTIONS: dict[str, object] = {"metric": "cosine"}
BAD = """
CREATE TABLE dbo.Document (
    DocumentId INT NOT NULL CONSTRAINT PK_Document PRIMARY KEY CLUSTERED,
    Embedding VECTOR(1536) NULL
);
"""
GOOD = """
CREATE TABLE dbo.Document (
    DocumentId INT NOT NULL CONSTRAINT PK_Document PRIMARY KEY CLUSTERED,
    Embedding VECTOR(1536) NULL
);
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'VIX_Document_Embedding' AND object_id = OBJECT_ID(N'dbo.Document')) AND (SELECT COUNT(*) FROM dbo.Document WHERE Embedding IS NOT NULL) >= 100
BEGIN
    CREATE VECTOR INDEX VIX_Document_Embedding ON dbo.Document (Embedding) WITH (METRIC = 'cosine', TYPE = 'DiskANN');
END;
"""

VECTOR_TARGETS = ("sql2025", "azure-sql")
INTEGER_TYPES = frozenset({"INT", "BIGINT", "SMALLINT", "TINYINT"})
METRICS = ("cosine", "euclidean", "dot")
MAX_DIMENSIONS = {"FLOAT32": 1998, "FLOAT16": 3996}
POSTDEPLOY_PATH = Path("Scripts") / "Script.PostDeployment.sql"


def check(ctx: Context) -> Iterator[Finding]:
    creates_postdeploy = False  # one fix per pass may create the post-deployment script
    for table in sorted(ctx.catalog.real_tables(), key=lambda t: (t.path, t.definition.span)):
        for tc in table.columns:
            dtype = tc.column.data_type
            if dtype is None or dtype.name != "VECTOR":
                continue
            errors = list(_errors(ctx, table, tc))
            if errors:
                yield from errors
                continue
            if any(
                ti.index.kind == "vector"
                and ti.index.columns
                and ti.index.columns[0].name.lower() == tc.column.name.lower()
                for ti in table.indexes
            ):
                continue
            message = (
                f"VECTOR column {table.display}.{tc.column.name} has no vector index: every "
                f"nearest-neighbour search computes the distance to every row"
            )
            missing = _missing_requirements(table)
            fix = None
            if ctx.target not in VECTOR_TARGETS:
                message += (
                    f"; CREATE VECTOR INDEX needs SQL Server 2025 or Azure SQL "
                    f"(the target is {ctx.target})"
                )
            elif missing:
                message += f"; CREATE VECTOR INDEX cannot be added: {missing}"
            else:
                needs_new = ctx.sqlproj is not None and not ctx.sqlproj.postdeploy
                if not (needs_new and creates_postdeploy):
                    fix = _fix(ctx, table, tc)
                    creates_postdeploy = creates_postdeploy or (needs_new and fix is not None)
            yield ctx.finding(tc.path, tc.column.span, message, fix)


def _errors(ctx: Context, table: Table, tc: TableColumn) -> Iterator[Finding]:
    column, dtype = tc.column, tc.column.data_type
    assert dtype is not None
    where = f"{table.display}.{column.name}"
    if table.memory_optimized:
        yield ctx.finding(
            tc.path,
            column.span,
            f"VECTOR column {where} is in a memory-optimized table: memory-optimized tables "
            f"do not support the vector type; keep the vectors in a disk-based table",
            severity="error",
        )
    base = dtype.args[1].strip().upper() if len(dtype.args) > 1 else "FLOAT32"
    limit = MAX_DIMENSIONS.get(base)
    dims = dtype.args[0].strip() if dtype.args else ""
    if limit is not None and dims.isdigit() and int(dims) > limit:
        yield ctx.finding(
            tc.path,
            dtype.span,
            f"VECTOR({dims}) on {where} has more dimensions than {base.lower()} vectors "
            f"allow ({limit}): the CREATE TABLE fails",
            severity="error",
        )
    columnstore = next((ti for ti in table.indexes if ti.index.kind == "columnstore"), None)
    if columnstore is not None:
        yield ctx.finding(
            tc.path,
            column.span,
            f"VECTOR column {where} is in a table with columnstore index "
            f"{columnstore.index.name or ''}".rstrip()
            + ": columnstore indexes cannot hold vector columns (SQL71666); the build fails",
            severity="error",
        )


def _missing_requirements(table: Table) -> str | None:
    """What the table lacks for CREATE VECTOR INDEX: a single-column integer clustered PK."""
    pk = table.primary_key
    if pk is None:
        return (
            f"{table.display} has no primary key (it needs a single-column integer clustered one)"
        )
    columns = pk.constraint.columns
    if len(columns) != 1:
        return (
            f"the primary key of {table.display} has {len(columns)} columns "
            f"({', '.join(columns)}); it must be a single integer column"
        )
    column = table.column(columns[0])
    dtype = column.column.data_type if column is not None else None
    if dtype is None or dtype.name not in INTEGER_TYPES:
        return (
            f"the primary key column {columns[0]} of {table.display} is "
            f"{dtype if dtype is not None else 'of unknown type'}, not an integer type"
        )
    backing = next((ti for ti in table.indexes if ti.index.constraint == "PRIMARY KEY"), None)
    if backing is None or backing.index.kind != "clustered":
        return f"the primary key of {table.display} is not clustered"
    return None


def _fix(ctx: Context, table: Table, tc: TableColumn) -> Fix | None:
    metric = str(ctx.options.get("metric", "cosine")).lower()
    if metric not in METRICS:
        metric = "cosine"
    name = re.sub(r"[^A-Za-z0-9_]", "_", f"VIX_{table.name.name}_{tc.column.name}")
    sqlproj = ctx.sqlproj
    if sqlproj is None:
        source = ctx.file(table.path).source
        style = style_of(source)
        statement = _create(style, table, tc, name, metric)
        edits = [after_table_edit(source, table, statement)]
    else:
        edits = _postdeploy_edits(ctx, table, tc, name, metric)
    if not edits:
        return None
    return Fix(f"Create vector index {name} in a post-deployment step", UNSAFE, edits)


def _create(style, table: Table, tc: TableColumn, name: str, metric: str) -> str:
    return (
        f"{style.kw('CREATE VECTOR INDEX')} {style.name(name)} {style.kw('ON')} "
        f"{style.name(table.schema, table.name.name)} ({style.name(tc.column.name)}) "
        f"{style.kw('WITH')} (METRIC = '{metric}', TYPE = 'DiskANN');"
    )


def _guarded(style, table: Table, tc: TableColumn, name: str, metric: str) -> str:
    qualified = style.name(table.schema, table.name.name)
    plain = f"{table.schema}.{table.name.name}".replace("'", "''")
    column = style.name(tc.column.name)
    return style.lines(
        f"IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{name}' "
        f"AND object_id = OBJECT_ID(N'{plain}')) "
        f"AND (SELECT COUNT(*) FROM {qualified} WHERE {column} IS NOT NULL) >= 100",
        "BEGIN",
        f"{style.indent}{_create(style, table, tc, name, metric)}",
        "END;",
    )


def _postdeploy_edits(
    ctx: Context, table: Table, tc: TableColumn, name: str, metric: str
) -> list[Edit]:
    sqlproj = ctx.sqlproj
    existing = [p for p in sqlproj.postdeploy if p in ctx.loaded.files]
    if existing:
        path = existing[0]
        source = ctx.file(path).source
        style = style_of(source)
        return [append_edit(source, path, _guarded(style, table, tc, name, metric))]
    path = sqlproj.root / POSTDEPLOY_PATH
    style = style_of(ctx.file(table.path).source)
    block = _guarded(style, table, tc, name, metric)
    if path in ctx.loaded.files:  # the script exists, outside the model: append and register
        edit = append_edit(ctx.file(path).source, path, block)
    elif path.exists():
        return []
    else:
        header = "-- Post-deployment script: runs after every publish of the project."
        edit = Edit(path, 0, 0, f"{header}{style.newline}{style.newline}{block}{style.newline}")
    register = register_edit(sqlproj.path, path, "PostDeploy")
    if register is None:
        return []
    return [edit, register]
