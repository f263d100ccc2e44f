"""Table grammar: CREATE TABLE, CREATE TYPE ... AS TABLE and ALTER TABLE, every column,
constraint and inline index form SQL Server accepts, each with its exact span."""

from __future__ import annotations

from ..source.lexer import QUOTED, STRING, WORD
from .cursor import Cursor, ParseFail
from .indexes import index_tail, inline_index, key_columns, storage, with_options
from .nodes import (
    AlterTable,
    Column,
    Constraint,
    DataType,
    Index,
    IndexColumn,
    ObjectName,
    TableDef,
)

# Types whose names are written in upper case in the model (user types keep their spelling).
SYSTEM_TYPES = frozenset(
    [
        "BIGINT",
        "BINARY",
        "BIT",
        "CHAR",
        "CURSOR",
        "DATE",
        "DATETIME",
        "DATETIME2",
        "DATETIMEOFFSET",
        "DECIMAL",
        "FLOAT",
        "GEOGRAPHY",
        "GEOMETRY",
        "HIERARCHYID",
        "IMAGE",
        "INT",
        "JSON",
        "MONEY",
        "NCHAR",
        "NTEXT",
        "NUMERIC",
        "NVARCHAR",
        "REAL",
        "ROWVERSION",
        "SMALLDATETIME",
        "SMALLINT",
        "SMALLMONEY",
        "SQL_VARIANT",
        "SYSNAME",
        "TABLE",
        "TEXT",
        "TIME",
        "TIMESTAMP",
        "TINYINT",
        "UNIQUEIDENTIFIER",
        "VARBINARY",
        "VARCHAR",
        "VECTOR",
        "XML",
    ]
)
_ELEMENT_END = (",", ")")
# Depth-0 words that end a DEFAULT expression or a column definition's options.
_COLUMN_OPTION_WORDS = frozenset(
    [
        "CONSTRAINT",
        "NULL",
        "NOT",
        "DEFAULT",
        "IDENTITY",
        "ROWGUIDCOL",
        "SPARSE",
        "FILESTREAM",
        "MASKED",
        "ENCRYPTED",
        "GENERATED",
        "HIDDEN",
        "PERSISTED",
        "PRIMARY",
        "UNIQUE",
        "FOREIGN",
        "REFERENCES",
        "CHECK",
        "INDEX",
        "COLLATE",
        "WITH",
    ]
)
_REFERENTIAL_ACTIONS = ("NO ACTION", "CASCADE", "SET NULL", "SET DEFAULT")


def data_type(cur: Cursor) -> DataType:
    first = cur.identifier("a data type")
    parts = [first.value]
    last = first
    while cur.at_op("."):
        cur.next()
        last = cur.identifier("a data type")
        parts.append(last.value)
    if len(parts) == 1 and parts[0].upper() == "DOUBLE" and cur.at_word("PRECISION"):
        last = cur.next()
        parts = ["FLOAT"]
    if len(parts) == 1 and parts[0].upper() in SYSTEM_TYPES:
        name = parts[0].upper()
    elif len(parts) == 2 and parts[0].lower() == "sys" and parts[1].upper() in SYSTEM_TYPES:
        name = parts[1].upper()
    else:
        name = ".".join(parts)
    args: list[str] = []
    if cur.at_op("("):
        cur.next()
        while True:
            words = []
            while not (cur.at_op(",") or cur.at_op(")")):
                tok = cur.next()
                words.append(tok.value if tok.kind == QUOTED else tok.text)
            if not words:
                raise cur.fail("expected a type argument")
            if len(words) > 1 and name != "XML":  # XML(CONTENT schema) takes two words
                raise ParseFail(
                    cur.tokens[cur.i - len(words) + 1],
                    f"unexpected {words[1]!r} in the arguments of {name}",
                )
            arg = " ".join(words)
            args.append(arg.upper() if arg.upper() == "MAX" else arg)
            if cur.accept_op(")"):
                last = cur.peek(-1) or last
                break
            cur.expect_op(",")
    return DataType(name, tuple(args), (first.start, last.end))


