"""Hover, definitions, references and symbols, read from the catalog's symbol index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from ..catalog.model import Catalog, Table
from ..catalog.symbols import Occurrence, Symbol, SymbolIndex
from ..parse.nodes import Column
from ..report.locate import display_path
from ..rules.base import Finding, find_rule
from ..source.text import SourceText
from .convert import uri_of
from .positions import to_range


@dataclass(slots=True)
class Files:
    """How navigation reads a project's files: their text, and paths as the project shows them."""

    source_of: Callable[[Path], SourceText | None]
    root: Path


_SYMBOL_KINDS = {
    "table": types.SymbolKind.Struct,
    "type": types.SymbolKind.TypeParameter,
    "view": types.SymbolKind.Interface,
    "procedure": types.SymbolKind.Function,
    "function": types.SymbolKind.Function,
    "trigger": types.SymbolKind.Event,
    "index": types.SymbolKind.Key,
    "column": types.SymbolKind.Field,
}


def _type(column: Column) -> str:
    if column.computed is not None:
        return f"AS {column.computed}"
    if column.data_type is None:
        return "?"
    dt = column.data_type
    return f"{dt.name}({', '.join(dt.args)})" if dt.args else dt.name


def _line(files: Files, path: str | Path, offset: int) -> str:
    source = files.source_of(Path(path))
    line = source.position(offset)[0] + 1 if source is not None else 0
    return f"{display_path(Path(path), files.root)}:{line}"


def table_markdown(table: Table, catalog: Catalog, files: Files) -> str:
    kind = "table type" if table.is_type else "table"
    out = [f"**{table.display}** ({', '.join([kind, *table.storage_flags])})", ""]
    out.append(f"Defined in `{_line(files, table.path, table.definition.span[0])}`")
    out += ["", "| column | type | null |", "|---|---|---|"]
    for col in table.columns:
        c = col.column
        null = "" if c.nullable is None else ("NULL" if c.nullable else "NOT NULL")
        out.append(f"| {c.name} | {_type(c)} | {null} |")
    pk = table.primary_key
    out.append("")
    if pk is not None:
        out.append(f"Primary key: ({', '.join(pk.constraint.columns)})")
    for fk in table.constraints_of("FOREIGN KEY"):
        c = fk.constraint
        ref = c.ref_table.display() if c.ref_table else "?"
        out.append(f"FK ({', '.join(c.columns)}) → {ref} ({', '.join(c.ref_columns)})")
    for ix in table.indexes:
        i = ix.index
        name = i.name or i.constraint or "inline"
        cols = ", ".join(ix.key_names)
        out.append(f"Index {name} [{i.kind}] ({cols}) — `{_line(files, ix.path, i.span[0])}`")
    users = catalog.users_of(table.key)
    if users:
        names = sorted({u.module.name.display() for u in users if u.module.name is not None})
        out.append(f"Used by: {', '.join(names)}")
    return "\n".join(out)


def column_markdown(table: Table, column_name: str, files: Files) -> str | None:
    col = table.column(column_name)
    if col is None:
        return None
    c = col.column
    null = "" if c.nullable is None else (" NULL" if c.nullable else " NOT NULL")
    where = _line(files, col.path, c.name_span[0])
    return f"**{table.display}.{c.name}** `{_type(c)}{null}`\n\nDefined in `{where}`"


def hover(
    occ: Occurrence | None,
    findings: list[Finding],
    offset: int,
    catalog: Catalog,
    source: SourceText,
    files: Files,
    encoding: str,
) -> types.Hover | None:
    parts = []
    hit_range = None
    for f in findings:
        if f.span[0] <= offset <= f.span[1]:
            rule = find_rule(f.code)
            summary = rule.summary if rule else ""
            parts.append(f"**{f.code}** {f.name}: {summary}\n\n{f.message}")
            hit_range = hit_range or f.span
    if occ is not None:
        table = catalog.tables.get(occ.table)
        if table is not None:
            text = (
                table_markdown(table, catalog, files)
                if occ.column is None
                else column_markdown(table, occ.column, files)
            )
            if text:
                parts.append(text)
                hit_range = occ.span
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
        ),
        range=to_range(source, hit_range, encoding) if hit_range else None,
    )


def location(occ: Occurrence | Symbol, files: Files, encoding: str) -> types.Location | None:
    source = files.source_of(occ.path)
    if source is None:
        return None
    span = occ.name_span if isinstance(occ, Symbol) else occ.span
    return types.Location(uri=uri_of(occ.path), range=to_range(source, span, encoding))


def references(
    index: SymbolIndex, occ: Occurrence, include_declaration: bool, files: Files, encoding: str
) -> list[types.Location]:
    out = []
    for ref in index.references(occ.table, occ.column):
        if ref.definition and not include_declaration:
            continue
        loc = location(ref, files, encoding)
        if loc is not None:
            out.append(loc)
    return out


def document_symbols(
    symbols: list[Symbol], source: SourceText, encoding: str
) -> list[types.DocumentSymbol]:
    parents: dict[str, types.DocumentSymbol] = {}
    out: list[types.DocumentSymbol] = []
    for sym in symbols:
        ds = types.DocumentSymbol(
            name=sym.name,
            kind=_SYMBOL_KINDS.get(sym.kind, types.SymbolKind.Object),
            range=to_range(source, sym.span, encoding),
            selection_range=to_range(source, sym.name_span, encoding),
            detail=sym.kind,
            children=[] if sym.kind in ("table", "type") else None,
        )
        parent = parents.get(sym.container or "") if sym.container else None
        if parent is not None and parent.children is not None and sym.kind == "column":
            parent.children.append(ds)
            continue
        if sym.kind in ("table", "type"):
            parents[sym.name] = ds
        out.append(ds)
    return out


def workspace_symbols(
    symbols: list[Symbol], query: str, files: Files, encoding: str, limit: int = 500
) -> list[types.WorkspaceSymbol]:
    wanted = query.lower()
    out = []
    for sym in symbols:
        if sym.kind == "column" or wanted not in sym.name.lower():
            continue
        loc = location(sym, files, encoding)
        if loc is None:
            continue
        out.append(
            types.WorkspaceSymbol(
                name=sym.name,
                kind=_SYMBOL_KINDS.get(sym.kind, types.SymbolKind.Object),
                location=loc,
                container_name=sym.container,
            )
        )
        if len(out) >= limit:
            break
    return out
