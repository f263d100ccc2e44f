"""## What it does
Reports a status or state column of string type (`CHAR`, `NCHAR`, `VARCHAR`, `NVARCHAR`, not
`MAX`) that has neither a CHECK constraint naming it nor a FOREIGN KEY to a lookup table.
A column counts as a status column when its name ends in one of `name_patterns` (by default
`Status` and `State`), at a word boundary: `OrderStatus`, `order_state`, `Status`, not
`StateProvinceID` or `RealEstate`.

## Why is this bad?
SQL Server stores whatever string an INSERT or UPDATE hands it: `'Shipped'`, `'shipped '`,
`'Shiped'`. Nothing fails on insert; the typo surfaces later, as a row that no
`WHERE Status = 'Shipped'` finds, a report that counts it nowhere, a state machine stuck
in a state that does not exist. A CHECK constraint makes SQL Server reject the bad value at
the statement that writes it.

## Known problems
The values offered by the fix are the string literals the project's code assigns to or
compares with the column (procedures, views, functions, triggers, seed data in deployment
scripts, the column's DEFAULT). Values that only arrive from an application, or are built
at run time, are not seen: review the list before applying the fix. When the code names no
value at all, there is no fix.

## Fix safety
The fix adds `CONSTRAINT CK_<Table>_<Column> CHECK ([Column] IN (...))` to the CREATE TABLE,
listing the values the code uses. It is unsafe: publishing it fails (or, with `WITH NOCHECK`,
leaves an untrusted constraint) when existing rows hold other values, and from then on every
INSERT or UPDATE with a value outside the list fails.

## References
- [SQL Server: CHECK constraints](https://learn.microsoft.com/sql/relational-databases/tables/create-check-constraints)
- [SQL Server: CREATE TABLE (Transact-SQL)](https://learn.microsoft.com/sql/t-sql/statements/create-table-transact-sql)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...catalog.model import Table, TableColumn
from ...fixes.table_edits import add_table_element
from ...parse.usage import expand_rows
from ..base import UNSAFE, Context, Finding, Fix
from ._elements import (
    declared_in_create,
    history_tables,
    quote_column,
    table_style,
    taken_names,
    unique_name,
)

CODE = "HT201"
NAME = "status-without-check"
SUMMARY = "A string status/state column with no CHECK constraint and no foreign key"
SEVERITY = "warning"
FIX = "sometimes"
OPTIONS: dict[str, object] = {"name_patterns": ["status", "state"]}
BAD = """
CREATE TABLE dbo.Shipment (
    ShipmentId INT NOT NULL PRIMARY KEY,
    ShipmentStatus NVARCHAR(20) NOT NULL
);
GO
CREATE PROCEDURE dbo.ShipShipment @Id INT AS
UPDATE dbo.Shipment SET ShipmentStatus = N'Shipped' WHERE ShipmentId = @Id;
"""
GOOD = """
CREATE TABLE dbo.Shipment (
    ShipmentId INT NOT NULL PRIMARY KEY,
    ShipmentStatus NVARCHAR(20) NOT NULL,
    CONSTRAINT CK_Shipment_ShipmentStatus CHECK ([ShipmentStatus] IN (N'Pending', N'Shipped'))
);
"""

_STRING_TYPES = frozenset(("CHAR", "NCHAR", "VARCHAR", "NVARCHAR"))
_UNICODE_TYPES = frozenset(("NCHAR", "NVARCHAR"))
_STRING_LITERAL = re.compile(r"^\(*\s*N?'((?:[^']|'')*)'\s*\)*$", re.I | re.S)
_SHOWN_VALUES = 12


def is_status_name(name: str, suffixes: list[str]) -> bool:
    """The name ends in a suffix at a word boundary (CamelCase, ``_``, a space or the start)."""
    lower = name.lower()
    for suffix in suffixes:
        suffix = suffix.lower()
        if not suffix or not lower.endswith(suffix):
            continue
        at = len(name) - len(suffix)
        if at == 0:
            return True
        before, first = name[at - 1], name[at]
        if not before.isalpha():
            return True
        if first.isupper() and before.islower():
            return True
        if name.isupper() or name.islower():  # ORDERSTATUS, orderstatus: no case to go by
            return True
    return False


def _mentions(expression: str, column: str) -> bool:
    plain = expression.replace("[", "").replace("]", "").replace('"', "")
    return re.search(rf"(?<![\w@#$]){re.escape(column)}(?![\w$#])", plain, re.I) is not None


def _guarded(table: Table, name: str) -> bool:
    lower = name.lower()
    for placed in table.constraints:
        c = placed.constraint
        if c.kind == "FOREIGN KEY" and any(col.lower() == lower for col in c.columns):
            return True
        if c.kind == "CHECK" and (
            any(col.lower() == lower for col in c.columns)
            or (c.expression and _mentions(c.expression, name))
        ):
            return True
    return False


def _module_label(placed) -> str:
    module = placed.module
    if module.kind != "SCRIPT" and module.name is not None:
        return module.name.display()
    return Path(placed.path).name


class _Values:
    """String values the project's code uses with a column, and where they come from."""

    def __init__(self, ctx: Context, wanted: set[tuple[tuple[str, str], str]]) -> None:
        self.found: dict[tuple[tuple[str, str], str], dict[str, list[str]]] = {}
        names = {column for _key, column in wanted}
        keys = {key for key, _column in wanted}
        for placed in ctx.catalog.modules:
            usage = placed.module.usage
            uses = [u for u in usage.values if u.column.lower() in names]
            for block in usage.rows:
                if {c.lower() for c in block.columns} & names and set(block.tables) & keys:
                    text = ctx.file(placed.path).source.text
                    uses.extend(u for u in expand_rows(text, block) if u.column.lower() in names)
            label = None
            for use in uses:
                for key in use.tables:
                    slot = (key, use.column.lower())
                    if slot in wanted:
                        label = label or _module_label(placed)
                        where = self.found.setdefault(slot, {}).setdefault(use.value, [])
                        if label not in where:
                            where.append(label)

    def of(self, key: tuple[str, str], column: str) -> dict[str, list[str]]:
        return self.found.get((key, column.lower()), {})


