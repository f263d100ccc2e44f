"""A T-SQL lexer that knows what sqlcmd knows: GO lines, SQLCMD directives, nested comments.

sqlglot's tokenizer is the reference for what a token is, but on real projects (10 MB of
post-deployment data in WWI) it costs more than the whole budget of a cold check, and it has
no notion of batches or SQLCMD lines. This lexer is one compiled regular expression driven
by a loop, with the few constructs a regex cannot express (nested block comments, GO lines)
handled by hand. Expressions and queries are still handed to sqlglot, as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = "word"  # identifiers and keywords, including #temp and ##global names
QUOTED = "quoted"  # [bracketed] or "double-quoted" identifier
STRING = "string"
NUMBER = "number"
VAR = "var"  # @local or @@system variable
OP = "op"
SQLVAR = "sqlvar"  # $(name) SQLCMD variable
SQLCMD = "sqlcmd"  # a whole :r / :setvar / ... line
GO = "go"  # a batch separator line
ROWS = "rows"  # the row list after a large VALUES, kept whole
ERROR = "error"

SQLCMD_COMMANDS = frozenset(
    [
        "r",
        "setvar",
        "on",
        "connect",
        "out",
        "error",
        "exit",
        "quit",
        "listvar",
        "reset",
        "ed",
        "serverlist",
        "xml",
        "help",
        "perftrace",
        "list",
    ]
)

_TOKEN = re.compile(
    r"""[ \t\r\n\f\v]*(?:
      (?P<string>[Nn]?'(?:[^']|'')*')
    | (?P<word>[^\W\d][\w@$#]*|\#\#?[\w@$#]*)
    | (?P<quoted>\[(?:[^\]]|\]\])*\]|"(?:[^"]|"")*")
    | (?P<var>@@?[\w@$#]*)
    | (?P<number>0[xX][0-9A-Fa-f]*|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<line_comment>--[^\r\n]*)
    | (?P<block>/\*)
    | (?P<sqlvar>\$\([A-Za-z_][\w]*\))
    | (?P<op><=|>=|<>|!=|!<|!>|\+=|-=|\*=|/=|%=|&=|\|=|\^=|::|[-+*/%=<>&|^~!.,;():{}$\\?])
    | (?P<open>['"\[])
    | (?P<other>\S)
    )""",
    re.X | re.S,
)
_GO_REST = re.compile(r"[ \t]*(?:(\d+)[ \t]*)?(?:--[^\r\n]*)?(?=\r?\n|\Z)")
_SQLCMD_LINE = re.compile(r":([A-Za-z]+)[^\r\n]*")
_GO_LINE = re.compile(r"^[ \t]*GO[ \t]*(?:\d+[ \t]*)?(?:--[^\r\n]*)?$", re.M | re.I)
_COMMENT_DELIM = re.compile(r"/\*|\*/")

# A VALUES row list, rows nested up to three parentheses deep (CAST(x AS NUMERIC(16, 6))).
# Data scripts hold megabytes of these; matching them whole in C instead of token by token
# is what keeps a cold check of a real project fast. Possessive quantifiers: no backtracking.
_STR = r"[Nn]?'(?:[^']|'')*+'"
_L1 = rf"\((?:[^()']++|{_STR})*+\)"
_L2 = rf"\((?:[^()']++|{_STR}|{_L1})*+\)"
_L3 = rf"\((?:[^()']++|{_STR}|{_L2})*+\)"
_ROW_LIST = re.compile(rf"[ \t\r\n]*{_L3}(?:[ \t\r\n]*,[ \t\r\n]*{_L3})*+")
ROWS_MIN = 4096


@dataclass(slots=True)
class Token:
    kind: str
    start: int
    end: int
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper()

    @property
    def value(self) -> str:
        """The name an identifier token stands for, or a string literal's content."""
        if self.kind == QUOTED:
            close = self.text[0] if self.text[0] == '"' else "]"
            return self.text[1:-1].replace(close * 2, close)
        if self.kind == STRING:
            body = self.text[2:-1] if self.text[0] in "Nn" else self.text[1:-1]
            return body.replace("''", "'")
        return self.text


@dataclass(slots=True)
class LexError:
    start: int
    end: int
    message: str


@dataclass(slots=True)
class Lexed:
    tokens: list[Token]
    comments: list[tuple[int, int]]
    errors: list[LexError]


def lex(text: str) -> Lexed:
    tokens: list[Token] = []
    comments: list[tuple[int, int]] = []
    errors: list[LexError] = []
    append = tokens.append
    match = _TOKEN.match
    pos, size = 0, len(text)
    while pos < size:
        m = match(text, pos)
        if m is None:  # only whitespace was left
            break
        kind = m.lastgroup
        start, end = m.span(kind)
        pos = end
        if kind == "word":
            word = m.group(kind)
            if (word == "GO" or word.upper() == "GO") and _at_line_start(text, start):
                rest = _GO_REST.match(text, end)
                if rest:
                    pos = rest.end()
                    append(Token(GO, start, pos, text[start:pos]))
                    continue
            append(Token(WORD, start, end, word))
            if word.upper() == "VALUES":
                rows = _ROW_LIST.match(text, end)
                if rows and rows.end() - end >= ROWS_MIN:
                    block = text[end : rows.end()]
                    if "--" not in block and "/*" not in block:
                        pos = rows.end()
                        append(Token(ROWS, end + len(block) - len(block.lstrip()), pos, ""))
        elif kind == "line_comment":
            comments.append((start, end))
        elif kind == "block":
            pos = _close_comment(text, start)
            if pos < 0:
                pos = _recover_at_go(text, start)
                errors.append(LexError(start, start + 2, "unclosed block comment: no matching */"))
            comments.append((start, pos))
        elif kind == "op" and text[start] == ":" and _at_line_start(text, start):
            line = _SQLCMD_LINE.match(text, start)
            if line and line.group(1).lower() in SQLCMD_COMMANDS:
                pos = line.end()
                append(Token(SQLCMD, start, pos, text[start:pos]))
            else:
                append(Token(OP, start, end, ":"))
        elif kind == "open":
            what = {"'": "string", '"': "quoted identifier", "[": "bracketed identifier"}
            closer = {"'": "'", '"': '"', "[": "]"}[text[start]]
            errors.append(
                LexError(start, start + 1, f"unclosed {what[text[start]]}: no closing {closer}")
            )
            pos = _recover_at_go(text, start)
        elif kind == "other":
            errors.append(LexError(start, end, f"unexpected character {text[start]!r}"))
        else:
            append(Token(_KINDS[kind], start, end, m.group(kind)))
    return Lexed(tokens, comments, errors)


_KINDS = {
    "string": STRING,
    "quoted": QUOTED,
    "var": VAR,
    "number": NUMBER,
    "sqlvar": SQLVAR,
    "op": OP,
}


def _at_line_start(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].strip(" \t") == ""


def _close_comment(text: str, start: int) -> int:
    """End offset of the (nested) block comment opened at ``start``, or -1."""
    depth = 0
    for m in _COMMENT_DELIM.finditer(text, start):
        depth += 1 if m.group() == "/*" else -1
        if depth == 0:
            return m.end()
    return -1


def _recover_at_go(text: str, start: int) -> int:
    """Where lexing resumes after an unclosed construct: the next GO line, else the end.

    sqlcmd would swallow the rest of the file; an editor user is better served by an error
    at the opening quote and a file whose later batches are still understood.
    """
    m = _GO_LINE.search(text, start + 1)
    return m.start() if m else len(text)
