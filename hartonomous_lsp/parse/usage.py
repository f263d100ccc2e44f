"""A token scan of procedural code: which tables it touches, which string values it
assigns to or compares with which columns, and which columns it hands to JSON functions.

It reads any T-SQL, valid or not, parsable by sqlglot or not: it never fails, it only
records what it can see for certain.
"""

from __future__ import annotations

from ..source.lexer import OP, QUOTED, ROWS, SQLVAR, STRING, WORD, Token, lex
from .cursor import RESERVED
from .nodes import (
    ColumnRef,
    JsonUse,
    ObjectName,
    RowsBlock,
    TableKey,
    TableRef,
    Usage,
    ValueUse,
)

JSON_FUNCTIONS = frozenset(
    [
        "JSON_VALUE",
        "JSON_QUERY",
        "JSON_MODIFY",
        "OPENJSON",
        "ISJSON",
        "JSON_PATH_EXISTS",
        "JSON_CONTAINS",
    ]
)
# Statement starts at depth 0; a new statement resets aliases and candidate tables.
_STARTS = frozenset(
    [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "MERGE",
        "IF",
        "ELSE",
        "WHILE",
        "DECLARE",
        "SET",
        "RETURN",
        "BEGIN",
        "END",
        "EXEC",
        "EXECUTE",
        "PRINT",
        "THROW",
        "RAISERROR",
        "COMMIT",
        "ROLLBACK",
        "TRUNCATE",
        "OPEN",
        "FETCH",
        "CLOSE",
        "DEALLOCATE",
        "GOTO",
        "WAITFOR",
        "BREAK",
        "CONTINUE",
        "CREATE",
        "ALTER",
        "DROP",
        "GRANT",
        "DENY",
        "REVOKE",
        "USE",
    ]
)
_TABLE_AFTER = frozenset(["FROM", "JOIN", "INTO", "INSERT", "UPDATE", "MERGE", "TABLE"])
# After these a name followed by "(" is a table-valued function; elsewhere, a column list.
_FUNCTION_AFTER = frozenset(("FROM", "JOIN", "APPLY"))
_NOT_ALIAS = RESERVED | frozenset(
    [
        "APPLY",
        "CROSS",
        "OUTER",
        "INNER",
        "LEFT",
        "RIGHT",
        "FULL",
        "WHERE",
        "GROUP",
        "ORDER",
        "HAVING",
        "OPTION",
        "USING",
        "OUTPUT",
        "WHEN",
        "THEN",
        "FOR",
        "WITH",
        "ON",
        "SET",
        "VALUES",
        "SELECT",
        "TABLESAMPLE",
    ]
)
_COMPARE = frozenset(("=", "<>", "!="))


def _ident(tok: Token | None) -> bool:
    if tok is None:
        return False
    if tok.kind in (QUOTED, SQLVAR):
        return True
    return tok.kind == WORD and tok.text.upper() not in RESERVED


class _Statement:
    __slots__ = ("aliases", "kind", "refs", "select_seen", "set_seen")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.refs: list[TableRef] = []
        self.aliases: dict[str, ObjectName] = {}
        self.set_seen = False
        self.select_seen = False


def scan_usage(tokens: list[Token], start: int, end: int) -> Usage:
    usage = Usage()
    ctes = _cte_names(tokens, start, end)
    statements = _split(tokens, start, end)
    for s_start, s_end in statements:
        _scan_statement(tokens, s_start, s_end, usage, ctes)
    return usage


def _cte_names(tokens: list[Token], start: int, end: int) -> frozenset[str]:
    """Names defined by ``WITH name [(cols)] AS (`` and ``, name AS (``: not tables."""
    names = set()
    for i in range(start, end - 2):
        tok = tokens[i]
        if not (tok.kind == WORD and tok.text.upper() == "WITH") and not _is_op(tok, ","):
            continue
        j = i + 1
        if not _ident(tokens[j]):
            continue
        k = j + 1
        if k < end and _is_op(tokens[k], "("):
            depth = 0
            while k < end:
                if _is_op(tokens[k], "("):
                    depth += 1
                elif _is_op(tokens[k], ")"):
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            k += 1
        if (
            k + 1 < end
            and tokens[k].kind == WORD
            and tokens[k].text.upper() == "AS"
            and _is_op(tokens[k + 1], "(")
        ):
            names.add(tokens[j].value.lower())
    return frozenset(names)


