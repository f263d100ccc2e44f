"""Edits inside a table's CREATE TABLE, shared by the rules whose fixes add to it."""

from __future__ import annotations

from pathlib import Path

from ..catalog.load import SourceFile
from ..catalog.model import Table
from ..rules.base import Edit
from .style import style_of


def add_table_element(source: SourceFile, table: Table, element: str) -> Edit | None:
    """An edit that adds ``element`` as the last element of the table's CREATE TABLE list.

    It goes right after the last character of code in the body (before a trailing comment,
    so that the comma cannot end up inside the comment), on a line of its own, indented like
    the line it follows; a one-line CREATE TABLE stays on one line.
    """
    body = table.definition.body_span
    if body is None:
        return None
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
