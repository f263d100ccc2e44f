"""Applying fixes: edits on the decoded text, written back in the file's encoding, BOM and
line endings. Overlapping edits wait for the next pass, as ruff does."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..rules.base import Edit, Finding
from ..source.text import SourceText, try_read_source


@dataclass(slots=True)
class FixResult:
    texts: dict[Path, str] = field(default_factory=dict)  # path -> new text
    originals: dict[Path, SourceText | None] = field(default_factory=dict)  # None: a new file
    applied: list[Finding] = field(default_factory=list)


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.applicability == "safe" or unsafe)


def plan_fixes(findings: list[Finding], sources: dict[Path, SourceText], unsafe: bool) -> FixResult:
    """Choose non-overlapping fixes and apply their edits to the texts (nothing is written)."""
    result = FixResult()
    taken: dict[Path, list[tuple[int, int]]] = {}
    chosen: list[Edit] = []
    for finding in findings:
        if not applicable(finding, unsafe):
            continue
        edits = finding.fix.edits  # type: ignore[union-attr]
        if any(_overlaps(taken.get(e.path, []), e) for e in edits):
            continue
        for e in edits:
            taken.setdefault(e.path, []).append((e.start, e.end))
        chosen.extend(edits)
        result.applied.append(finding)
    by_path: dict[Path, list[Edit]] = {}
    for e in chosen:
        by_path.setdefault(e.path, []).append(e)
    for path, edits in by_path.items():
        # Files outside the checked set (a .sqlproj) are edited too; a missing one is created.
        source = sources.get(path) or try_read_source(path)
        text = source.text if source is not None else ""
        result.originals[path] = source
        # Insertions at the same offset keep their finding order.
        order = sorted(range(len(edits)), key=lambda k: (edits[k].start, edits[k].end, k))
        out, pos = [], 0
        for k in order:
            e = edits[k]
            out.append(text[pos : e.start])
            out.append(_newlines(e.content, source))
            pos = max(pos, e.end)
        out.append(text[pos:])
        result.texts[path] = "".join(out)
    return result


def _overlaps(spans: list[tuple[int, int]], edit: Edit) -> bool:
    for start, end in spans:
        if edit.start < end and start < edit.end:
            return True
        if start == end == edit.start == edit.end:
            continue
    return False


def _newlines(content: str, source: SourceText | None) -> str:
    newline = source.newline if source is not None else "\n"
    if newline == "\n":
        return content
    return content.replace("\r\n", "\n").replace("\n", newline)


def write_fixes(result: FixResult) -> list[Path]:
    written = []
    for path, text in result.texts.items():
        source = result.originals.get(path)
        data = source.encode(text) if source is not None else text.encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def unified_diff(result: FixResult, display) -> str:
    chunks = []
    for path, text in result.texts.items():
        source = result.originals.get(path)
        before = source.text if source is not None else ""
        name = display(path)
        chunks.extend(
            difflib.unified_diff(
                before.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"a/{name}" if source is not None else "/dev/null",
                tofile=f"b/{name}",
            )
        )
    return "".join(chunks)
