"""What the parser extracts from one file: plain, picklable records with exact source spans.

A span is a pair of offsets ``(start, end)`` into the file's decoded text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]
TableKey = tuple[str, str]  # (schema, name), lower-cased


@dataclass(slots=True)
class ObjectName:
    parts: tuple[str, ...]
    span: Span

    @property
    def name(self) -> str:
        return self.parts[-1]

    @property
    def schema(self) -> str | None:
        return self.parts[-2] if len(self.parts) >= 2 else None

    def key(self, default_schema: str = "dbo") -> TableKey:
        return ((self.schema or default_schema).lower(), self.name.lower())

    def display(self, default_schema: str = "dbo") -> str:
        return f"{self.schema or default_schema}.{self.name}"

    @property
    def is_temporary(self) -> bool:
        return self.name.startswith("#") or self.name.startswith("@")


@dataclass(slots=True)
class DataType:
    name: str  # upper-case for system types, as written (schema.name) for user types
    args: tuple[str, ...]
    span: Span

    def __str__(self) -> str:
        return f"{self.name}({','.join(self.args)})" if self.args else self.name

    @property
    def is_max(self) -> bool:
        return bool(self.args) and self.args[0] == "MAX"


@dataclass(slots=True)
class Column:
    name: str
    span: Span
    name_span: Span
    data_type: DataType | None = None
    nullable: bool | None = None  # None: not stated
    identity: bool = False
    computed: str | None = None
    persisted: bool = False
    collation: str | None = None
    sparse: bool = False
    rowguidcol: bool = False
    filestream: bool = False
    masked: str | None = None
    encrypted: bool = False
    generated: str | None = None  # "ROW START", "ROW END", ...
    hidden: bool = False


@dataclass(slots=True)
class Constraint:
    kind: str  # PRIMARY KEY | UNIQUE | FOREIGN KEY | CHECK | DEFAULT | CONNECTION
    name: str | None
    columns: tuple[str, ...]
    span: Span
    clustered: bool | None = None
    hash: bool = False
    ref_table: ObjectName | None = None
    ref_columns: tuple[str, ...] = ()
    on_delete: str | None = None
    on_update: str | None = None
    expression: str | None = None
    expression_span: Span | None = None
    nocheck: bool = False
    options: dict[str, str] = field(default_factory=dict)
    descending: tuple[bool, ...] = ()


@dataclass(slots=True)
class IndexColumn:
    name: str
    descending: bool = False


@dataclass(slots=True)
class Index:
    name: str | None
    table: ObjectName
    kind: str  # clustered | nonclustered | hash | columnstore | vector | json | xml | spatial
    span: Span
    clustered: bool = False
    unique: bool = False
    columns: tuple[IndexColumn, ...] = ()
    include: tuple[str, ...] = ()
    filter: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    storage: str | None = None  # filegroup or partition scheme, as written
    origin: str = "create index"  # inline | create index | alter table | constraint
    constraint: str | None = None  # PRIMARY KEY / UNIQUE when the index backs a constraint


@dataclass(slots=True)
class TableDef:
    name: ObjectName
    span: Span
    is_type: bool = False
    columns: list[Column] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    history_table: ObjectName | None = None
    period: tuple[str, str] | None = None
    graph: str | None = None  # NODE | EDGE
    storage: str | None = None
    partition_scheme: str | None = None
    body_span: Span | None = None  # between the parentheses of the element list


@dataclass(slots=True)
class AlterTable:
    table: ObjectName
    span: Span
    columns: list[Column] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    history_table: ObjectName | None = None
    period: tuple[str, str] | None = None
    altered_columns: list[Column] = field(default_factory=list)


@dataclass(slots=True)
class TableRef:
    name: ObjectName
    alias: str | None = None


@dataclass(slots=True)
class ValueUse:
    """A string literal assigned to or compared with a column."""

    column: str
    qualifier: str | None
    value: str
    span: Span  # the literal
    tables: tuple[TableKey, ...]  # candidate tables of the statement it sits in


@dataclass(slots=True)
class JsonUse:
    """A column handed to a JSON function (JSON_VALUE, OPENJSON, ISJSON, ...)."""

    column: str
    qualifier: str | None
    function: str
    span: Span  # the column reference
    tables: tuple[TableKey, ...]


@dataclass(slots=True)
class ColumnRef:
    column: str
    qualifier: str | None
    span: Span
    tables: tuple[TableKey, ...]


@dataclass(slots=True)
class RowsBlock:
    """A large ``INSERT ... (columns) VALUES`` row list, expanded into ValueUses on demand."""

    columns: tuple[str, ...]
    span: Span
    tables: tuple[TableKey, ...]


@dataclass(slots=True)
class Usage:
    """What a body of code does with tables: references, values, JSON access."""

    tables: list[TableRef] = field(default_factory=list)
    values: list[ValueUse] = field(default_factory=list)
    json: list[JsonUse] = field(default_factory=list)
    columns: list[ColumnRef] = field(default_factory=list)
    rows: list[RowsBlock] = field(default_factory=list)


@dataclass(slots=True)
class Module:
    kind: str  # PROCEDURE | VIEW | FUNCTION | TRIGGER | SCRIPT
    name: ObjectName | None
    span: Span
    body_span: Span
    usage: Usage
    target: ObjectName | None = None  # a trigger's table


@dataclass(slots=True)
class OtherObject:
    kind: str  # SCHEMA, SEQUENCE, TYPE, ROLE, ...
    name: ObjectName | None
    span: Span


@dataclass(slots=True)
class Problem:
    span: Span
    message: str


@dataclass(slots=True)
class Include:
    """A SQLCMD ``:r`` line."""

    path: str
    span: Span


@dataclass(slots=True)
class ParsedFile:
    tables: list[TableDef] = field(default_factory=list)
    alters: list[AlterTable] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)
    others: list[OtherObject] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    comments: list[Span] = field(default_factory=list)
    batches: int = 0
    line_count: int = 0
