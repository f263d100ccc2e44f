"""A file's own conventions, so that a fix reads as if its author had written it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..source.text import SourceText

_KEYWORD = re.compile(r"\b(CREATE|create|Create|TABLE|table|Table|NOT|not|Not|NULL|null|Null)\b")


@dataclass(slots=True, frozen=True)
class Style:
    newline: str = "\n"
    indent: str = "    "
    upper: bool = True
    brackets: bool = False  # [dbo].[Name] rather than dbo.Name

    def kw(self, text: str) -> str:
        """A keyword phrase in the file's case."""
        return text.upper() if self.upper else text.lower()

    def name(self, *parts: str) -> str:
        if self.brackets:
            return ".".join(f"[{p}]" for p in parts)
        return ".".join(quote_if_needed(p) for p in parts)

    def lines(self, *lines: str) -> str:
        return self.newline.join(lines)


def quote_if_needed(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else f"[{name.replace(']', ']]')}]"


def style_of(source: SourceText) -> Style:
    return _style(source.text, source.newline)


# Every fix asks for its file's style, and the server asks again on each keystroke for the
# same unchanged texts: remembered per text (a str caches its own hash).
@lru_cache(maxsize=512)
def _style(text: str, newline: str) -> Style:
    indent = "    "
    depth = 0  # block comments: SSDT's script templates indent their prose by one space
    for line in text.splitlines():
        was_inside = depth > 0
        depth = max(depth + line.count("/*") - line.count("*/"), 0)
        stripped = line.lstrip(" \t")
        if was_inside or depth or stripped.startswith("--"):
            continue
        if stripped and stripped != line:
            lead = line[: len(line) - len(stripped)]
            indent = "\t" if lead.startswith("\t") else " " * min(len(lead), 8)
            break
    words = _KEYWORD.findall(text)
    upper = sum(w.isupper() for w in words) >= sum(w.islower() for w in words)
    brackets = text.count("].[") > text.count("dbo.") // 2 if text else False
    return Style(newline, indent, upper, brackets)
