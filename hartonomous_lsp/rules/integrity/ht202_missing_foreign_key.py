"""## What it does
Reports a column named like a key of another table of the project (`<Name>Id` or
`<Name>ID`) that has no FOREIGN KEY. The referenced table is found, in this order of
certainty:
- a table named `Name` or its plural (`Names`, `Addresses`, `Countries`) whose primary key
  is a single column (in the same schema if there is one there);
- a table whose single-column primary key column has the very same name as the column;
- for a role-prefixed column such as `SourceUsageId` or `ManagerEmployeeId`, the one table
  whose single-column primary key column name (`UsageId`) ends the column's name at a word
  boundary. When more than one table qualifies, the rule stays quiet.

A table's own single-column primary key column, table types and temporal history tables
(which may have no constraints) are never reported, nor is a table that repeats nearly all
the columns of the referenced table (a staging, scratch, archive or in-memory copy of it:
its key column holds rows on their way in or out, not references).

## Why is this bad?
Without the constraint SQL Server accepts any value: an id that never existed, or one whose
row is deleted later, leaving orphans that joins silently drop. The optimizer also cannot
use a trusted foreign key to remove joins. Declaring it makes SQL Server check every INSERT,
UPDATE and DELETE on both sides.

## Known problems
The match is by name. A column that only looks like a key (an external system's id that
happens to share a table's name) is reported too: suppress it with `-- noqa: HT202`.
No fix is offered where SQL Server would refuse the constraint: the column's type differs
from the primary key's (`INT` against `BIGINT` too), or one table is memory-optimized and
the other is not (a memory-optimized table's foreign keys may only reference primary keys of
memory-optimized tables, and disk-based tables cannot reference memory-optimized ones).

## Fix safety
The fix adds `CONSTRAINT FK_<Table>_<RefTable>[_<Column>] FOREIGN KEY ([Column]) REFERENCES
<schema>.<RefTable> ([PkColumn])` to the CREATE TABLE and, unless an index of the table
already leads with the column, the index that HT502 asks for on a foreign key
(`IX_<Table>_<Column>`, placed where the project keeps the table's indexes), so that the new
constraint does not make every DELETE on the referenced table scan this one. It is unsafe:
publishing it fails (or leaves an untrusted constraint) when existing rows hold ids that the
referenced table does not have, and from then on deleting a referenced row fails while rows
point to it. The index changes no data; building it takes time on a large table.

## References
- [SQL Server: Primary and foreign key constraints](https://learn.microsoft.com/sql/relational-databases/tables/primary-and-foreign-key-constraints)
- [SQL Server: Memory-optimized tables, supported constraints](https://learn.microsoft.com/sql/relational-databases/in-memory-oltp/unsupported-sql-server-features-for-in-memory-oltp)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...catalog.model import Catalog, Table, TableColumn
from ...fixes.table_edits import add_table_element
from ...parse.nodes import Column
from ..base import UNSAFE, Context, Finding, Fix
from ..indexing.fk_index import foreign_key_index, supported
from ._elements import (
    declared_in_create,
    history_tables,
    quote_column,
    table_style,
    taken_names,
    unique_name,
)

CODE = "HT202"
NAME = "missing-foreign-key"
SUMMARY = "A `<Name>Id` column whose referenced table exists in the project, with no FOREIGN KEY"
SEVERITY = "warning"
FIX = "sometimes"
OPTIONS: dict[str, object] = {}
BAD = """
CREATE TABLE dbo.Customer (
    CustomerId INT NOT NULL PRIMARY KEY
);
GO
CREATE TABLE dbo.Invoice (
    InvoiceId INT NOT NULL PRIMARY KEY,
    CustomerId INT NOT NULL
);
"""
GOOD = """
CREATE TABLE dbo.Customer (
    CustomerId INT NOT NULL PRIMARY KEY
);
GO
CREATE TABLE dbo.Invoice (
    InvoiceId INT NOT NULL PRIMARY KEY,
    CustomerId INT NOT NULL,
    CONSTRAINT FK_Invoice_Customer FOREIGN KEY ([CustomerId]) REFERENCES dbo.Customer ([CustomerId])
);

