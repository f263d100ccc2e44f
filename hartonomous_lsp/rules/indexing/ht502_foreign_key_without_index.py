"""## What it does
Reports a FOREIGN KEY whose columns no index of the table leads with: no clustered,
nonclustered or hash index (a PRIMARY KEY or UNIQUE constraint's index counts) has the
foreign key's columns, in any order, as its first key columns.

## Why is this bad?
SQL Server does not index foreign keys by itself. Every DELETE on the referenced table, and
every UPDATE of its key, must check that no row here still points at the old value: without an
index that is a scan of this whole table, under locks, once per statement. Joins from the
referenced table to this one scan as well. The cost grows with this table, not with the
change.

## Known problems
An index that leads with the columns counts even when it is filtered on `col IS NOT NULL`
(the only rows a foreign key check looks for); other filtered indexes do not count. Columnstore,
XML, spatial, JSON and vector indexes never count. A hash index on a memory-optimized table
counts only when its key is exactly the foreign key's columns, since a hash index cannot seek
on a prefix of its key.

## Fix
A `CREATE NONCLUSTERED INDEX IX_<Table>_<Columns>` where the project keeps the table's
indexes: a new file next to the table's other index files, named like them (and registered in
a classic `.sqlproj` that has no wildcard for it); an inline `INDEX ... NONCLUSTERED` element
on a memory-optimized table (SSDT rejects CREATE INDEX on one); otherwise right after the
CREATE TABLE statement.

## Fix safety
The fix is safe: a nonclustered index changes no data and no result. Building it takes time
and log space on a large table at deployment.

## References
- [Create foreign key relationships: indexes on foreign keys](https://learn.microsoft.com/sql/relational-databases/tables/primary-and-foreign-key-constraints#indexes-on-foreign-key-constraints)
- [CREATE INDEX (Transact-SQL)](https://learn.microsoft.com/sql/t-sql/statements/create-index-transact-sql)
"""

from __future__ import annotations

from collections.abc import Iterator

from ...catalog.model import Table
from ..base import SAFE, Context, Finding, Fix
from .fk_index import foreign_key_index, supported

CODE = "HT502"
NAME = "foreign-key-without-index"
SUMMARY = "FOREIGN KEY columns that no index leads with"
SEVERITY = "warning"
FIX = "always"
OPTIONS: dict[str, object] = {}
BAD = """
CREATE TABLE dbo.OrderLine (
    OrderLineId INT NOT NULL PRIMARY KEY,
    OrderId INT NOT NULL,
    CONSTRAINT FK_OrderLine_Order FOREIGN KEY (OrderId) REFERENCES dbo.[Order] (OrderId)
);
"""
GOOD = """
CREATE TABLE dbo.OrderLine (
    OrderLineId INT NOT NULL PRIMARY KEY,
    OrderId INT NOT NULL,
    CONSTRAINT FK_OrderLine_Order FOREIGN KEY (OrderId) REFERENCES dbo.[Order] (OrderId)
);

CREATE NONCLUSTERED INDEX IX_OrderLine_OrderId ON dbo.OrderLine (OrderId);
"""


def check(ctx: Context) -> Iterator[Finding]:
    for table in ctx.catalog.real_tables():
        fixed: set[tuple[str, ...]] = set()
        for tc in table.constraints_of("FOREIGN KEY"):
            columns = tc.constraint.columns
            if not columns or supported(table, columns):
                continue
            key = tuple(c.lower() for c in columns)
            fix = None
            if key not in fixed:  # two identical foreign keys need one index
                fixed.add(key)
                fix = _fix(ctx, table, columns)
            target = tc.constraint.ref_table.display() if tc.constraint.ref_table else "?"
            yield ctx.finding(
                tc.path,
                tc.constraint.span,
                f"Foreign key {_label(tc.constraint.name, columns)} of {table.display} has no "
                f"index leading with ({', '.join(columns)}): SQL Server does not index foreign "
                f"keys by itself, so every DELETE or key UPDATE on {target} scans "
                f"{table.display} to check it, and joins between them scan it too",
                fix,
            )


def _label(name: str | None, columns: tuple[str, ...]) -> str:
    return name if name else f"({', '.join(columns)})"


def _fix(ctx: Context, table: Table, columns: tuple[str, ...]) -> Fix | None:
    name, edits = foreign_key_index(ctx, table, columns)
    if not edits:
        return None
    return Fix(f"Add index {name} on ({', '.join(columns)})", SAFE, edits)
