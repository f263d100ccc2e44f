"""``--format text``: ruff's layout (path:line:col: CODE message, excerpt, underline, help)."""

from __future__ import annotations

from collections import Counter

from ..catalog.load import SourceFile
from ..rules.base import Finding
from .locate import display_path, span_lines

_COLORS = {"bold": "1", "red": "31", "yellow": "33", "cyan": "36", "blue": "34", "dim": "2"}


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles:
            return text
        codes = ";".join(_COLORS[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def render_finding(
    finding: Finding, source: SourceFile, paint: Painter, show_fix_mark: bool
) -> str:
    text = source.source
    line, col, end_line, end_col = span_lines(text, finding.span)
    mark = " [*]" if finding.fix is not None and show_fix_mark else ""
    head = (
        f"{paint(display_path(finding.path), 'bold')}{paint(':', 'cyan')}{line}{paint(':', 'cyan')}"
        f"{col}{paint(':', 'cyan')} {paint(finding.code, 'bold', _sev_color(finding.severity))}"
        f"{mark} {finding.message}"
    )
    out = [head]
    if text.text:
        width = len(str(end_line)) + 1
        gutter = paint(" " * width + "|", "blue")
        out.append(gutter)
        last = min(end_line, line + 4)
        for number in range(line, last + 1):
            content = (
                text.line_text(number - 1).expandtabs(4)
                if number - 1 < len(text.line_starts)
                else ""
            )
            out.append(f"{paint(str(number).rjust(width - 1) + ' |', 'blue')} {content}")
        under_start = col if line == last else 1
        under_end = end_col if end_line == last else len(text.line_text(last - 1)) + 1
        carets = "^" * max(under_end - under_start, 1)
        out.append(
            f"{gutter} {' ' * (under_start - 1)}{paint(carets + ' ' + finding.code, _sev_color(finding.severity))}"
        )
        out.append(gutter)
    if finding.fix is not None:
        safety = "" if finding.fix.applicability == "safe" else " (unsafe)"
        out.append(
            f"{paint(' ' * (len(str(end_line)) + 1) + '= help:', 'cyan')} {finding.fix.title}{safety}"
        )
    return "\n".join(out) + "\n"


def _sev_color(severity: str) -> str:
    return {"error": "red", "warning": "yellow"}.get(severity, "cyan")


def render_text(findings: list[Finding], sources: dict, paint: Painter, unsafe: bool) -> str:
    parts = [
        render_finding(
            f,
            sources[f.path],
            paint,
            f.fix is not None and (unsafe or f.fix.applicability == "safe"),
        )
        for f in findings
    ]
    return "\n".join(parts)


def summary_line(findings: list[Finding], unsafe: bool, fixed: int = 0) -> str:
    if not findings:
        return "All checks passed!"
    n = len(findings)
    fixable = sum(1 for f in findings if f.fix and (f.fix.applicability == "safe" or unsafe))
    hidden = sum(1 for f in findings if f.fix and f.fix.applicability == "unsafe" and not unsafe)
    line = f"Found {n} error{'s' if n != 1 else ''}."
    if fixable:
        line += f"\n[*] {fixable} fixable with the `--fix` option."
    if hidden:
        line += f"\n{hidden} hidden fix{'es' if hidden != 1 else ''} can be enabled with the `--unsafe-fixes` option."
    return line


def statistics(findings: list[Finding]) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    fixable = Counter(f.code for f in findings if f.fix is not None)
    rows = []
    for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0])):
        mark = "[*]" if fixable.get(code) == count else ("[-]" if fixable.get(code) else "   ")
        rows.append(f"{count:>5}\t{code}\t{mark} {name}")
    return "\n".join(rows)