CREATE NONCLUSTERED INDEX IX_Invoice_CustomerId ON dbo.Invoice (CustomerId);
"""

_KEY_NAME = re.compile(r"^(?P<base>.*?[A-Za-z0-9])[_ ]?(?:Id|ID|id)$")
_TYPE_ALIASES = {
    "INTEGER": "INT",
    "DEC": "DECIMAL",
    "NUMERIC": "DECIMAL",
    "CHARACTER": "CHAR",
    "ROWVERSION": "TIMESTAMP",
    "NATIONAL CHARACTER VARYING": "NVARCHAR",
    "NATIONAL CHAR VARYING": "NVARCHAR",
    "CHARACTER VARYING": "VARCHAR",
    "CHAR VARYING": "VARCHAR",
    "NATIONAL CHARACTER": "NCHAR",
    "NATIONAL CHAR": "NCHAR",
}


def _key_base(name: str) -> str | None:
    """``Customer`` for ``CustomerId``, ``CustomerID``, ``customer_id``; None otherwise."""
    if name.endswith("id") and not (name.islower() and name[-3:-2] in ("_", " ")):
        return None  # Paid, Valid, Android: not a key name
    m = _KEY_NAME.match(name)
    return m.group("base") if m else None


def _plurals(base: str) -> set[str]:
    lower = base.lower()
    forms = {lower, lower + "s", lower + "es"}
    if lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        forms.add(lower[:-1] + "ies")
    if lower.endswith("person"):
        forms.add(lower[: -len("person")] + "people")
    return forms


def _single_pk(table: Table) -> str | None:
    pk = table.primary_key
    if pk is None or len(pk.constraint.columns) != 1:
        return None
    return pk.constraint.columns[0]


def _prefer_schema(tables: list[Table], schema: str) -> list[Table]:
    same = [t for t in tables if t.schema.lower() == schema.lower()]
    return same or tables


def _suffix_at_boundary(name: str, suffix: str) -> bool:
    if len(suffix) >= len(name) or not name.lower().endswith(suffix.lower()):
        return False
    at = len(name) - len(suffix)
    before, first = name[at - 1], name[at]
    return not before.isalnum() or (first.isupper() and (before.islower() or before.isdigit()))


class _Keys:
    """The project's tables that can be referenced: real tables with a single-column PK."""

    def __init__(self, catalog: Catalog, history: set[tuple[str, str]]) -> None:
        self.by_name: dict[str, list[Table]] = {}
        self.by_pk: dict[str, list[Table]] = {}
        self.pks: list[tuple[str, Table]] = []
        for table in catalog.real_tables():
            pk = _single_pk(table)
            if pk is None or table.key in history:
                continue
            self.by_name.setdefault(table.name.name.lower(), []).append(table)
            self.by_pk.setdefault(pk.lower(), []).append(table)
            self.pks.append((pk, table))

    def referenced(self, table: Table, column: str) -> Table | None:
        base = _key_base(column)
        if base is None:
            return None
        named = [t for form in _plurals(base) for t in self.by_name.get(form, []) if t is not table]
        same_pk = [t for t in self.by_pk.get(column.lower(), []) if t is not table]
        found = {t.key: t for t in _prefer_schema(named, table.schema)}
        found.update((t.key, t) for t in _prefer_schema(same_pk, table.schema))
        if len(found) > 1 and named and same_pk:
            # Two readings (by table name, by key name) that disagree: stay quiet.
            return None
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            return None
        role = [
            t
            for pk, t in self.pks
            if _key_base(pk) is not None
            and _suffix_at_boundary(column, pk)
            and not (t is table and pk.lower() == column.lower())
        ]
        return role[0] if len(role) == 1 else None


def _norm_type(column: Column) -> str:
    dtype = column.data_type
    if dtype is None:
        return ""
    name = re.sub(r"\s+", " ", dtype.name.replace("[", "").replace("]", "").upper()).strip()
    if name.startswith("DBO."):
        name = name[4:]
    name = _TYPE_ALIASES.get(name, name)
    args = [a.replace(" ", "").upper() for a in dtype.args]
    if name in ("DECIMAL",) and len(args) == 1:
        args.append("0")
    if name in ("DECIMAL",) and not args:
        args = ["18", "0"]
    if name in ("CHAR", "NCHAR", "VARCHAR", "NVARCHAR", "BINARY", "VARBINARY") and not args:
        args = ["1"]
    return f"{name}({','.join(args)})" if args else name


