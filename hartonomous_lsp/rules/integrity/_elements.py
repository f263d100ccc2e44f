"""Helpers shared by the integrity rules: adding a table-level element to a CREATE TABLE.

Not a rule (the registry loads only ``ht<code>_<name>`` modules).
"""

from __future__ import annotations

from pathlib import Path

from ...catalog.model import Catalog, Table, TableColumn
from ...fixes.style import Style, style_of
from ..base import Context, Edit


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


def add_table_element(ctx: Context, table: Table, element: str) -> Edit | None:
    """An edit that adds ``element`` as the last element of the table's CREATE TABLE list.

    It goes right after the last character of code in the body (before a trailing comment,
    so that the comma cannot end up inside the comment), on a line of its own, indented like
    the line it follows; a one-line CREATE TABLE stays on one line.
    """
    body = table.definition.body_span
    if body is None:
        return None
    source = ctx.file(table.path)
    text = source.source.text
    comments = source.parsed.comments
    start, pos = body
    while pos > start:
        while pos > start and text[pos - 1].isspace():
            pos -= 1
        inside = next((c for c in comments if c[0] < pos <= c[1] and c[0] >= start), None)
        if inside is None:
            break
        pos = inside[0]
    if pos <= start:
        return None
    style = style_of(source.source)
    line_start = text.rfind("\n", 0, pos) + 1
    if line_start <= start:  # CREATE TABLE t (a INT, b INT): stay on the line
        sep = " "
    else:
        line = text[line_start:pos]
        indent = line[: len(line) - len(line.lstrip(" \t"))] or style.indent
        sep = style.newline + indent
    # After a trailing comma (SQL Server accepts one), the new element keeps it last.
    content = f"{sep}{element}," if text[pos - 1] == "," else f",{sep}{element}"
    return Edit(Path(table.path), pos, pos, content)


def quote_column(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"
