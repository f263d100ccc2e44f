"""Index grammar: CREATE [UNIQUE] [NON]CLUSTERED [COLUMNSTORE|HASH] / VECTOR / JSON / XML /
SPATIAL INDEX, and the index tails shared with inline indexes and key constraints."""

from __future__ import annotations

from .cursor import Cursor
from .nodes import Index, IndexColumn, ObjectName, Span

# Words that end a filter predicate or a statement when met at depth 0.
STATEMENT_WORDS = frozenset(
    [
        "ALTER",
        "BEGIN",
        "CREATE",
        "DECLARE",
        "DELETE",
        "DROP",
        "ELSE",
        "END",
        "EXEC",
        "EXECUTE",
        "GO",
        "IF",
        "INSERT",
        "MERGE",
        "PRINT",
        "RAISERROR",
        "RETURN",
        "SELECT",
        "SET",
        "THROW",
        "TRUNCATE",
        "UPDATE",
        "USE",
        "WHILE",
        "GRANT",
        "DENY",
        "REVOKE",
    ]
)
FILTER_STOPS = STATEMENT_WORDS | {"WITH", "ON", "FILESTREAM_ON"}


def key_columns(cur: Cursor) -> tuple[IndexColumn, ...]:
    """``( a [ASC|DESC], ... )``"""
    cur.expect_op("(")
    cols = []
    while True:
        tok = cur.identifier("a column name")
        desc = False
        if cur.accept_word("DESC"):
            desc = True
        else:
            cur.accept_word("ASC")
        cols.append(IndexColumn(tok.value, desc))
        if not cur.accept_op(","):
            break
    cur.expect_op(")")
    return tuple(cols)


def with_options(cur: Cursor) -> dict[str, str]:
    """``WITH ( NAME = value, ... )`` or the legacy ``WITH FILLFACTOR = n``; upper-case keys."""
    options: dict[str, str] = {}
    if cur.at_word("FILLFACTOR", k=0):
        key = cur.next().upper
        cur.expect_op("=")
        options[key] = cur.next().text
        return options
    cur.expect_op("(")
    while not cur.accept_op(")"):
        key = cur.identifier("an option name").upper
        value = ""
        if cur.accept_op("="):
            span = cur.value_until(frozenset())
            value = _text(cur, span)
        elif cur.at_op("("):  # e.g. LEDGER_VIEW (...) or FOR ( paths )
            span = cur.skip_parens()
            value = _text(cur, span)
        options[key] = value
        cur.accept_op(",")
    return options


def storage(cur: Cursor) -> str:
    """``ON fg`` / ``ON ps(col)`` / ``ON "default"`` after ON was taken."""
    tok = cur.identifier("a filegroup or partition scheme")
    text = tok.value
    if cur.at_op("("):
        cols = cur.name_list()
        text += "(" + ", ".join(c.value for c in cols) + ")"
    return text


def index_tail(cur: Cursor, index: Index) -> None:
    """INCLUDE, WHERE, WITH, ON, FILESTREAM_ON, ORDER, in any order."""
    while True:
        if cur.accept_word("INCLUDE"):
            index.include = tuple(t.value for t in cur.name_list())
        elif cur.at_word("WHERE"):
            cur.next()
            span = cur.value_until(FILTER_STOPS, stop_ops=(",", ";"))
            index.filter = _text(cur, span)
        elif cur.accept_word("WITH"):
            index.options.update(with_options(cur))
        elif cur.accept_word("ON"):
            index.storage = storage(cur)
        elif cur.accept_word("FILESTREAM_ON"):
            cur.identifier("a filegroup")
        elif cur.accept_word("ORDER"):  # ordered columnstore
            index.options["ORDER"] = ", ".join(t.value for t in cur.name_list())
        elif cur.accept_word("USING"):  # XML / spatial
            index.options["USING"] = _using_clause(cur)
        elif cur.accept_word("FOR"):  # JSON index paths
            index.options["FOR"] = _text(cur, cur.skip_parens())
        else:
            return


def _using_clause(cur: Cursor) -> str:
    words = []
    while cur.at_identifier() or cur.at_word("INDEX", "FOR"):
        words.append(cur.next().text)
        if cur.at_op("("):
            break
    return " ".join(words)


def create_index(cur: Cursor, start: int) -> Index:
    """From after CREATE to the end of a CREATE ... INDEX statement."""
    unique = bool(cur.accept_word("UNIQUE"))
    clustered: bool | None = None
    kind, primary_xml = "", False
    if cur.accept_word("CLUSTERED"):
        clustered = True
    elif cur.accept_word("NONCLUSTERED"):
        clustered = False
    if cur.accept_word("COLUMNSTORE"):
        kind = "columnstore"
    elif cur.accept_word("HASH"):
        kind = "hash"
    elif cur.accept_word("VECTOR"):
        kind = "vector"
    elif cur.accept_word("JSON"):
        kind = "json"
    elif cur.accept_word("SPATIAL"):
        kind = "spatial"
    elif cur.accept_word("PRIMARY"):
        cur.expect_word("XML")
        kind, primary_xml = "xml", True
    elif cur.accept_word("XML"):
        kind = "xml"
    cur.expect_word("INDEX")
    name = cur.identifier("an index name").value
    cur.expect_word("ON")
    table = cur.object_name("a table name")
    if not kind:
        kind = "clustered" if clustered else "nonclustered"
    index = Index(name, table, kind, (start, start), clustered=bool(clustered), unique=unique)
    if primary_xml:
        index.options["PRIMARY"] = "ON"
    if cur.at_op("("):
        index.columns = key_columns(cur)
    elif kind != "columnstore":
        raise cur.fail("expected '(' and the index's columns")
    index_tail(cur, index)
    return index


def inline_index(cur: Cursor, table: ObjectName, start: int) -> Index:
    """``INDEX name [UNIQUE] [[NON]CLUSTERED] [HASH|COLUMNSTORE] (cols) ...`` in a table body."""
    name = cur.identifier("an index name").value
    unique = bool(cur.accept_word("UNIQUE"))
    clustered = False
    if cur.accept_word("CLUSTERED"):
        clustered = True
    else:
        cur.accept_word("NONCLUSTERED")
    kind = "clustered" if clustered else "nonclustered"
    if cur.accept_word("HASH"):
        kind = "hash"
    elif cur.accept_word("COLUMNSTORE"):
        kind = "columnstore"
    index = Index(name, table, kind, (start, start), clustered=clustered, unique=unique)
    index.origin = "inline"
    if cur.at_op("("):
        index.columns = key_columns(cur)
    elif kind != "columnstore":
        raise cur.fail("expected '(' and the index's columns")
    index_tail(cur, index)
    return index


def _text(cur: Cursor, span: Span) -> str:
    return cur.source(span)