def _constraint_name(cur: Cursor) -> str | None:
    if cur.accept_word("CONSTRAINT"):
        return cur.identifier("a constraint name").value
    return None


def _key_kind(cur: Cursor, constraint: Constraint) -> None:
    if cur.accept_word("CLUSTERED"):
        constraint.clustered = True
    elif cur.accept_word("NONCLUSTERED"):
        constraint.clustered = False
    if cur.accept_word("HASH"):
        constraint.hash = True
        constraint.clustered = False


def _key_tail(cur: Cursor, constraint: Constraint) -> None:
    while True:
        if cur.accept_word("WITH"):
            constraint.options.update(with_options(cur))
        elif cur.accept_word("ON"):
            constraint.options["ON"] = storage(cur)
        elif cur.accept_word("NOT"):
            cur.expect_word("FOR")
            cur.expect_word("REPLICATION")
        else:
            return


def _references(cur: Cursor, constraint: Constraint) -> None:
    cur.expect_word("REFERENCES")
    constraint.ref_table = cur.object_name("the referenced table")
    if cur.at_op("("):
        constraint.ref_columns = tuple(t.value for t in cur.name_list())
    while True:
        if cur.at_word("ON") and cur.at_word("DELETE", "UPDATE", k=1):
            cur.next()
            which = cur.next().upper
            action = _referential_action(cur)
            if which == "DELETE":
                constraint.on_delete = action
            else:
                constraint.on_update = action
        elif cur.accept_words("NOT", "FOR", "REPLICATION"):
            constraint.options["NOT FOR REPLICATION"] = "ON"
        else:
            return


def _referential_action(cur: Cursor) -> str:
    for action in _REFERENTIAL_ACTIONS:
        if cur.accept_words(*action.split()):
            return action
    raise cur.fail("expected NO ACTION, CASCADE, SET NULL or SET DEFAULT")


def _check(cur: Cursor, constraint: Constraint) -> None:
    cur.expect_word("CHECK")
    if cur.accept_words("NOT", "FOR", "REPLICATION"):
        constraint.options["NOT FOR REPLICATION"] = "ON"
    span = cur.skip_parens()
    constraint.expression = cur.source(span).strip()
    constraint.expression_span = span


def table_constraint(cur: Cursor, start: int, name: str | None) -> Constraint | None:
    """PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK / CONNECTION / DEFAULT ... FOR at table level."""
    tok = cur.peek()
    word = tok.upper if tok is not None and tok.kind == WORD else ""
    if word == "PRIMARY":
        cur.next()
        cur.expect_word("KEY")
        c = Constraint("PRIMARY KEY", name, (), (start, start))
    elif word == "UNIQUE":
        cur.next()
        c = Constraint("UNIQUE", name, (), (start, start))
    elif word == "FOREIGN":
        cur.next()
        cur.expect_word("KEY")
        c = Constraint("FOREIGN KEY", name, (), (start, start))
        c.columns = tuple(t.value for t in cur.name_list())
        _references(cur, c)
        return c
    elif word == "CHECK":
        c = Constraint("CHECK", name, (), (start, start))
        _check(cur, c)
        return c
    elif word == "CONNECTION":
        cur.next()
        c = Constraint("CONNECTION", name, (), (start, start))
        c.expression = cur.source(cur.skip_parens()).strip()
        if cur.accept_word("ON"):
            cur.expect_word("DELETE")
            c.on_delete = _referential_action(cur)
        return c
    elif word == "DEFAULT":
        cur.next()
        c = Constraint("DEFAULT", name, (), (start, start))
        span = cur.value_until(frozenset({"FOR"}))
        c.expression, c.expression_span = cur.source(span).strip(), span
        cur.expect_word("FOR")
        c.columns = (cur.identifier("a column name").value,)
        cur.accept_words("WITH", "VALUES")
        return c
    else:
        return None
    _key_kind(cur, c)
    cols = key_columns(cur)
    c.columns = tuple(col.name for col in cols)
    c.descending = tuple(col.descending for col in cols)
    _key_tail(cur, c)
    return c


