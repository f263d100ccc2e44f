"""A rule's documentation page, from its module: `hartonomous rule` and docs/rules/<CODE>.md.

The module's docstring gives the prose sections; its BAD and GOOD constants, the very SQL
the tests run, give the Example and Use instead sections, so the page cannot drift from
what the rule does. ``python -m hartonomous_lsp.rules.docs [FOLDER]`` writes the pages.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .base import Rule, all_rules

_FIX_WORDS = {
    "always": "Always available.",
    "sometimes": "Sometimes available.",
    "never": "Not available.",
}
# Where the generated sections go: after these prose sections, before the rest.
_BEFORE_EXAMPLES = ("What it does", "Why is this bad?", "Known problems")
_HEADING = re.compile(r"^## (.+)$", re.M)


def _sections(docs: str) -> list[tuple[str, str]]:
    """(title, body) of each ``## `` section of a docstring, in order."""
    parts = _HEADING.split(docs)
    return [(parts[k].strip(), parts[k + 1].strip()) for k in range(1, len(parts) - 1, 2)]


def _sql(text: str) -> str:
    return f"```sql\n{text}\n```"


def rule_markdown(rule: Rule) -> str:
    sections = _sections(rule.docs)
    prose = [s for s in sections if s[0] in _BEFORE_EXAMPLES]
    rest = [s for s in sections if s[0] not in _BEFORE_EXAMPLES]
    generated = []
    if rule.bad:
        generated.append(("Example", _sql(rule.bad)))
    if rule.good:
        generated.append(("Use instead", _sql(rule.good)))
    if rule.options:
        listed = "\n".join(
            f"- `{name}` (default: `{default!r}`)" for name, default in rule.options.items()
        )
        where = (
            f"Set them under `[rules.{rule.code}]` in `hartonomous.toml` "
            f"or `[tool.hartonomous.rules.{rule.code}]` in `pyproject.toml`."
        )
        described = next((body for title, body in rest if title == "Options"), "")
        rest = [s for s in rest if s[0] != "Options"]
        generated.append(("Options", "\n\n".join(p for p in (described, listed, where) if p)))
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"{rule.summary}.",
        "",
        f"Default severity: **{rule.severity}**. Fix: {_FIX_WORDS.get(rule.fix, rule.fix)}",
    ]
    for title, body in [*prose, *generated, *rest]:
        lines += ["", f"## {title}", "", body]
    return "\n".join(lines).rstrip() + "\n"


def index_markdown(rules: tuple[Rule, ...]) -> str:
    lines = ["# Rules", "", "| Code | Name | Summary | Severity | Fix |", "|---|---|---|---|---|"]
    for rule in rules:
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.summary} | {rule.severity} "
            f"| {rule.fix} |"
        )
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """File name → content of every page under docs/rules/."""
    rules = all_rules()
    out = {f"{rule.code}.md": rule_markdown(rule) for rule in rules}
    out["README.md"] = index_markdown(rules)
    return out


def write_pages(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    written = []
    for name, content in wanted.items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/rules")
    for path in write_pages(target):
        print(path)
