"""One file of T-SQL → ParsedFile: batches, DDL statements wherever they stand (control flow
included), module headers and bodies, and everything else scanned for usage."""

from __future__ import annotations

import re

from ..source.batches import split_batches
from ..source.lexer import SQLCMD, WORD, Token, lex
from .cursor import Cursor, ParseFail
from .indexes import create_index
from .nodes import Include, Module, ObjectName, OtherObject, ParsedFile, Problem, Usage
from .tables import _NotATableType, _Unmodeled, alter_table, create_table
from .usage import scan_usage

MODULE_KINDS = {
    "PROC": "PROCEDURE",
    "PROCEDURE": "PROCEDURE",
    "VIEW": "VIEW",
    "FUNCTION": "FUNCTION",
    "TRIGGER": "TRIGGER",
}
_INDEX_LEAD = frozenset(
    [
        "UNIQUE",
        "CLUSTERED",
        "NONCLUSTERED",
        "INDEX",
        "COLUMNSTORE",
        "VECTOR",
        "JSON",
        "XML",
        "PRIMARY",
        "SPATIAL",
    ]
)
_OBJECT_WORDS = frozenset(
    [
        "TABLE",
        "INDEX",
        "VIEW",
        "PROC",
        "PROCEDURE",
        "FUNCTION",
        "TRIGGER",
        "TYPE",
        "UNIQUE",
        "CLUSTERED",
        "NONCLUSTERED",
    ]
)
_INCLUDE = re.compile(r":r\s+(\"[^\"]*\"|\S.*?)\s*$", re.I)


def parse_text(text: str) -> ParsedFile:
    lexed = lex(text)
    parsed = ParsedFile(comments=lexed.comments)
    parsed.errors.extend(Problem((e.start, e.end), e.message) for e in lexed.errors)
    parsed.line_count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    tokens: list[Token] = []
    for tok in lexed.tokens:
        if tok.kind == SQLCMD:
            m = _INCLUDE.match(tok.text.strip())
            if m:
                parsed.includes.append(Include(m.group(1).strip('"'), (tok.start, tok.end)))
        else:
            tokens.append(tok)
    script = Usage()
    batches = split_batches(tokens)
    parsed.batches = len(batches)
    for start, end in batches:
        _Batch(text, tokens, start, end, parsed, script).parse()
    if script.tables or script.values or script.json or script.rows:
        parsed.modules.append(Module("SCRIPT", None, (0, len(text)), (0, len(text)), script))
    return parsed


