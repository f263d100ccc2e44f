"""The rule pages a diagnostic's `codeDescription.href` points to: written once, as Markdown,
into the user cache folder, so they open offline in any editor."""

from __future__ import annotations

import os
from pathlib import Path

from ..rules.base import all_rules
from ..rules.docs import rule_markdown
from .convert import uri_of


def write_docs(folder: Path) -> dict[str, str]:
    """Rule code -> URI of its page (pages are rewritten only when their text changed)."""
    folder.mkdir(parents=True, exist_ok=True)
    hrefs = {}
    for rule in all_rules():
        page = folder / f"{rule.code}.md"
        text = rule_markdown(rule)
        try:
            current = page.read_text("utf-8")
        except OSError:
            current = None
        if current != text:
            tmp = page.with_name(f".{rule.code}.{os.getpid()}.tmp")  # servers may start at once
            tmp.write_text(text, "utf-8")
            tmp.replace(page)
        hrefs[rule.code] = uri_of(page)
    return hrefs
