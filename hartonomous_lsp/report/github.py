"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from ..rules.base import Finding
from .locate import display_path, span_lines

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message, escaped as the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property's value: as a message, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Finding, sources: dict) -> str:
    line, col, end_line, end_col = span_lines(sources[finding.path].source, finding.span)
    props = {
        "file": display_path(finding.path),
        "line": line,
        "col": col,
        "endLine": end_line,
        "endColumn": end_col,
        "title": f"{finding.code} {finding.name}",
    }
    command = _COMMANDS.get(finding.severity, "warning")
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{command} {joined}::{escape_data(finding.message)}"


def render_github(findings: list[Finding], sources: dict) -> str:
    return "\n".join(github_line(f, sources) for f in findings)