def _default_value(table: Table, name: str) -> str | None:
    lower = name.lower()
    for placed in table.constraints_of("DEFAULT"):
        c = placed.constraint
        if any(col.lower() == lower for col in c.columns) and c.expression:
            m = _STRING_LITERAL.match(c.expression.strip())
            if m:
                return m.group(1).replace("''", "'")
    return None


def _quote(value: str, unicode: bool) -> str:
    return ("N" if unicode else "") + "'" + value.replace("'", "''") + "'"


def _candidates(ctx: Context) -> Iterator[tuple[Table, TableColumn]]:
    suffixes = [str(s) for s in ctx.options.get("name_patterns", OPTIONS["name_patterns"])]
    history = history_tables(ctx.catalog)
    for table in ctx.catalog.real_tables():
        if table.key in history:
            continue
        for placed in table.columns:
            column = placed.column
            dtype = column.data_type
            if column.computed is not None or dtype is None:
                continue
            if dtype.name.upper() not in _STRING_TYPES or dtype.is_max:
                continue
            if not is_status_name(column.name, suffixes):
                continue
            if _guarded(table, column.name):
                continue
            yield table, placed


def check(ctx: Context) -> Iterator[Finding]:
    candidates = list(_candidates(ctx))
    if not candidates:
        return
    values = _Values(ctx, {(t.key, p.column.name.lower()) for t, p in candidates})
    for table, placed in candidates:
        column = placed.column
        used = {v: list(w) for v, w in values.of(table.key, column.name).items()}
        default = _default_value(table, column.name)
        if default is not None:
            used.setdefault(default, []).append("its DEFAULT")
        where = f"{table.display}.{column.name}"
        message = (
            f"Status column {where} ({column.data_type}) has no CHECK constraint and no "
            "foreign key: SQL Server accepts any string here today, typos included."
        )
        fix = None
        if used:
            ordered = sorted(used)
            shown = ", ".join(_quote(v, False) for v in ordered[:_SHOWN_VALUES])
            if len(ordered) > _SHOWN_VALUES:
                shown += f" and {len(ordered) - _SHOWN_VALUES} more"
            sources = list(dict.fromkeys(s for v in ordered for s in used[v]))
            origin = ", ".join(sources[:3]) + (
                f" and {len(sources) - 3} more" if len(sources) > 3 else ""
            )
            message += f" The project's code uses {shown} (in {origin})."
            fix = _fix(ctx, table, placed, ordered)
            if fix is None:
                message += (
                    " No fix: the column is not declared in its table's CREATE TABLE, where "
                    "the constraint would go."
                )
        else:
            message += (
                " No fix is offered: the project's code never names a value for it, so the "
                "allowed values are unknown."
            )
        yield ctx.finding(placed.path, column.name_span, message, fix)


def _fix(ctx: Context, table: Table, placed: TableColumn, values: list[str]) -> Fix | None:
    if not declared_in_create(table, placed) or table.definition.body_span is None:
        return None
    column = placed.column
    style = table_style(ctx, table)
    unicode = column.data_type is not None and column.data_type.name.upper() in _UNICODE_TYPES
    name = unique_name(
        f"CK_{table.name.name}_{column.name}", taken_names(ctx.catalog, table.schema)
    )
    listed = ", ".join(_quote(v, unicode) for v in values)
    element = (
        f"{style.kw('CONSTRAINT')} {style.name(name)} {style.kw('CHECK')} "
        f"({quote_column(column.name)} {style.kw('IN')} ({listed}))"
    )
    edit = add_table_element(ctx.file(table.path), table, element)
    if edit is None:
        return None
    return Fix(f"Add CHECK constraint {name}", UNSAFE, [edit])