def _split(tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """Statement boundaries: depth-0 statement words, with the continuations T-SQL allows."""
    bounds: list[tuple[int, int]] = []
    depth = 0
    case_depth = 0
    first = start
    lead = ""
    seen: set[str] = set()
    for i in range(start, end):
        tok = tokens[i]
        if tok.kind == OP:
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth = max(depth - 1, 0)
            elif tok.text == ";" and depth == 0:
                if i > first:
                    bounds.append((first, i))
                first, lead, seen = i + 1, "", set()
            continue
        if tok.kind != WORD or depth:
            continue
        word = tok.text.upper()
        if word == "CASE":
            case_depth += 1
            continue
        if case_depth:  # WHEN/ELSE/END inside CASE belong to the expression
            if word == "END":
                case_depth -= 1
            continue
        if word not in _STARTS:
            continue
        if _continues(lead, word, seen, tokens[i - 1] if i > start else None):
            seen.add(word)
            continue
        if i > first:
            bounds.append((first, i))
        first, lead, seen = i, word, {word}
    if end > first:
        bounds.append((first, end))
    return bounds


def _continues(lead: str, word: str, seen: set[str], prev: Token | None) -> bool:
    if (
        prev is not None
        and prev.kind == WORD
        and prev.text.upper() in ("UNION", "ALL", "EXCEPT", "INTERSECT", "THEN", "EXISTS")
    ):
        return word in ("SELECT", "UPDATE", "DELETE", "INSERT")
    if lead == "INSERT":
        return word in ("SELECT", "EXEC", "EXECUTE") and "SELECT" not in seen
    if lead == "UPDATE":
        return word == "SET" and "SET" not in seen
    if lead == "MERGE":
        return word in ("UPDATE", "DELETE", "INSERT", "SET", "SELECT")
    if lead == "DECLARE":
        return word == "CURSOR" or (
            word == "SELECT" and prev is not None and prev.text.upper() == "FOR"
        )
    if lead in ("BEGIN", "COMMIT", "ROLLBACK", "END"):
        return False
    return lead == "SELECT" and word in ("INTO",)


def _scan_statement(
    tokens: list[Token], start: int, end: int, usage: Usage, ctes: frozenset[str] = frozenset()
) -> None:
    stmt = _Statement(tokens[start].text.upper() if tokens[start].kind == WORD else "")
    _collect_tables(tokens, start, end, stmt, ctes)
    usage.tables.extend(stmt.refs)
    keys = tuple(dict.fromkeys(r.name.key() for r in stmt.refs if not r.name.is_temporary))
    table_ends = {r.name.span[1] for r in stmt.refs}
    i = start
    while i < end:
        tok = tokens[i]
        if tok.kind == WORD:
            upper = tok.text.upper()
            if upper in JSON_FUNCTIONS and i + 2 < end and _is_op(tokens[i + 1], "("):
                ref = _column_ref(tokens, i + 2, end)
                if ref is not None:
                    qualifier, column, span, after = ref
                    if (
                        after < end
                        and tokens[after].kind == OP
                        and tokens[after].text in (",", ")")
                    ):
                        usage.json.append(
                            JsonUse(column, qualifier, upper, span, _resolve(stmt, qualifier, keys))
                        )
            elif upper == "VALUES" and stmt.kind == "INSERT":
                _insert_values(tokens, start, i, end, keys, usage)
        if _ident(tok) and not (i > start and _is_op(tokens[i - 1], ".")):
            ref = _column_ref(tokens, i, end)
            if ref is not None:
                qualifier, column, span, after = ref
                if qualifier is not None and span[1] not in table_ends:
                    usage.columns.append(
                        ColumnRef(column, qualifier, span, _resolve(stmt, qualifier, keys))
                    )
                _values_after(tokens, after, end, column, qualifier, stmt, keys, usage)
                i = max(i + 1, after if qualifier else i + 1)
                continue
        if (
            tok.kind == STRING
            and i + 2 < end
            and tokens[i + 1].kind == OP
            and tokens[i + 1].text in _COMPARE
        ):
            ref = _column_ref(tokens, i + 2, end)
            if ref is not None:
                qualifier, column, _span, _after = ref
                usage.values.append(
                    ValueUse(
                        column,
                        qualifier,
                        tok.value,
                        (tok.start, tok.end),
                        _resolve(stmt, qualifier, keys),
                    )
                )
        i += 1


def _is_op(tok: Token, text: str) -> bool:
    return tok.kind == OP and tok.text == text


def _column_ref(
    tokens: list[Token], i: int, end: int
) -> tuple[str | None, str, tuple[int, int], int] | None:
    """``[qualifier.]column`` starting at i (not a variable, not a function call)."""
    if i >= end or not _ident(tokens[i]):
        return None
    names = [tokens[i]]
    j = i + 1
    while j + 1 < end and _is_op(tokens[j], ".") and _ident(tokens[j + 1]):
        names.append(tokens[j + 1])
        j += 2
    if j < end and _is_op(tokens[j], "("):
        return None  # a function call
    column = names[-1]
    qualifier = names[-2].value if len(names) >= 2 else None
    return qualifier, column.value, (column.start, column.end), j


def _values_after(
    tokens: list[Token],
    j: int,
    end: int,
    column: str,
    qualifier: str | None,
    stmt: _Statement,
    keys: tuple[TableKey, ...],
    usage: Usage,
) -> None:
    """``col = 'x'``, ``col IN ('a', 'b')``, ``col = CASE ... THEN 'a' ELSE 'b' END``."""
    if j >= end:
        return
    tok = tokens[j]
    tables = _resolve(stmt, qualifier, keys)
    if tok.kind == OP and tok.text in _COMPARE and j + 1 < end:
        nxt = tokens[j + 1]
        if nxt.kind == STRING:
            usage.values.append(
                ValueUse(column, qualifier, nxt.value, (nxt.start, nxt.end), tables)
            )
        elif nxt.kind == WORD and nxt.text.upper() == "CASE":
            for lit in _case_results(tokens, j + 2, end):
                usage.values.append(
                    ValueUse(column, qualifier, lit.value, (lit.start, lit.end), tables)
                )
        return
    k = j
    if tok.kind == WORD and tok.text.upper() == "NOT":
        k += 1
    if (
        k + 1 < end
        and tokens[k].kind == WORD
        and tokens[k].text.upper() == "IN"
        and _is_op(tokens[k + 1], "(")
    ):
        m = k + 2
        while m < end and tokens[m].kind == STRING:
            lit = tokens[m]
            usage.values.append(
                ValueUse(column, qualifier, lit.value, (lit.start, lit.end), tables)
            )
            if m + 1 < end and _is_op(tokens[m + 1], ","):
                m += 2
            else:
                break


def _case_results(tokens: list[Token], i: int, end: int) -> list[Token]:
    """String literals a CASE expression can produce (THEN and ELSE branches)."""
    found = []
    depth = 0
    while i < end:
        tok = tokens[i]
        if tok.kind == WORD:
            word = tok.text.upper()
            if word == "CASE":
                depth += 1
            elif word == "END":
                if depth == 0:
                    break
                depth -= 1
            elif word in ("THEN", "ELSE") and depth == 0 and i + 1 < end:
                nxt = tokens[i + 1]
                after = tokens[i + 2] if i + 2 < end else None
                # A lone literal, not the start of an expression ('a' + @x).
                lone = after is None or after.kind != OP or after.text in (")", ",")
                if nxt.kind == STRING and lone:
                    found.append(nxt)
        i += 1
    return found


def _insert_values(
    tokens: list[Token],
    start: int,
    values_at: int,
    end: int,
    keys: tuple[TableKey, ...],
    usage: Usage,
) -> None:
    """``INSERT [INTO] t (a, b) VALUES ('x', 'y'), ...``: pair each literal with its column."""
    columns = _insert_columns(tokens, start, values_at)
    if not columns:
        return
    i = values_at + 1
    if i < end and tokens[i].kind == ROWS:
        usage.rows.append(RowsBlock(tuple(columns), (tokens[i].start, tokens[i].end), keys))
        return
    _row_values(tokens, i, end, columns, keys, usage)


def expand_rows(text: str, block: RowsBlock) -> list[ValueUse]:
    """The ValueUses of a large row list, from the file's text."""
    start, end = block.span
    tokens = lex(text[start:end]).tokens
    for tok in tokens:
        tok.start += start
        tok.end += start
    usage = Usage()
    _row_values(tokens, 0, len(tokens), list(block.columns), block.tables, usage)
    return usage.values


def _row_values(
    tokens: list[Token],
    i: int,
    end: int,
    columns: list[str],
    keys: tuple[TableKey, ...],
    usage: Usage,
) -> None:
    while i < end and _is_op(tokens[i], "("):
        position, depth, single = 0, 0, True
        value_tok: Token | None = None
        i += 1
        while i < end:
            tok = tokens[i]
            if tok.kind == OP and tok.text in ("(", ")", ",") and not (tok.text == "(" or depth):
                if single and value_tok is not None and position < len(columns):
                    usage.values.append(
                        ValueUse(
                            columns[position],
                            None,
                            value_tok.value,
                            (value_tok.start, value_tok.end),
                            keys,
                        )
                    )
                if tok.text == ")":
                    i += 1
                    break
                position, single, value_tok = position + 1, True, None
            elif tok.kind == OP and tok.text == "(":
                depth += 1
                single = False
            elif tok.kind == OP and tok.text == ")":
                depth -= 1
            elif tok.kind == STRING and value_tok is None and depth == 0:
                value_tok = tok
            else:
                single = False
            i += 1
        if i < end and _is_op(tokens[i], ","):
            i += 1
        else:
            break


def _insert_columns(tokens: list[Token], start: int, values_at: int) -> list[str]:
    j = values_at - 1
    if j <= start or not _is_op(tokens[j], ")"):
        return []
    names: list[str] = []
    k = j - 1
    while k > start:
        tok = tokens[k]
        if _is_op(tok, "("):
            return list(reversed(names))
        if tok.kind in (WORD, QUOTED):
            names.append(tok.value)
        elif not _is_op(tok, ","):
            return []
        k -= 1
    return []


def _collect_tables(
    tokens: list[Token], start: int, end: int, stmt: _Statement, ctes: frozenset[str]
) -> None:
    i = start
    while i < end:
        tok = tokens[i]
        if tok.kind == WORD and tok.text.upper() in _TABLE_AFTER:
            word = tok.text.upper()
            j = i + 1
            if word == "MERGE" and j < end and tokens[j].kind == WORD and tokens[j].upper == "INTO":
                j += 1
            if word == "TABLE" and not (i > start and tokens[i - 1].upper in ("TRUNCATE",)):
                i += 1
                continue
            if (
                word == "INSERT"
                and j < end
                and tokens[j].kind == WORD
                and tokens[j].upper == "INTO"
            ):
                i += 1
                continue
            if j < end and tokens[j].kind == WORD and tokens[j].upper == "TOP":
                i += 1
                continue
            if j < end and _ident(tokens[j]) and not tokens[j].text.startswith("#"):
                name, after = _object_name(tokens, j, end)
                if word in _FUNCTION_AFTER and after < end and _is_op(tokens[after], "("):
                    i = after  # a table-valued function
                    continue
                if len(name.parts) == 1 and name.name.lower() in ctes:
                    i = after
                    continue
                alias = None
                k = after
                if k < end and tokens[k].kind == WORD and tokens[k].upper == "AS":
                    k += 1
                if (
                    k < end
                    and tokens[k].kind in (WORD, QUOTED)
                    and tokens[k].text.upper() not in _NOT_ALIAS
                ):
                    alias = tokens[k].value
                    k += 1
                if (
                    word == "UPDATE"
                    and len(name.parts) == 1
                    and name.name.lower() in {a.lower() for a in _aliases_ahead(tokens, k, end)}
                ):
                    i = k
                    continue
                stmt.refs.append(TableRef(name, alias))
                if alias:
                    stmt.aliases[alias.lower()] = name
                i = k
                continue
        i += 1


def _aliases_ahead(tokens: list[Token], start: int, end: int) -> list[str]:
    """Aliases declared later in the statement (``UPDATE o SET ... FROM Orders AS o``)."""
    found = []
    for i in range(start, end - 1):
        tok = tokens[i]
        if tok.kind == WORD and tok.upper in ("FROM", "JOIN") and _ident(tokens[i + 1]):
            _name, after = _object_name(tokens, i + 1, end)
            k = after
            if k < end and tokens[k].kind == WORD and tokens[k].upper == "AS":
                k += 1
            if (
                k < end
                and tokens[k].kind in (WORD, QUOTED)
                and tokens[k].text.upper() not in _NOT_ALIAS
            ):
                found.append(tokens[k].value)
    return found


def _object_name(tokens: list[Token], i: int, end: int) -> tuple[ObjectName, int]:
    parts = [tokens[i].value]
    first = last = tokens[i]
    j = i + 1
    while (
        j + 1 < end
        and _is_op(tokens[j], ".")
        and (_ident(tokens[j + 1]) or _is_op(tokens[j + 1], "."))
    ):
        if _is_op(tokens[j + 1], "."):
            j += 1
            continue
        last = tokens[j + 1]
        parts.append(last.value)
        j += 2
    return ObjectName(tuple(parts), (first.start, last.end)), j


def _resolve(
    stmt: _Statement, qualifier: str | None, keys: tuple[TableKey, ...]
) -> tuple[TableKey, ...]:
    if qualifier is None:
        return keys
    name = stmt.aliases.get(qualifier.lower())
    if name is not None:
        return (name.key(),)
    # A qualifier that is neither an alias nor a table of the statement (a CTE, a derived
    # table) names nothing we can vouch for.
    return tuple(k for k in keys if k[1] == qualifier.lower())
