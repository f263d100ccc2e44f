"""## What it does
Reports a cache table with no index that serves eviction. A cache table is one whose name has
the word *cache* or *cached* in it (`CachedActivation`, `session_cache`) and an eviction
column (last-accessed or expiry: `LastAccessed`, `ExpiresAt`, ...; see `eviction_columns`),
or any table with a last-accessed column, or with an expiry column and a hit counter.
Eviction columns count only when eviction can range-scan them: date/time (or epoch number)
columns that are not Always Encrypted. An index serves eviction when its first key column is
that column and, when the table has a hit counter (`HitCount`, ...; see `hit_columns`), the
counter is its second key column or one of its INCLUDE columns.

## Why is this bad?
Eviction runs as `DELETE ... WHERE LastAccessed < @cutoff` (or picks the least-used rows among
the oldest). Without an index leading with the eviction column, every eviction run scans the
whole cache and holds locks while doing it, on the table that is supposed to be the fast one;
with a separate index on the hit counter only, SQL Server still has to look up each old row to
read its counter.

## Known problems
The rule cannot know which column the eviction job really filters on: it accepts an index on
any of the eviction columns the table has. A hash index does not count (it cannot seek a range
of dates). An expiry date alone does not make a table a cache (a payment card's or a
licence's `ExpiryDate` is business data), so such tables are not reported unless their name
says cache.

## Options
- `eviction_columns`: names of last-accessed and expiry columns, matched without regard to
  case or underscores, in order of preference for the fix.
- `hit_columns`: names of hit counter columns.

## Fix
The composite index `IX_<Table>_Eviction` on (eviction column, hit counter), placed as
HT502 places its indexes: a file of its own next to the table's other index files, an inline
`INDEX` on a memory-optimized table, or after the CREATE TABLE statement.

## Fix safety
The fix is safe: an index changes no data and no result.

## References
- [CREATE INDEX (Transact-SQL)](https://learn.microsoft.com/sql/t-sql/statements/create-index-transact-sql)
- [Index architecture and design guide](https://learn.microsoft.com/sql/relational-databases/sql-server-index-design-guide)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...catalog.model import Table, TableColumn, TableIndex
from ..base import SAFE, Context, Finding, Fix
from .placement import index_edits, unique_index_name

CODE = "HT501"
NAME = "cache-without-eviction-index"
SUMMARY = "A cache table with no index that serves eviction"
SEVERITY = "warning"
FIX = "always"
OPTIONS: dict[str, object] = {
    "eviction_columns": [
        "LastAccessed",
        "LastAccessedAt",
        "LastAccessedOn",
        "LastAccessedUtc",
        "LastAccessedTime",
        "LastAccessedDate",
        "LastAccessTime",
        "LastAccessDate",
        "LastAccess",
        "ExpiresAt",
        "ExpiresOn",
        "ExpiresUtc",
        "ExpiryDate",
        "ExpiryTime",
        "ExpirationDate",
        "ExpirationTime",
    ],
    "hit_columns": ["HitCount", "Hits", "AccessCount"],
}
BAD = """
CREATE TABLE dbo.QueryCache (
    CacheId BIGINT NOT NULL PRIMARY KEY,
    Payload VARBINARY(MAX) NOT NULL,
    HitCount INT NOT NULL,
    LastAccessed DATETIME2 NOT NULL
);
"""
GOOD = """
CREATE TABLE dbo.QueryCache (
    CacheId BIGINT NOT NULL PRIMARY KEY,
    Payload VARBINARY(MAX) NOT NULL,
    HitCount INT NOT NULL,
    LastAccessed DATETIME2 NOT NULL
);

CREATE NONCLUSTERED INDEX IX_QueryCache_Eviction ON dbo.QueryCache (LastAccessed, HitCount);
"""

RANGE_KINDS = frozenset({"clustered", "nonclustered"})


def check(ctx: Context) -> Iterator[Finding]:
    eviction_names = [_norm(n) for n in ctx.options.get("eviction_columns", [])]
    hit_names = [_norm(n) for n in ctx.options.get("hit_columns", [])]
    for table in ctx.catalog.real_tables():
        eviction = [c for c in _columns(table, eviction_names) if _orderable(c)]
        if not eviction:
            continue
        hits = _columns(table, hit_names)
        cache_name = is_cache_name(table.name.name)
        if not cache_name and not (hits or any(_tracks_access(c) for c in eviction)):
            continue  # an expiry date alone (a card, a licence, a token) is business data
        hit = hits[0].column.name if hits else None
        if any(_serves(ti, eviction, hits) for ti in table.indexes):
            continue
        lead = eviction[0].column.name
        columns = (lead, hit) if hit else (lead,)
        subject = (
            f"Cache table {table.display}"
            if cache_name
            else f"{table.display} (evicted by {lead}, like a cache)"
        )
        then = f" then {hit}" if hit else ""
        yield ctx.finding(
            table.path,
            table.definition.name.span,
            f"{subject} has no index leading with "
            f"{' or '.join(c.column.name for c in eviction)}{then}: each eviction run "
            f"(DELETE ... WHERE {lead} < @cutoff) scans the whole table; add a composite "
            f"index ({', '.join(columns)})",
            _fix(ctx, table, columns),
        )


def is_cache_name(name: str) -> bool:
    """``cache`` or ``cached`` as a word of a CamelCase or snake_case name."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)
    return any(w.lower() in ("cache", "cached", "caches") for w in words)


TEMPORAL_OR_NUMBER = frozenset(
    {
        "DATE",
        "DATETIME",
        "DATETIME2",
        "DATETIMEOFFSET",
        "SMALLDATETIME",
        "BIGINT",
        "INT",
    }
)


def _orderable(tc: TableColumn) -> bool:
    """A column eviction can range-scan: a date/time (or an epoch number), not encrypted."""
    column = tc.column
    if column.encrypted or column.data_type is None:
        return not column.encrypted
    return column.data_type.name in TEMPORAL_OR_NUMBER or "." in column.data_type.name


def _tracks_access(tc: TableColumn) -> bool:
    return "access" in _norm(tc.column.name)


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def _columns(table: Table, names: list[str]) -> list[TableColumn]:
    """The table's columns among ``names``, in the option's order of preference."""
    by_norm = {_norm(c.column.name): c for c in table.columns}
    return [by_norm[n] for n in names if n in by_norm]


def _serves(ti: TableIndex, eviction: list[TableColumn], hits: list[TableColumn]) -> bool:
    index = ti.index
    if index.kind not in RANGE_KINDS or not index.columns or index.filter is not None:
        return False
    keys = [c.name.lower() for c in index.columns]
    if keys[0] not in {c.column.name.lower() for c in eviction}:
        return False
    if not hits or index.kind == "clustered":  # a clustered index carries every column
        return True
    hit_names = {c.column.name.lower() for c in hits}
    return (len(keys) > 1 and keys[1] in hit_names) or any(
        c.lower() in hit_names for c in index.include
    )


def _fix(ctx: Context, table: Table, columns: tuple[str, ...]) -> Fix | None:
    name = unique_index_name(table, re.sub(r"[^A-Za-z0-9_]", "_", f"IX_{table.name.name}_Eviction"))
    edits = index_edits(ctx, table, name, columns)
    if not edits:
        return None
    return Fix(f"Add eviction index {name} on ({', '.join(columns)})", SAFE, edits)
