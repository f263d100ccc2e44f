"""Findings and fixes in LSP terms: diagnostics, text edits and workspace edits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from ..rules.base import Edit, Finding, Fix
from ..source.text import SourceText
from .positions import to_range

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def uri_of(path: Path) -> str:
    return from_fs_path(str(path)) or path.as_uri()


@dataclass(slots=True)
class EditTarget:
    """How to speak of a file in a workspace edit: its text and, when open, its version and
    the URI the editor opened it by."""

    source: SourceText | None  # None: the file does not exist yet
    version: int | None
    uri: str | None = None


SourceLookup = Callable[[Path], EditTarget]


def diagnostic(
    finding: Finding, source: SourceText, encoding: str, docs_href: str | None
) -> types.Diagnostic:
    return types.Diagnostic(
        range=to_range(source, finding.span, encoding),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=docs_href) if docs_href else None,
        source="hartonomous",
        data={
            "name": finding.name,
            "fix": None
            if finding.fix is None
            else {"title": finding.fix.title, "applicability": finding.fix.applicability},
        },
    )


def same_finding(diag: types.Diagnostic, finding: Finding, source: SourceText, encoding: str):
    return (
        diag.code == finding.code
        and diag.message == finding.message
        and diag.range == to_range(source, finding.span, encoding)
    )


def workspace_edit(
    edits: list[Edit], lookup: SourceLookup, encoding: str, document_changes: bool
) -> types.WorkspaceEdit | None:
    """Edits grouped by file; a file that does not exist yet is created first (only where
    the client can create files)."""
    by_path: dict[Path, list[Edit]] = {}
    for edit in edits:
        by_path.setdefault(edit.path, []).append(edit)
    changes: dict[str, list[types.TextEdit]] = {}
    doc_changes: list = []
    for path, group in by_path.items():
        target = lookup(path)
        uri = target.uri or uri_of(path)
        if target.source is None:
            if not document_changes:
                return None
            doc_changes.append(types.CreateFile(uri=uri, kind="create"))
            source = SourceText("")
        else:
            source = target.source
        text_edits = [
            types.TextEdit(range=to_range(source, (e.start, e.end), encoding), new_text=e.content)
            for e in sorted(group, key=lambda e: (e.start, e.end))
        ]
        changes[uri] = text_edits
        doc_changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=target.version
                ),
                edits=text_edits,
            )
        )
    if document_changes:
        return types.WorkspaceEdit(document_changes=doc_changes)
    return types.WorkspaceEdit(changes=changes)


def fix_edit(
    fix: Fix, lookup: SourceLookup, encoding: str, document_changes: bool
) -> types.WorkspaceEdit | None:
    return workspace_edit(fix.edits, lookup, encoding, document_changes)
