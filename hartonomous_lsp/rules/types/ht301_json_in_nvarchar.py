"""## What it does
Reports a column of type `NVARCHAR(MAX)` or `VARCHAR(MAX)` that holds JSON documents. The
evidence is any of: the column's name ends with `Json` (`PayloadJson`, `payload_json`); a
CHECK constraint of its table calls `ISJSON` on it; a computed column of its table, or a
procedure, view, function, trigger or script of the project, hands it to a JSON function
(`JSON_VALUE`, `JSON_QUERY`, `JSON_MODIFY`, `OPENJSON`, `ISJSON`, `JSON_PATH_EXISTS`, ...).

## Why is this bad?
In a string column SQL Server keeps JSON as plain text: every `JSON_VALUE` or `OPENJSON`
parses the whole document again, every `JSON_MODIFY` rewrites all of it, and nothing but an
optional `ISJSON` check keeps malformed text out. The native `json` type (SQL Server 2025,
Azure SQL) stores the document parsed, in a compact binary form, validates it on every write
and lets queries read or update single values. Existing JSON functions keep working on it.

## Known problems
JSON functions on a column are found in the code the engine can scan; JSON built in dynamic
SQL or by the application is not seen. Memory-optimized tables cannot have `json` columns:
there the finding is informational and has no fix. On a target without the `json` type
(before SQL Server 2025) the finding has no fix either and says which version is needed.

## Fix safety
The fix replaces the column's type with `JSON` and is unsafe: deploying it converts the
stored text, which fails on any row that is not valid JSON, and code that relies on the
column being a string (`LEN`, `LIKE`, string concatenation, the exact original spacing of a
document) may behave differently. A `COLLATE` clause on the column is removed with it (a
json column has no collation). On a system-versioned table the history table's column is
changed in the same fix; when computed columns read the column of such a table there is no
fix, since their copies in the history table may need another type. Nor is there one when
an index is on a computed column that reads the column: whether that index can be rebuilt
over a json column is left to the author. An `ISJSON` CHECK stays
valid and is left in place.

## References
- [SQL Server: json data type](https://learn.microsoft.com/sql/t-sql/data-types/json-data-type)
- [SQL Server: JSON data in SQL Server](https://learn.microsoft.com/sql/relational-databases/json/json-data-sql-server)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...catalog.model import Table, TableColumn
from ...fixes.style import style_of
from ...parse.usage import JSON_FUNCTIONS
from ..base import UNSAFE, Context, Edit, Finding, Fix

CODE = "HT301"
NAME = "json-in-nvarchar"
SUMMARY = "JSON kept in (N)VARCHAR(MAX) where the native JSON type would hold it"
SEVERITY = "warning"
FIX = "sometimes"
OPTIONS: dict[str, object] = {}
BAD = """
CREATE TABLE Sales.OrderEvents (
    OrderEventId BIGINT NOT NULL PRIMARY KEY,
    PayloadJson NVARCHAR(MAX) NOT NULL
);
"""
GOOD = """
CREATE TABLE Sales.OrderEvents (
    OrderEventId BIGINT NOT NULL PRIMARY KEY,
    PayloadJson JSON NOT NULL
);
"""

NATIVE_JSON_TARGETS = ("sql2025", "azure-sql")
_STRING_TYPES = ("NVARCHAR", "VARCHAR")
_NAME = re.compile(r"json$", re.IGNORECASE)
_FUNCTIONS = "|".join(sorted(JSON_FUNCTIONS))
_COLLATE = re.compile(r"\s+COLLATE\s+\w+", re.IGNORECASE)


def _applied_to(function: str, column: str) -> re.Pattern[str]:
    """``FUNCTION ( [alias.]column`` followed by ``,`` or ``)``, column bracketed or not."""
    name = re.escape(column)
    return re.compile(
        rf"\b({function})\s*\(\s*(?:(?:\[[^\]]*\]|\w+)\s*\.\s*)?(?:\[{name}\]|\"{name}\"|{name}\b)\s*[,)]",
        re.IGNORECASE,
    )


def _is_string_max(col: TableColumn) -> bool:
    dt = col.column.data_type
    return (
        dt is not None
        and col.column.computed is None
        and dt.name.upper() in _STRING_TYPES
        and dt.is_max
    )


def _history_tables(ctx: Context) -> set[tuple[str, str]]:
    return {t.history_table.key(t.schema) for t in ctx.catalog.real_tables() if t.history_table}


def _module_uses(ctx: Context) -> dict[tuple[tuple[str, str], str], list[str]]:
    """(table key, lower column) -> "FUNCTION in where" for each JSON use in the project."""
    uses: dict[tuple[tuple[str, str], str], list[str]] = {}
    for placed in ctx.catalog.modules:
        module = placed.module
        where = (
            f"{module.name.display()} ({module.kind.lower()})"
            if module.name is not None
            else f"{Path(placed.path).name} ({module.kind.lower()})"
        )
        for use in module.usage.json:
            candidates = [k for k in use.tables if k in ctx.catalog.tables]
            if use.qualifier is None and len(candidates) > 1:
                # An unqualified column in a join: it belongs to the one table that has it.
                owners = [k for k in candidates if ctx.catalog.tables[k].column(use.column)]
                candidates = owners if len(owners) == 1 else []
            for key in candidates:
                entry = uses.setdefault((key, use.column.lower()), [])
                text = f"{use.function} in {where}"
                if text not in entry:
                    entry.append(text)
    return uses


def _evidence(table: Table, col: TableColumn, uses) -> list[str]:
    name = col.column.name
    found = []
    if _NAME.search(name):
        found.append("its name")
    isjson = _applied_to("ISJSON", name)
    for c in table.constraints:
        expr = c.constraint.expression
        if c.constraint.kind == "CHECK" and expr and isjson.search(expr):
            found.append(f"the ISJSON check {c.constraint.name or '(unnamed)'}")
    any_json = _applied_to(_FUNCTIONS, name)
    for other in table.columns:
        m = any_json.search(other.column.computed or "")
        if m:
            found.append(f"{m.group(1).upper()} in computed column {other.column.name}")
    found.extend(uses.get((table.key, name.lower()), []))
    return found


def _summary(evidence: list[str]) -> str:
    shown = evidence[:3]
    more = len(evidence) - len(shown)
    text = ", ".join(shown)
    return f"{text} and {more} more" if more else text


def _type_edit(ctx: Context, col: TableColumn) -> Edit | None:
    """Replace the type (and a COLLATE clause right after it) with JSON; None if not plain."""
    column = col.column
    if column.encrypted or column.masked or column.sparse or column.filestream:
        return None
    source = ctx.file(col.path).source
    start, end = column.data_type.span  # type: ignore[union-attr]
    if column.collation:
        m = _COLLATE.match(source.text, end, column.span[1])
        if m is None:
            return None
        end = m.end()
    return Edit(Path(col.path), start, end, style_of(source).kw("JSON"))


def _fix(ctx: Context, table: Table, col: TableColumn) -> tuple[Fix | None, str]:
    """The fix, or None and why there is none."""
    if ctx.target not in NATIVE_JSON_TARGETS:
        return None, f"native JSON needs SQL Server 2025 or Azure SQL (target is {ctx.target})"
    edit = _type_edit(ctx, col)
    if edit is None:
        return None, "its column options (ENCRYPTED, MASKED, SPARSE) need the type changed by hand"
    edits = [edit]
    reads = _applied_to(_FUNCTIONS, col.column.name)
    readers = {
        c.column.name.lower() for c in table.columns if reads.search(c.column.computed or "")
    }
    for placed in table.indexes:
        index = placed.index
        names = [c.name for c in index.columns] + list(index.include)
        if any(n.lower() in readers for n in names):
            return None, (
                f"the index {index.name or '(unnamed)'} is on a computed column that reads it; "
                "check that the index can be built over a json column, then change it by hand"
            )
    if table.history_table is not None:
        history = ctx.catalog.table(table.history_table.key(table.schema))
        hist_col = history.column(col.column.name) if history is not None else None
        if hist_col is None or not _is_string_max(hist_col):
            return None, (
                f"the history table {table.history_table.display(table.schema)} must change "
                "with it and is not in the project"
            )
        if readers:
            return None, (
                "computed columns read it, and their copies in the history table "
                f"{history.display} may need another type: change both tables by hand"
            )
        hist_edit = _type_edit(ctx, hist_col)
        if hist_edit is None:
            return None, f"the column of the history table {history.display} needs it by hand"
        edits.append(hist_edit)
    return Fix("Change the column's type to JSON", UNSAFE, edits), ""


def check(ctx: Context) -> Iterator[Finding]:
    uses = _module_uses(ctx)
    histories = _history_tables(ctx)
    for table in ctx.catalog.real_tables():
        if table.key in histories:
            continue  # the system-versioned table's finding covers its history table
        for col in table.columns:
            if not _is_string_max(col):
                continue
            evidence = _evidence(table, col, uses)
            if not evidence:
                continue
            dt = col.column.data_type
            written = f"{dt.name}(MAX)"  # type: ignore[union-attr]
            head = (
                f"{table.display}.{col.column.name} holds JSON ({_summary(evidence)}) in "
                f"{written}: SQL Server keeps it as text and parses the whole document again "
                "on every JSON function call"
            )
            span = col.column.data_type.span  # type: ignore[union-attr]
            if table.memory_optimized:
                message = (
                    f"{head}. No fix: memory-optimized tables cannot have json columns; keep "
                    f"{written}"
                )
                if not any(e.startswith("the ISJSON check") for e in evidence):
                    message += " and validate it with an ISJSON check"
                yield ctx.finding(col.path, span, message, severity="info")
                continue
            fix, why = _fix(ctx, table, col)
            if fix is None:
                if ctx.target not in NATIVE_JSON_TARGETS:
                    message = f"{head}. The native JSON type would store it parsed; {why}"
                else:
                    message = f"{head}. Write JSON, the native type; no automatic fix: {why}"
            else:
                message = (
                    f"{head}. Write JSON, the native type: it stores the document parsed and "
                    "checks it on every write"
                )
            yield ctx.finding(col.path, span, message, fix)
