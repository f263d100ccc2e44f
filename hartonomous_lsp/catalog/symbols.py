"""Where each table and column of the catalog is named: definitions and references, with
their source ranges, for hover, go-to-definition, find-references and symbol lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..parse.nodes import Constraint, ObjectName, ParsedFile, Span, TableKey
from .load import LoadedProject
from .model import Catalog, Table


@dataclass(frozen=True, slots=True)
class Occurrence:
    path: Path
    span: Span
    table: TableKey
    column: str | None  # lower-case; None for the table itself
    definition: bool


@dataclass(frozen=True, slots=True)
class Symbol:
    """A named object a file defines: a table (or table type), view, procedure, function,
    trigger or index."""

    path: Path
    kind: str
    name: str
    span: Span  # the whole statement
    name_span: Span
    container: str | None = None


@dataclass(slots=True)
class SymbolIndex:
    by_path: dict[Path, list[Occurrence]]
    symbols: list[Symbol]

    def at(self, path: Path, offset: int) -> Occurrence | None:
        best = None
        for occ in self.by_path.get(path, []):
            if occ.span[0] <= offset <= occ.span[1] and (
                best is None or occ.span[1] - occ.span[0] < best.span[1] - best.span[0]
            ):
                best = occ
        return best

    def references(self, table: TableKey, column: str | None) -> list[Occurrence]:
        return [
            occ
            for occs in self.by_path.values()
            for occ in occs
            if occ.table == table and occ.column == column
        ]

    def definition(self, table: TableKey, column: str | None) -> Occurrence | None:
        for occ in self.references(table, column):
            if occ.definition:
                return occ
        return None


def build_index(lp: LoadedProject) -> SymbolIndex:
    by_path: dict[Path, list[Occurrence]] = {}
    symbols: list[Symbol] = []
    for path, source in lp.files.items():
        by_path[path] = _index_file(path, source.parsed, lp.catalog_for(path), symbols)
    return SymbolIndex(by_path, symbols)


def _index_file(
    path: Path, parsed: ParsedFile, catalog: Catalog, symbols: list[Symbol]
) -> list[Occurrence]:
    found: list[Occurrence] = []

    def table_ref(name: ObjectName, definition: bool = False) -> TableKey | None:
        key = name.key()
        if key not in catalog.tables:
            return None
        found.append(Occurrence(path, name.span, key, None, definition))
        return key

    def constraint_refs(constraints: list[Constraint]) -> None:
        for c in constraints:
            if c.ref_table is not None:
                table_ref(c.ref_table)

    for table_def in parsed.tables:
        key = table_ref(table_def.name, definition=True)
        kind = "type" if table_def.is_type else "table"
        symbols.append(
            Symbol(
                path,
                kind,
                table_def.name.display(),
                table_def.span,
                table_def.name.span,
            )
        )
        for column in table_def.columns:
            if key is not None:
                found.append(Occurrence(path, column.name_span, key, column.name.lower(), True))
            symbols.append(
                Symbol(
                    path,
                    "column",
                    column.name,
                    column.span,
                    column.name_span,
                    table_def.name.display(),
                )
            )
        constraint_refs(table_def.constraints)
    for alter in parsed.alters:
        key = table_ref(alter.table)
        for column in alter.columns:
            if key is not None:
                found.append(Occurrence(path, column.name_span, key, column.name.lower(), True))
        constraint_refs(alter.constraints)
    for index in parsed.indexes:
        table_ref(index.table)
        if index.name:
            symbols.append(
                Symbol(
                    path,
                    "index",
                    index.name,
                    index.span,
                    index.table.span,
                    index.table.display(),
                )
            )
    for module in parsed.modules:
        if module.name is not None and module.kind != "SCRIPT":
            symbols.append(
                Symbol(
                    path,
                    module.kind.lower(),
                    module.name.display(),
                    module.span,
                    module.name.span,
                )
            )
        for ref in module.usage.tables:
            table_ref(ref.name)
        for col in module.usage.columns:
            table = _owner(catalog, col.tables, col.column)
            if table is not None:
                found.append(Occurrence(path, col.span, table.key, col.column.lower(), False))
    return found


def _owner(catalog: Catalog, candidates: tuple[TableKey, ...], column: str) -> Table | None:
    """The one candidate table that has the column (none when it is ambiguous)."""
    owners = [
        t for k in candidates if (t := catalog.tables.get(k)) is not None and t.column(column)
    ]
    return owners[0] if len(owners) == 1 else None
