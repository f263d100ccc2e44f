"""Where a new index goes, shared by the indexing rules (not a rule itself).

A project that keeps a table's indexes in files of their own gets a new file named like its
siblings (registered in a classic ``.sqlproj`` when no wildcard covers it); a memory-optimized
table gets an inline ``INDEX`` element, since SSDT rejects CREATE INDEX on one; otherwise the
statement follows the table's CREATE TABLE in the same file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ...catalog.model import Table, TableIndex
from ...fixes.style import Style, style_of
from ...fixes.table_edits import add_table_element
from ...source.text import SourceText, try_read_source
from ..base import Context, Edit

_GO_LINE = re.compile(r"^[ \t]*GO[ \t]*(?:--[^\r\n]*)?$", re.I | re.M)
_ITEMGROUP_END = re.compile(r"</ItemGroup\s*>", re.I)
_PROJECT_END = re.compile(r"</Project\s*>", re.I)


def uses_go(text: str) -> bool:
    """Whether a file separates its batches with GO lines."""
    return _GO_LINE.search(text) is not None


def statement_end(text: str, end: int) -> int:
    """The offset after a statement that ends at ``end``, its ``;`` included when present."""
    k = end
    while k < len(text) and text[k] in " \t":
        k += 1
    return k + 1 if k < len(text) and text[k] == ";" else end


def unique_index_name(table: Table, wanted: str) -> str:
    """``wanted``, or ``wanted_2``, ... when the table already has an index of that name."""
    taken = {(i.index.name or "").lower() for i in table.indexes}
    name, n = wanted, 2
    while name.lower() in taken:
        name, n = f"{wanted}_{n}", n + 1
    return name


def separate_index_file(table: Table) -> TableIndex | None:
    """A CREATE INDEX on the table that lives in a file other than the table's."""
    for ti in table.indexes:
        if ti.index.origin == "create index" and ti.path != table.path:
            return ti
    return None


def column_list(style: Style, columns: Sequence[str]) -> str:
    return ", ".join(style.name(c) for c in columns)


def create_index_statement(
    style: Style, table: Table, name: str, columns: Sequence[str], include: Sequence[str] = ()
) -> str:
    text = (
        f"{style.kw('CREATE NONCLUSTERED INDEX')} {style.name(name)} {style.kw('ON')} "
        f"{style.name(table.schema, table.name.name)} ({column_list(style, columns)})"
    )
    if include:
        text += f" {style.kw('INCLUDE')} ({column_list(style, include)})"
    return text + ";"


def index_edits(
    ctx: Context, table: Table, name: str, columns: Sequence[str], include: Sequence[str] = ()
) -> list[Edit]:
    """The edits that add a nonclustered index to the table, where the project keeps them."""
    if table.memory_optimized:
        return _inline_edits(ctx, table, name, columns)
    sibling = separate_index_file(table)
    if sibling is not None:
        return _separate_file_edits(ctx, table, sibling, name, columns, include)
    source = ctx.file(table.path).source
    style = style_of(source)
    statement = create_index_statement(style, table, name, columns, include)
    return [after_table_edit(source, table, statement)]


def after_table_edit(source: SourceText, table: Table, statement: str) -> Edit:
    """``statement`` right after the table's CREATE TABLE, in a batch of its own if the file
    uses GO."""
    text, nl = source.text, source.newline
    at = statement_end(text, table.definition.span[1])
    content = f"{nl}GO{nl}{nl}{statement}" if uses_go(text) else f"{nl}{nl}{statement}"
    return Edit(Path(table.path), at, at, content)


def append_edit(source: SourceText, path: Path, block: str) -> Edit:
    """``block`` at the end of a file, after a GO line when the file uses them."""
    text, nl = source.text, source.newline
    lead = "" if not text or text.endswith(("\n", "\r")) else nl
    if text.strip():
        lead += nl + (f"GO{nl}" if uses_go(text) else "")
    return Edit(path, len(text), len(text), f"{lead}{block}{nl}")


def _inline_edits(ctx: Context, table: Table, name: str, columns: Sequence[str]) -> list[Edit]:
    """An ``INDEX`` element after the table's last element (memory-optimized nonclustered
    indexes cover every column, so there is no INCLUDE)."""
    file = ctx.file(table.path)
    style = style_of(file.source)
    element = (
        f"{style.kw('INDEX')} {style.name(name)} {style.kw('NONCLUSTERED')} "
        f"({column_list(style, columns)})"
    )
    edit = add_table_element(file, table, element)
    return [edit] if edit is not None else []


def _separate_file_edits(
    ctx: Context,
    table: Table,
    sibling: TableIndex,
    name: str,
    columns: Sequence[str],
    include: Sequence[str],
) -> list[Edit]:
    sibling_path = Path(sibling.path)
    sibling_source = ctx.file(sibling_path).source
    style = style_of(sibling_source)
    statement = create_index_statement(style, table, name, columns, include)
    stem = sibling_path.stem
    old = sibling.index.name or ""
    if not old or old not in stem:
        # The sibling holds several indexes (``Indexes/Orders.sql``): add this one to it.
        return [append_edit(sibling_source, sibling_path, statement)]
    new_path = _free_path(sibling_path.with_name(stem.replace(old, name) + sibling_path.suffix))
    edits = [Edit(new_path, 0, 0, statement + sibling_source.newline)]
    sqlproj = ctx.loaded.project.sqlproj
    if sqlproj is not None and not sqlproj.covers(new_path):
        edit = register_edit(sqlproj.path, new_path, "Build")
        if edit is not None:
            edits.append(edit)
    return edits


def _free_path(path: Path) -> Path:
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}_{n}{path.suffix}")
        n += 1
    return candidate


def register_edit(sqlproj_path: Path, path: Path, item: str) -> Edit | None:
    """An edit of the .sqlproj adding ``<item Include="rel\\path" />``, next to the other
    items of that kind when there are some, else in an ItemGroup of its own."""
    source = try_read_source(sqlproj_path)
    if source is None:
        return None
    text, nl = source.text, source.newline
    try:
        rel = str(path.relative_to(sqlproj_path.parent)).replace("/", "\\")
    except ValueError:
        return None
    first = re.search(rf"<{item}\s[^>]*?\bInclude\s*=", text, re.I)
    if first is not None:
        line_start = text.rfind("\n", 0, first.start()) + 1
        indent = text[line_start : first.start()]
        close = _ITEMGROUP_END.search(text, first.end())
        if close is not None and not indent.strip():
            at = text.rfind("\n", 0, close.start()) + 1
            return Edit(sqlproj_path, at, at, f"{indent}<{item} Include={quoteattr(rel)} />{nl}")
    close = _PROJECT_END.search(text)
    if close is None:
        return None
    at = text.rfind("\n", 0, close.start()) + 1
    block = f"  <ItemGroup>{nl}    <{item} Include={quoteattr(rel)} />{nl}  </ItemGroup>{nl}"
    return Edit(sqlproj_path, at, at, block)