def column_definition(
    cur: Cursor, table: ObjectName, column: Column
) -> tuple[list[Constraint], list[Index]]:
    """Everything after a column's name, up to the ``,`` or ``)`` that ends it."""
    constraints: list[Constraint] = []
    indexes: list[Index] = []
    if cur.accept_word("AS"):
        span = cur.value_until(_COLUMN_OPTION_WORDS)
        column.computed = cur.source(span).strip()
    else:
        column.data_type = data_type(cur)
    while not (cur.at_end() or cur.at_op(",") or cur.at_op(")")):
        start = cur.peek().start
        name = _constraint_name(cur)
        if cur.accept_word("NULL"):
            column.nullable = True
        elif cur.accept_words("NOT", "NULL"):
            column.nullable = False
        elif cur.accept_word("PERSISTED"):
            column.persisted = True
        elif cur.accept_word("DEFAULT"):
            c = Constraint("DEFAULT", name, (column.name,), (start, start))
            span = cur.value_until(_COLUMN_OPTION_WORDS)
            c.expression, c.expression_span = cur.source(span).strip(), span
            cur.accept_words("WITH", "VALUES")
            constraints.append(_close(cur, c))
        elif cur.accept_word("IDENTITY"):
            column.identity = True
            if cur.at_op("("):
                cur.skip_parens()
            cur.accept_words("NOT", "FOR", "REPLICATION")
        elif cur.accept_word("ROWGUIDCOL"):
            column.rowguidcol = True
        elif cur.accept_word("SPARSE"):
            column.sparse = True
        elif cur.accept_word("FILESTREAM"):
            column.filestream = True
        elif cur.accept_word("HIDDEN"):
            column.hidden = True
        elif cur.accept_word("COLLATE"):
            column.collation = cur.identifier("a collation").value
        elif cur.accept_word("MASKED"):
            cur.expect_word("WITH")
            options = _paren_options(cur)
            column.masked = options.get("FUNCTION", "")
        elif cur.accept_word("ENCRYPTED"):
            cur.expect_word("WITH")
            cur.skip_parens()
            column.encrypted = True
        elif cur.accept_word("GENERATED"):
            cur.expect_word("ALWAYS")
            cur.expect_word("AS")
            what = [cur.next().upper]
            what.append(cur.expect_word("START", "END").upper)
            column.generated = " ".join(what)
            if cur.accept_word("HIDDEN"):
                column.hidden = True
        elif cur.at_word("PRIMARY", "UNIQUE"):
            c = Constraint(
                "PRIMARY KEY" if cur.next().upper == "PRIMARY" else "UNIQUE",
                name,
                (column.name,),
                (start, start),
            )
            if c.kind == "PRIMARY KEY":
                cur.expect_word("KEY")
            _key_kind(cur, c)
            if cur.at_op("("):  # memory-optimized: PRIMARY KEY NONCLUSTERED HASH (c) ...
                c.columns = tuple(col.name for col in key_columns(cur))
            _key_tail(cur, c)
            constraints.append(_close(cur, c))
        elif cur.at_word("FOREIGN", "REFERENCES"):
            if cur.accept_word("FOREIGN"):
                cur.expect_word("KEY")
            c = Constraint("FOREIGN KEY", name, (column.name,), (start, start))
            _references(cur, c)
            constraints.append(_close(cur, c))
        elif cur.at_word("CHECK"):
            c = Constraint("CHECK", name, (column.name,), (start, start))
            _check(cur, c)
            constraints.append(_close(cur, c))
        elif cur.accept_word("INDEX"):
            index = inline_index_column(cur, table, column, start)
            indexes.append(index)
        elif name is not None:
            raise cur.fail("expected a constraint after CONSTRAINT name")
        else:
            raise cur.fail(f"unexpected word in the definition of column {column.name}")
    return constraints, indexes


