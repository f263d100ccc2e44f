"""The project model: one Table per table, whichever files define it, and what uses it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ..parse.nodes import (
    Column,
    Constraint,
    Index,
    IndexColumn,
    Module,
    ObjectName,
    OtherObject,
    ParsedFile,
    TableDef,
    TableKey,
)


@dataclass(slots=True)
class Placed:
    """A column, constraint or index with the file it is written in."""

    path: str


@dataclass(slots=True)
class TableColumn(Placed):
    column: Column


@dataclass(slots=True)
class TableConstraint(Placed):
    constraint: Constraint


@dataclass(slots=True)
class TableIndex(Placed):
    index: Index

    @property
    def key_names(self) -> list[str]:
        return [c.name for c in self.index.columns]


@dataclass(slots=True)
class Table:
    key: TableKey
    name: ObjectName
    path: str
    definition: TableDef
    columns: list[TableColumn] = field(default_factory=list)
    constraints: list[TableConstraint] = field(default_factory=list)
    indexes: list[TableIndex] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    history_table: ObjectName | None = None
    period: tuple[str, str] | None = None
    duplicates: list[str] = field(default_factory=list)  # other files that CREATE it again

    @property
    def schema(self) -> str:
        return self.name.schema or "dbo"

    @property
    def display(self) -> str:
        return f"{self.schema}.{self.name.name}"

    @property
    def is_type(self) -> bool:
        return self.definition.is_type

    @property
    def memory_optimized(self) -> bool:
        return self.options.get("MEMORY_OPTIMIZED", "").upper() == "ON"

    @property
    def durability(self) -> str | None:
        if not self.memory_optimized:
            return None
        return self.options.get("DURABILITY", "SCHEMA_AND_DATA").upper()

    @property
    def temporal(self) -> bool:
        return self.options.get("SYSTEM_VERSIONING", "").upper().startswith("ON")

    @property
    def ledger(self) -> bool:
        return self.options.get("LEDGER", "").upper().startswith("ON")

    @property
    def graph(self) -> str | None:
        return self.definition.graph

    @property
    def storage_flags(self) -> list[str]:
        """What sets the table apart from a plain disk-based rowstore, in words."""
        flags = []
        if self.memory_optimized:
            flags.append(f"memory-optimized, DURABILITY = {self.durability}")
        if self.temporal:
            flags.append("system-versioned")
        if self.ledger:
            flags.append("ledger")
        if self.graph:
            flags.append(f"graph {self.graph.lower()}")
        return flags

    def column(self, name: str) -> TableColumn | None:
        lower = name.lower()
        for col in self.columns:
            if col.column.name.lower() == lower:
                return col
        return None

    def constraints_of(self, kind: str) -> list[TableConstraint]:
        return [c for c in self.constraints if c.constraint.kind == kind]

    @property
    def primary_key(self) -> TableConstraint | None:
        pks = self.constraints_of("PRIMARY KEY")
        return pks[0] if pks else None


@dataclass(slots=True)
class PlacedModule(Placed):
    module: Module


@dataclass(slots=True)
class Catalog:
    tables: dict[TableKey, Table] = field(default_factory=dict)
    modules: list[PlacedModule] = field(default_factory=list)
    others: list[tuple[str, OtherObject]] = field(default_factory=list)
    # Statements about tables the project never creates (ALTER TABLE / CREATE INDEX on them).
    orphans: list[tuple[str, object]] = field(default_factory=list)

    def table(self, name: ObjectName | TableKey | str) -> Table | None:
        if isinstance(name, ObjectName):
            return self.tables.get(name.key())
        if isinstance(name, str):
            schema, _, table = name.rpartition(".")
            return self.tables.get(((schema or "dbo").lower(), table.lower()))
        return self.tables.get(name)

    def real_tables(self) -> Iterator[Table]:
        """Tables, not table types."""
        return (t for t in self.tables.values() if not t.is_type)

    def users_of(self, key: TableKey) -> list[PlacedModule]:
        return [
            m
            for m in self.modules
            if m.module.kind != "SCRIPT" and any(r.name.key() == key for r in m.module.usage.tables)
        ]


def build_catalog(files: list[tuple[str, ParsedFile]], base: Catalog | None = None) -> Catalog:
    """Merge parsed files into one catalog; ``base`` (not modified) is seen beneath them."""
    catalog = Catalog()
    if base is not None:
        catalog.tables = {k: _copy_table(t) for k, t in base.tables.items()}
        catalog.modules = list(base.modules)
        catalog.others = list(base.others)
    for path, parsed in files:
        for table_def in parsed.tables:
            _add_table(catalog, path, table_def)
    for path, parsed in files:
        for alter in parsed.alters:
            table = catalog.table(alter.table)
            if table is None:
                catalog.orphans.append((path, alter))
                continue
            table.columns.extend(TableColumn(path, c) for c in alter.columns)
            for c in alter.constraints:
                _add_constraint(table, path, c)
            table.indexes.extend(TableIndex(path, i) for i in alter.indexes)
            table.options.update(alter.options)
            if alter.history_table is not None:
                table.history_table = alter.history_table
            if alter.period is not None:
                table.period = alter.period
            for changed in alter.altered_columns:
                existing = table.column(changed.name)
                if existing is not None:
                    existing.column = _altered(existing.column, changed)
        for index in parsed.indexes:
            table = catalog.table(index.table)
            if table is None:
                catalog.orphans.append((path, index))
                continue
            table.indexes.append(TableIndex(path, index))
        catalog.modules.extend(PlacedModule(path, m) for m in parsed.modules)
        catalog.others.extend((path, o) for o in parsed.others)
    return catalog


def _add_table(catalog: Catalog, path: str, table_def: TableDef) -> None:
    key = table_def.name.key()
    existing = catalog.tables.get(key)
    if existing is not None:
        existing.duplicates.append(path)
        return
    table = Table(key, table_def.name, path, table_def, options=dict(table_def.options))
    table.history_table = table_def.history_table
    table.period = table_def.period
    table.columns = [TableColumn(path, c) for c in table_def.columns]
    for c in table_def.constraints:
        _add_constraint(table, path, c)
    table.indexes.extend(TableIndex(path, i) for i in table_def.indexes)
    table.indexes.sort(key=lambda i: i.index.span[0])  # declaration order
    catalog.tables[key] = table


def _add_constraint(table: Table, path: str, c: Constraint) -> None:
    table.constraints.append(TableConstraint(path, c))
    if c.kind in ("PRIMARY KEY", "UNIQUE"):
        if c.hash:
            kind, clustered = "hash", False
        elif c.clustered is None:
            clustered = c.kind == "PRIMARY KEY" and not _has_clustered(table)
            clustered = clustered and table.options.get("MEMORY_OPTIMIZED", "").upper() != "ON"
            kind = "clustered" if clustered else "nonclustered"
        else:
            clustered = c.clustered
            kind = "clustered" if clustered else "nonclustered"
        columns = tuple(
            IndexColumn(name, c.descending[k] if k < len(c.descending) else False)
            for k, name in enumerate(c.columns)
        )
        index = Index(
            c.name,
            table.name,
            kind,
            c.span,
            clustered=clustered,
            unique=True,
            columns=columns,
            options=dict(c.options),
            origin="constraint",
            constraint=c.kind,
        )
        table.indexes.append(TableIndex(path, index))


def _has_clustered(table: Table) -> bool:
    return any(i.index.clustered for i in table.indexes) or any(
        i.clustered for i in table.definition.indexes
    )


def _altered(column: Column, change: Column) -> Column:
    return replace(
        column,
        data_type=change.data_type or column.data_type,
        nullable=change.nullable if change.nullable is not None else column.nullable,
        collation=change.collation or column.collation,
    )


def _copy_table(table: Table) -> Table:
    return Table(
        table.key,
        table.name,
        table.path,
        table.definition,
        list(table.columns),
        list(table.constraints),
        list(table.indexes),
        dict(table.options),
        table.history_table,
        table.period,
        list(table.duplicates),
    )