def _is_copy_of(table: Table, ref: Table) -> bool:
    """``table`` repeats (nearly) every column of ``ref``: a staging, scratch, archive or
    in-memory twin of it, whose key is a copy of ``ref``'s key, not a reference to a row."""
    ref_names = {c.column.name.lower() for c in ref.columns}
    if len(ref_names) < 3:
        return False
    own = {c.column.name.lower() for c in table.columns}
    return len(ref_names & own) >= 0.8 * len(ref_names)


def _has_fk(table: Table, name: str) -> bool:
    lower = name.lower()
    return any(
        any(col.lower() == lower for col in c.constraint.columns)
        for c in table.constraints_of("FOREIGN KEY")
    )


def _why_not(table: Table, column: Column, ref: Table, pk: Column | None) -> str | None:
    if pk is None:
        return f"the primary key column of {ref.display} is not in the model"
    if _norm_type(column) != _norm_type(pk):
        return (
            f"{column.name} is {column.data_type} but {ref.display}.{pk.name} is "
            f"{pk.data_type}; SQL Server requires the same type on both sides"
        )
    if (
        column.collation
        and pk.collation
        and column.collation.lower() != pk.collation.lower()
        and _norm_type(column).startswith(("CHAR", "NCHAR", "VARCHAR", "NVARCHAR"))
    ):
        return f"the collations differ ({column.collation} and {pk.collation})"
    if table.memory_optimized and not ref.memory_optimized:
        return (
            f"{table.display} is memory-optimized and {ref.display} is disk-based; a "
            "memory-optimized table may only reference memory-optimized tables"
        )
    if ref.memory_optimized and not table.memory_optimized:
        return (
            f"{ref.display} is memory-optimized and {table.display} is disk-based; a "
            "disk-based table cannot reference a memory-optimized table"
        )
    return None


def check(ctx: Context) -> Iterator[Finding]:
    history = history_tables(ctx.catalog)
    keys = _Keys(ctx.catalog, history)
    for table in ctx.catalog.real_tables():
        if table.key in history:
            continue
        own_pk = _single_pk(table)
        for placed in table.columns:
            column = placed.column
            if column.computed is not None or column.data_type is None:
                continue
            if own_pk is not None and own_pk.lower() == column.name.lower():
                continue
            if _has_fk(table, column.name):
                continue
            ref = keys.referenced(table, column.name)
            if ref is None or _is_copy_of(table, ref):
                continue
            pk_name = _single_pk(ref) or ""
            pk_placed = ref.column(pk_name)
            pk = pk_placed.column if pk_placed is not None else None
            target = f"{ref.display}({pk.name if pk else pk_name})"
            message = (
                f"{table.display}.{column.name} looks like a key of {target} but has no "
                "FOREIGN KEY: SQL Server accepts any value here, ids that never existed "
                "and ids whose row is deleted later included."
            )
            reason = _why_not(table, column, ref, pk)
            fix = None
            if reason is None:
                fix = _fix(ctx, table, placed, ref, pk.name if pk else pk_name)
                if fix is None:
                    reason = (
                        "the column is not declared in its table's CREATE TABLE, where the "
                        "constraint would go"
                    )
            if reason is not None:
                message += f" No fix: {reason}."
            yield ctx.finding(placed.path, column.name_span, message, fix)


def _fix(ctx: Context, table: Table, placed: TableColumn, ref: Table, pk: str) -> Fix | None:
    if not declared_in_create(table, placed) or table.definition.body_span is None:
        return None
    column = placed.column
    style = table_style(ctx, table)
    base = f"FK_{table.name.name}_{ref.name.name}"
    if column.name.lower() != pk.lower():
        base += f"_{column.name}"
    name = unique_name(base, taken_names(ctx.catalog, table.schema))
    element = (
        f"{style.kw('CONSTRAINT')} {style.name(name)} {style.kw('FOREIGN KEY')} "
        f"({quote_column(column.name)}) {style.kw('REFERENCES')} "
        f"{style.name(ref.schema, ref.name.name)} ({quote_column(pk)})"
    )
    edit = add_table_element(ctx.file(table.path), table, element)
    if edit is None:
        return None
    title = f"Add FOREIGN KEY {name} to {ref.display}"
    if supported(table, (column.name,)):
        return Fix(title, UNSAFE, [edit])
    # Without its index the new foreign key would be an HT502 finding of its own.
    index, index_edits = foreign_key_index(ctx, table, (column.name,))
    if not index_edits:
        return None
    return Fix(f"{title}, with index {index}", UNSAFE, [edit, *index_edits])