def inline_index_column(cur: Cursor, table: ObjectName, column: Column, start: int) -> Index:
    """Column-level ``INDEX name [NON]CLUSTERED [HASH] [WITH (...)]``."""
    name = cur.identifier("an index name").value
    clustered = bool(cur.accept_word("CLUSTERED"))
    if not clustered:
        cur.accept_word("NONCLUSTERED")
    kind = "clustered" if clustered else "nonclustered"
    if cur.accept_word("HASH"):
        kind = "hash"
    index = Index(name, table, kind, (start, start), clustered=clustered, origin="inline")
    index.columns = (IndexColumn(column.name),)
    index_tail(cur, index)
    return _close(cur, index)


def _close(cur: Cursor, node):
    """Set a node's span end to the last token taken."""
    last = cur.tokens[cur.i - 1]
    node.span = (node.span[0], last.end)
    return node


def _paren_options(cur: Cursor) -> dict[str, str]:
    options: dict[str, str] = {}
    cur.expect_op("(")
    while not cur.accept_op(")"):
        key = cur.identifier("an option name").upper
        cur.expect_op("=")
        tok = cur.next()
        options[key] = tok.value if tok.kind in (STRING, QUOTED) else tok.text
        cur.accept_op(",")
    return options


def table_elements(
    cur: Cursor, table: ObjectName, target: TableDef | AlterTable, alter: bool
) -> None:
    """The comma-separated list of column definitions, constraints, indexes and periods."""
    while True:
        tok = cur.peek()
        if tok is None:
            raise cur.fail("unexpected end inside the table definition")
        start = tok.start
        name = _constraint_name(cur)
        if name is not None or cur.at_word("PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONNECTION"):
            c = table_constraint(cur, start, name)
            if c is None:
                raise cur.fail("expected PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or DEFAULT")
            target.constraints.append(_close(cur, c))
        elif alter and cur.at_word("DEFAULT"):
            c = table_constraint(cur, start, None)
            target.constraints.append(_close(cur, c))
        elif cur.at_word("INDEX") and tok.kind == WORD:
            cur.next()
            target.indexes.append(_close(cur, inline_index(cur, table, start)))
        elif cur.at_word("PERIOD") and cur.at_word("FOR", k=1):
            cur.next()
            cur.next()
            cur.expect_word("SYSTEM_TIME")
            cols = cur.name_list()
            target.period = (cols[0].value, cols[-1].value)
        else:
            name_tok = cur.identifier("a column name")
            column = Column(name_tok.value, (start, start), (name_tok.start, name_tok.end))
            constraints, indexes = column_definition(cur, table, column)
            target.columns.append(_close(cur, column))
            target.constraints.extend(constraints)
            target.indexes.extend(indexes)
        if not cur.accept_op(","):
            return
        if alter and not (
            cur.at_identifier()
            or cur.at_word(
                "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "INDEX", "PERIOD", "DEFAULT"
            )
        ):
            return


def create_table(cur: Cursor, start: int, is_type: bool = False) -> TableDef:
    """From after ``CREATE TABLE`` (or ``CREATE TYPE``) to the end of the statement."""
    name = cur.object_name("a table name")
    table = TableDef(name, (start, start), is_type=is_type)
    if is_type:
        if not cur.accept_word("AS"):
            raise _NotATableType()
        cur.expect_word("TABLE")
    elif cur.at_word("WITH", "AS"):
        # CREATE TABLE ... [WITH (DISTRIBUTION = ...)] AS SELECT: Synapse's CTAS, whose
        # columns are whatever the query returns. Not guessed.
        raise _Unmodeled("CREATE TABLE AS SELECT (columns come from the query)")
    open_tok = cur.expect_op("(")
    table_elements(cur, name, table, alter=False)
    close_tok = cur.expect_op(")")
    table.body_span = (open_tok.end, close_tok.start)
    _table_options(cur, table)
    return _close(cur, table)


