"""A cursor over one batch's tokens, with the small vocabulary every grammar rule uses."""

from __future__ import annotations

from ..source.lexer import OP, QUOTED, SQLVAR, WORD, Token
from .nodes import ObjectName, Span


class ParseFail(Exception):
    def __init__(self, token: Token | None, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.token = token
        self.message = message
        self.offset = offset

    @property
    def span(self) -> Span:
        if self.token is None:
            return (self.offset, self.offset)
        return (self.token.start, self.token.end)


# Words that end a clause when met at depth 0; never taken as an alias or an identifier.
RESERVED = frozenset(
    [
        "ADD",
        "ALL",
        "ALTER",
        "AND",
        "ANY",
        "AS",
        "ASC",
        "BEGIN",
        "BETWEEN",
        "BREAK",
        "BY",
        "CASCADE",
        "CASE",
        "CHECK",
        "CLUSTERED",
        "COLLATE",
        "COLUMN",
        "COMMIT",
        "CONSTRAINT",
        "CONTINUE",
        "CREATE",
        "CROSS",
        "CURRENT",
        "DECLARE",
        "DEFAULT",
        "DELETE",
        "DESC",
        "DISTINCT",
        "DROP",
        "ELSE",
        "END",
        "EXCEPT",
        "EXEC",
        "EXECUTE",
        "EXISTS",
        "FETCH",
        "FOR",
        "FOREIGN",
        "FROM",
        "FULL",
        "FUNCTION",
        "GO",
        "GOTO",
        "GRANT",
        "GROUP",
        "HAVING",
        "IF",
        "IN",
        "INDEX",
        "INNER",
        "INSERT",
        "INTERSECT",
        "INTO",
        "IS",
        "JOIN",
        "KEY",
        "LEFT",
        "LIKE",
        "MERGE",
        "NONCLUSTERED",
        "NOT",
        "NULL",
        "OF",
        "ON",
        "OPTION",
        "OR",
        "ORDER",
        "OUTER",
        "OVER",
        "PERCENT",
        "PIVOT",
        "PRIMARY",
        "PRINT",
        "PROC",
        "PROCEDURE",
        "RAISERROR",
        "REFERENCES",
        "RETURN",
        "REVOKE",
        "RIGHT",
        "ROLLBACK",
        "SELECT",
        "SET",
        "TABLE",
        "THEN",
        "TO",
        "TOP",
        "TRAN",
        "TRANSACTION",
        "TRIGGER",
        "TRUNCATE",
        "UNION",
        "UNIQUE",
        "UNPIVOT",
        "UPDATE",
        "USE",
        "VALUES",
        "VIEW",
        "WHEN",
        "WHERE",
        "WHILE",
        "WITH",
    ]
)


class Cursor:
    __slots__ = ("end", "i", "text", "tokens")

    def __init__(self, text: str, tokens: list[Token], i: int, end: int) -> None:
        self.text = text
        self.tokens = tokens
        self.i = i
        self.end = end

    def source(self, span: Span) -> str:
        return self.text[span[0] : span[1]]

    # -- looking -------------------------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < self.end else None

    def at_end(self) -> bool:
        return self.i >= self.end

    def at_word(self, *words: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind == WORD and tok.text.upper() in words

    def at_op(self, op: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok is not None and tok.kind == OP and tok.text == op

    def at_identifier(self, k: int = 0) -> bool:
        tok = self.peek(k)
        if tok is None:
            return False
        if tok.kind in (QUOTED, SQLVAR):
            return True
        return tok.kind == WORD and tok.text.upper() not in RESERVED

    # -- taking --------------------------------------------------------------------------
    def next(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise self.fail("unexpected end of statement")
        self.i += 1
        return tok

    def accept_word(self, *words: str) -> Token | None:
        if self.at_word(*words):
            return self.next()
        return None

    def accept_words(self, *words: str) -> bool:
        """Take a whole phrase (``NOT FOR REPLICATION``) or nothing."""
        for k, word in enumerate(words):
            if not self.at_word(word, k=k):
                return False
        self.i += len(words)
        return True

    def expect_word(self, *words: str) -> Token:
        tok = self.accept_word(*words)
        if tok is None:
            raise self.fail(f"expected {' or '.join(words)}")
        return tok

    def accept_op(self, op: str) -> Token | None:
        if self.at_op(op):
            return self.next()
        return None

    def expect_op(self, op: str) -> Token:
        tok = self.accept_op(op)
        if tok is None:
            raise self.fail(f"expected '{op}'")
        return tok

    def identifier(self, what: str = "a name") -> Token:
        tok = self.peek()
        if tok is not None and (tok.kind in (QUOTED, SQLVAR) or tok.kind == WORD):
            self.i += 1
            return tok
        raise self.fail(f"expected {what}")

    def object_name(self, what: str = "an object name") -> ObjectName:
        first = self.identifier(what)
        parts = [first.value]
        last = first
        while self.at_op("."):
            self.i += 1
            if self.at_op("."):  # db..table
                parts.append("")
                continue
            last = self.identifier(what)
            parts.append(last.value)
        return ObjectName(
            tuple(p for p in parts if p != "") or (first.value,), (first.start, last.end)
        )

    def name_list(self) -> list[Token]:
        """``( a, b, c )`` of plain names."""
        self.expect_op("(")
        names = [self.identifier("a column name")]
        while self.accept_op(","):
            names.append(self.identifier("a column name"))
        self.expect_op(")")
        return names

    def skip_parens(self) -> Span:
        """Skip a balanced ``( ... )``; return the span inside the parentheses."""
        open_tok = self.expect_op("(")
        depth = 1
        while self.i < self.end:
            tok = self.tokens[self.i]
            self.i += 1
            if tok.kind == OP:
                if tok.text == "(":
                    depth += 1
                elif tok.text == ")":
                    depth -= 1
                    if depth == 0:
                        return (open_tok.end, tok.start)
        raise ParseFail(open_tok, "unclosed '(': no matching ')'")

    def value_until(self, stops: frozenset[str], stop_ops: tuple[str, ...] = (",", ")")) -> Span:
        """Skip an expression up to a depth-0 stop word or operator; return its span."""
        start_i = self.i
        depth = 0
        while self.i < self.end:
            tok = self.tokens[self.i]
            if tok.kind == OP:
                if tok.text == "(":
                    depth += 1
                elif tok.text == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and tok.text in stop_ops:
                    break
            elif depth == 0 and tok.kind == WORD and tok.text.upper() in stops:
                break
            self.i += 1
        if self.i == start_i:
            raise self.fail("expected an expression")
        return (self.tokens[start_i].start, self.tokens[self.i - 1].end)

    def fail(self, message: str) -> ParseFail:
        tok = self.peek()
        if tok is None:
            last = self.tokens[self.end - 1] if self.end > 0 else None
            return ParseFail(None, message, last.end if last else 0)
        return ParseFail(tok, f"{message}, found {tok.text[:40]!r}")
