"""``--format json``: one JSON array of findings, keys as DESIGN.md fixes them."""

from __future__ import annotations

import json
from typing import Any

from ..catalog.load import SourceFile
from ..rules.base import Finding
from .locate import display_path, span_lines


def finding_dict(finding: Finding, sources: dict) -> dict[str, Any]:
    source: SourceFile = sources[finding.path]
    line, col, end_line, end_col = span_lines(source.source, finding.span)
    fix = None
    if finding.fix is not None:
        edits = []
        for edit in finding.fix.edits:
            target = sources.get(edit.path)
            text = target.source if target is not None else None
            if text is not None:
                el, ec, eel, eec = span_lines(text, (edit.start, edit.end))
            else:  # a new file
                el, ec, eel, eec = 1, 1, 1, 1
            edits.append(
                {
                    "path": display_path(edit.path),
                    "line": el,
                    "column": ec,
                    "end_line": eel,
                    "end_column": eec,
                    "content": edit.content,
                }
            )
        fix = {
            "title": finding.fix.title,
            "applicability": finding.fix.applicability,
            "edits": edits,
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "severity": finding.severity,
        "path": display_path(finding.path),
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "fix": fix,
    }


def render_json(findings: list[Finding], sources: dict) -> str:
    return json.dumps([finding_dict(f, sources) for f in findings], indent=2, ensure_ascii=False)