class _NotATableType(Exception):
    """CREATE TYPE ... FROM base: an alias type, not a table type."""


def _table_options(cur: Cursor, table: TableDef) -> None:
    while True:
        if cur.accept_word("WITH"):
            options = with_options(cur)
            _apply_options(cur, table, options)
        elif cur.accept_word("ON"):
            table.storage = storage(cur)
            if "(" in table.storage:
                table.partition_scheme = table.storage.split("(")[0]
        elif cur.accept_word("TEXTIMAGE_ON", "FILESTREAM_ON"):
            cur.identifier("a filegroup")
        elif cur.at_word("AS") and cur.at_word("NODE", "EDGE", "FILETABLE", k=1):
            cur.next()
            kind = cur.next().upper
            if kind in ("NODE", "EDGE"):
                table.graph = kind
            else:
                table.options["FILETABLE"] = "ON"
        else:
            return


def _apply_options(cur: Cursor, target: TableDef | AlterTable, options: dict[str, str]) -> None:
    for key, value in options.items():
        target.options[key] = value.strip()
    versioning = options.get("SYSTEM_VERSIONING", "")
    if "HISTORY_TABLE" in versioning.upper():
        inner = versioning[versioning.index("(") + 1 :] if "(" in versioning else versioning
        target.history_table = _history_table(cur, inner)
        target.options["SYSTEM_VERSIONING"] = versioning.split("(")[0].strip().upper()
    if "DURABILITY" in target.options:
        target.options["DURABILITY"] = target.options["DURABILITY"].upper()
    if "MEMORY_OPTIMIZED" in target.options:
        target.options["MEMORY_OPTIMIZED"] = target.options["MEMORY_OPTIMIZED"].upper()


def _history_table(cur: Cursor, text: str) -> ObjectName | None:
    from ..source.lexer import lex

    tokens = lex(text).tokens
    for k, tok in enumerate(tokens):
        if tok.kind == WORD and tok.upper == "HISTORY_TABLE" and k + 2 < len(tokens):
            sub = Cursor(text, tokens, k + 2, len(tokens))
            try:
                name = sub.object_name()
            except Exception:
                return None
            return ObjectName(name.parts, (0, 0))
    return None


def alter_table(cur: Cursor, start: int) -> AlterTable:
    """From after ``ALTER TABLE`` to the end of the statement."""
    name = cur.object_name("a table name")
    alter = AlterTable(name, (start, start))
    nocheck = False
    if cur.at_word("WITH") and cur.at_word("CHECK", "NOCHECK", k=1):
        cur.next()
        nocheck = cur.next().upper == "NOCHECK"
    if cur.accept_word("ADD"):
        table_elements(cur, name, alter, alter=True)
        for c in alter.constraints:
            c.nocheck = nocheck
        for index in alter.indexes:
            index.origin = "alter table"
    elif cur.accept_word("SET"):
        _apply_options(cur, alter, with_options(cur))
    elif cur.accept_word("ALTER"):
        cur.expect_word("COLUMN")
        name_tok = cur.identifier("a column name")
        column = Column(
            name_tok.value, (name_tok.start, name_tok.start), (name_tok.start, name_tok.end)
        )
        if cur.accept_word("ADD", "DROP"):
            raise _Unmodeled("ALTER COLUMN ... ADD/DROP property")
        column.data_type = data_type(cur)
        while not cur.at_end() and not cur.at_op(";"):
            if cur.accept_word("NULL"):
                column.nullable = True
            elif cur.accept_words("NOT", "NULL"):
                column.nullable = False
            elif cur.accept_word("COLLATE"):
                column.collation = cur.identifier("a collation").value
            else:
                break
        alter.altered_columns.append(_close(cur, column))
    else:
        raise _Unmodeled("ALTER TABLE " + (cur.peek().upper if cur.peek() else ""))
    return _close(cur, alter)


class _Unmodeled(Exception):
    """A valid statement form the model does not represent: skipped and recorded."""
