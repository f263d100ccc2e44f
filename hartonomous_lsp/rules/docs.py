"""A rule's documentation page, from its module: `hartonomous rule` and docs/rules/<CODE>.md."""

from __future__ import annotations

from .base import Rule

_FIX_WORDS = {
    "always": "Always available.",
    "sometimes": "Sometimes available.",
    "never": "Not available.",
}


def rule_markdown(rule: Rule) -> str:
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"{rule.summary}.",
        "",
        f"Default severity: **{rule.severity}**. Fix: {_FIX_WORDS.get(rule.fix, rule.fix)}",
        "",
        rule.docs,
    ]
    if rule.options:
        lines += ["", "## Options", ""]
        for name, default in rule.options.items():
            lines.append(f"- `{name}` (default: `{default!r}`)")
        lines += [
            "",
            f"Set them under `[rules.{rule.code}]` in `hartonomous.toml` "
            f"or `[tool.hartonomous.rules.{rule.code}]` in `pyproject.toml`.",
        ]
    return "\n".join(lines).rstrip() + "\n"
