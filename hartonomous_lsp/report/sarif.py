"""``--format sarif``: one SARIF 2.1.0 log (one run) for code scanning and SARIF viewers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..rules.base import Finding, all_rules
from .json_report import finding_dict

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/hartonomous/hartonomous-lsp"
RULE_DOCS = INFORMATION_URI + "/blob/main/docs/rules/{code}.md"
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _level(severity: str) -> str:
    return _LEVELS.get(severity, "warning")


def _uri(display: str) -> str:
    """A relative URI reference: the display path (forward slashes), percent-encoded."""
    return quote(display, safe="/")


def _location(display: str) -> dict[str, Any]:
    return {"uri": _uri(display), "uriBaseId": SRCROOT}


def _region(d: dict[str, Any]) -> dict[str, int]:
    return {
        "startLine": d["line"],
        "startColumn": d["column"],
        "endLine": d["end_line"],
        "endColumn": d["end_column"],
    }


def _fix(fix: dict[str, Any]) -> dict[str, Any]:
    by_file: dict[str, list[dict[str, Any]]] = {}
    for edit in fix["edits"]:
        by_file.setdefault(edit["path"], []).append(
            {"deletedRegion": _region(edit), "insertedContent": {"text": edit["content"]}}
        )
    return {
        "description": {"text": fix["title"]},
        "artifactChanges": [
            {"artifactLocation": _location(path), "replacements": replacements}
            for path, replacements in by_file.items()
        ],
        "properties": {"applicability": fix["applicability"]},
    }


def _result(finding: Finding, sources: dict, index: dict[str, int]) -> dict[str, Any]:
    d = finding_dict(finding, sources)
    result: dict[str, Any] = {"ruleId": d["code"]}
    if d["code"] in index:
        result["ruleIndex"] = index[d["code"]]
    result["level"] = _level(d["severity"])
    result["message"] = {"text": d["message"]}
    result["locations"] = [
        {"physicalLocation": {"artifactLocation": _location(d["path"]), "region": _region(d)}}
    ]
    if d["fix"] is not None and d["fix"]["edits"]:
        result["fixes"] = [_fix(d["fix"])]
    return result


def _descriptor(rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "helpUri": RULE_DOCS.format(code=rule.code),
        "defaultConfiguration": {"level": _level(rule.severity)},
    }


def render_sarif(findings: list[Finding], sources: dict) -> str:
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hartonomous",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                # Paths are relative to the current directory, as in the other formats.
                "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, sources, index) for f in findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