class _Batch:
    def __init__(
        self,
        text: str,
        tokens: list[Token],
        start: int,
        end: int,
        parsed: ParsedFile,
        script: Usage,
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.start = start
        self.end = end
        self.parsed = parsed
        self.script = script

    def parse(self) -> None:
        tokens, i, segment = self.tokens, self.start, self.start
        while i < self.end:
            tok = tokens[i]
            if tok.kind == WORD and tok.text.upper() in ("CREATE", "ALTER"):
                handled_to = self._statement(i)
                if handled_to is not None:
                    self._scan(segment, i)
                    i = segment = handled_to
                    continue
            elif tok.kind == WORD and i + 1 < self.end:
                self._typo(i)
            i += 1
        self._scan(segment, self.end)

    def _scan(self, start: int, end: int) -> None:
        if end <= start:
            return
        usage = scan_usage(self.tokens, start, end)
        self.script.tables.extend(usage.tables)
        self.script.values.extend(usage.values)
        self.script.json.extend(usage.json)
        self.script.columns.extend(usage.columns)
        self.script.rows.extend(usage.rows)

    def _typo(self, i: int) -> bool:
        """A misspelt CREATE/ALTER in front of an object keyword (``CRATE TABLE``)."""
        tok, nxt = self.tokens[i], self.tokens[i + 1]
        word = tok.text.upper()
        if nxt.kind != WORD or nxt.text.upper() not in _OBJECT_WORDS or len(word) < 4:
            return False
        if i > self.start and not (
            self.tokens[i - 1].kind == WORD or self.tokens[i - 1].text == ";"
        ):
            return False
        for keyword in ("CREATE", "ALTER"):
            if word != keyword and _near(word, keyword):
                self.parsed.errors.append(
                    Problem(
                        (tok.start, tok.end),
                        f"unknown statement {tok.text!r}: did you mean {keyword}?",
                    )
                )
                return True
        return False

    def _statement(self, i: int) -> int | None:
        """Parse the DDL statement at token i; return where scanning resumes, or None."""
        tokens = self.tokens
        verb = tokens[i].text.upper()
        cur = Cursor(self.text, tokens, i + 1, self.end)
        start = tokens[i].start
        if verb == "CREATE" and cur.accept_words("OR", "ALTER"):
            verb = "CREATE OR ALTER"
        head = cur.peek()
        if head is None or head.kind != WORD:
            return None
        word = head.text.upper()
        try:
            if word in MODULE_KINDS:
                return self._module(cur, i, MODULE_KINDS[word])
            if verb == "ALTER":
                if word == "TABLE":
                    cur.next()
                    self.parsed.alters.append(alter_table(cur, start))
                    return self._finish(cur)
                self._skip(start, f"ALTER {word}")
                return None
            if word == "TABLE":
                cur.next()
                table = create_table(cur, start)
                if not table.name.is_temporary:
                    self.parsed.tables.append(table)
                return self._finish(cur)
            if word in _INDEX_LEAD and self._is_index(cur):
                index = create_index(cur, start)
                index.span = (start, tokens[cur.i - 1].end)
                if not index.table.is_temporary:
                    self.parsed.indexes.append(index)
                return self._finish(cur)
            if word == "TYPE":
                cur.next()
                mark = cur.i
                try:
                    table = create_table(cur, start, is_type=True)
                except _NotATableType:
                    cur.i = mark
                    self.parsed.others.append(
                        OtherObject("TYPE", cur.object_name(), (start, head.end))
                    )
                    return None
                self.parsed.tables.append(table)
                return self._finish(cur)
            self._other(cur, word, start)
            return None
        except _Unmodeled as exc:
            self._skip(start, str(exc))
            return None
        except ParseFail as fail:
            self.parsed.errors.append(Problem(fail.span, fail.message))
            return max(cur.i, i + 1)

    def _is_index(self, cur: Cursor) -> bool:
        for k in range(5):
            tok = cur.peek(k)
            if tok is None or tok.kind != WORD:
                return False
            if tok.text.upper() == "INDEX":
                return True
            if tok.text.upper() not in _INDEX_LEAD:
                return False
        return False

    def _finish(self, cur: Cursor) -> int:
        cur.accept_op(";")
        return cur.i

    def _skip(self, start: int, what: str) -> None:
        self.parsed.skipped.append(Problem((start, start), what))

    def _other(self, cur: Cursor, word: str, start: int) -> None:
        cur.next()
        name: ObjectName | None = None
        if cur.at_identifier():
            try:
                name = cur.object_name()
            except ParseFail:
                name = None
        self.parsed.others.append(OtherObject(word, name, (start, cur.tokens[cur.i - 1].end)))

    def _module(self, cur: Cursor, i: int, kind: str) -> int:
        """A procedure, view, function or trigger: the header, then the body to batch end."""
        tokens = self.tokens
        cur.next()
        name = cur.object_name(f"the {kind.lower()}'s name")
        target = None
        if kind == "TRIGGER" and cur.accept_word("ON"):
            if cur.at_word("DATABASE", "ALL"):
                cur.next()
            else:
                target = cur.object_name("the trigger's table")
        body = _body_start(tokens, cur.i, self.end)
        if body is None:
            raise ParseFail(
                tokens[self.end - 1] if self.end > cur.i else None,
                f"expected AS and the body of {kind.lower()} {name.display()}",
                tokens[self.end - 1].end,
            )
        usage = scan_usage(tokens, body, self.end)
        last = tokens[self.end - 1]
        body_start = tokens[body].start if body < self.end else last.end
        self.parsed.modules.append(
            Module(kind, name, (tokens[i].start, last.end), (body_start, last.end), usage, target)
        )
        return self.end


def _body_start(tokens: list[Token], i: int, end: int) -> int | None:
    """The token after the header's AS (not a parameter's ``@p AS int``, not EXECUTE AS)."""
    depth = 0
    for j in range(i, end):
        tok = tokens[j]
        if tok.kind == "op":
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth -= 1
            continue
        if depth or tok.kind != WORD or tok.text.upper() != "AS":
            continue
        prev = tokens[j - 1]
        if prev.kind == "var" or (prev.kind == WORD and prev.text.upper() in ("EXECUTE", "EXEC")):
            continue
        return j + 1
    return None


def _near(word: str, keyword: str) -> bool:
    """Edit distance at most 1, or a transposition: a typo, not another word."""
    if abs(len(word) - len(keyword)) > 1:
        return False
    if len(word) == len(keyword):
        diffs = [k for k in range(len(word)) if word[k] != keyword[k]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and (word[diffs[0]] == keyword[diffs[1]] and word[diffs[1]] == keyword[diffs[0]])
        )
    short, long_ = (word, keyword) if len(word) < len(keyword) else (keyword, word)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))
