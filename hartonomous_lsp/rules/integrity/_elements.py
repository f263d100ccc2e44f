"""Helpers shared by the integrity rules: names, history tables, style.

Not a rule (the registry loads only ``ht<code>_<name>`` modules).
"""

from __future__ import annotations

from ...catalog.model import Catalog, Table, TableColumn
from ...fixes.style import Style, style_of
from ..base import Context


def history_tables(catalog: Catalog) -> set[tuple[str, str]]:
    """Keys of the tables that are another table's SYSTEM_VERSIONING history table.

    A history table may have no constraints at all (no PRIMARY KEY, FOREIGN KEY or CHECK).
    """
    return {t.history_table.key() for t in catalog.tables.values() if t.history_table is not None}


def declared_in_create(table: Table, column: TableColumn) -> bool:
    """Whether the column is written in the table's own CREATE TABLE (not a later ALTER)."""
    start, end = table.definition.span
    return column.path == table.path and start <= column.column.span[0] < end


def taken_names(catalog: Catalog, schema: str) -> set[str]:
    """Object names already used in a schema (constraints and tables), lower-case."""
    names: set[str] = set()
    for table in catalog.tables.values():
        if table.schema.lower() != schema.lower():
            continue
        names.add(table.name.name.lower())
        names.update(c.constraint.name.lower() for c in table.constraints if c.constraint.name)
        names.update(i.index.name.lower() for i in table.indexes if i.index.name)
    return names


def unique_name(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... when the schema already has that name."""
    base = base[:120]
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}_{n}"
    return name


def table_style(ctx: Context, table: Table) -> Style:
    return style_of(ctx.file(table.path).source)


def quote_column(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"
