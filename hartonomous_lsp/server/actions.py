"""Code actions: a finding's fix, its suppressions, its documentation, and fix-all."""

from __future__ import annotations

import re

from lsprotocol import types

from ..catalog.load import SourceFile
from ..fixes.apply import plan_fixes
from ..rules.base import Edit, Finding, Fix
from .convert import SourceLookup, fix_edit, same_finding, workspace_edit

FIX_ALL_KIND = "source.fixAll.hartonomous"
SHOW_DOCS_COMMAND = "hartonomous.showDocumentation"

_LINE_NOQA = re.compile(
    r"--\s*noqa(?P<colon>\s*:\s*(?P<codes>[A-Za-z0-9_,\s-]*[A-Za-z0-9_]))?", re.I
)
_FILE_NOQA = re.compile(
    r"--\s*hartonomous\s*:\s*noqa-file(?:\s*:\s*(?P<codes>[A-Za-z0-9_,\s-]*[A-Za-z0-9_]))?", re.I
)


def quick_fix(
    finding: Finding,
    diag: types.Diagnostic,
    lookup: SourceLookup,
    encoding: str,
    document_changes: bool,
    unsafe: bool,
) -> types.CodeAction | None:
    fix = finding.fix
    if fix is None or (fix.applicability != "safe" and not unsafe):
        return None
    edit = fix_edit(fix, lookup, encoding, document_changes)
    if edit is None:
        return None
    title = fix.title if fix.applicability == "safe" else f"{fix.title} (unsafe)"
    return types.CodeAction(
        title=f"{finding.code}: {title}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        edit=edit,
        is_preferred=fix.applicability == "safe",
    )


def noqa_line_edit(finding: Finding, source: SourceFile) -> Edit | None:
    """`-- noqa: CODE` at the end of the line the finding starts on (codes merged into a
    `-- noqa:` already there); None when the line end sits inside a block comment or string."""
    text = source.source
    line, _ = text.position(finding.span[0])
    start = text.line_starts[line]
    end = text.offset(line, len(text.line_text(line)))
    for c_start, c_end in source.parsed.comments:
        if c_start < end < c_end and text.text.startswith("/*", c_start):
            return None
    line_text = text.text[start:end]
    m = _LINE_NOQA.search(line_text)
    if m is not None:
        if m.group("codes") is None:
            return None  # a bare noqa silences every code already
        return Edit(
            finding.path, start + m.end("codes"), start + m.end("codes"), f", {finding.code}"
        )
    return Edit(finding.path, end, end, f"  -- noqa: {finding.code}")


def noqa_file_edit(finding: Finding, source: SourceFile) -> Edit:
    text = source.source.text
    m = _FILE_NOQA.search(text)
    if m is not None and m.group("codes") is not None:
        return Edit(finding.path, m.end("codes"), m.end("codes"), f", {finding.code}")
    at = 1 if text.startswith("\ufeff") else 0
    return Edit(finding.path, at, at, f"-- hartonomous: noqa-file: {finding.code}\n")


def suppressions(
    finding: Finding,
    diag: types.Diagnostic,
    source: SourceFile,
    lookup: SourceLookup,
    encoding: str,
    document_changes: bool,
) -> list[types.CodeAction]:
    actions = []
    line_edit = noqa_line_edit(finding, source)
    for title, edit in (
        (f"Disable {finding.code} for this line", line_edit),
        (f"Disable {finding.code} for this file", noqa_file_edit(finding, source)),
    ):
        if edit is None:
            continue
        ws_edit = workspace_edit([edit], lookup, encoding, document_changes)
        if ws_edit is not None:
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=ws_edit,
                )
            )
    return actions


def show_docs(finding: Finding, diag: types.Diagnostic) -> types.CodeAction:
    return types.CodeAction(
        title=f"Show documentation for {finding.code}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        command=types.Command(
            title=f"Show documentation for {finding.code}",
            command=SHOW_DOCS_COMMAND,
            arguments=[finding.code],
        ),
    )


def fix_all_edits(findings: list[Finding], source: SourceFile) -> list[Edit]:
    """The safe fixes of a file's findings, without overlaps (as `check --fix` picks them)."""
    plan = plan_fixes(findings, {source.path: source.source}, unsafe=False)
    return [e for f in plan.applied for e in (f.fix or Fix("", "safe", [])).edits]


def for_diagnostics(
    findings: list[Finding],
    diagnostics: list[types.Diagnostic],
    source: SourceFile,
    lookup: SourceLookup,
    encoding: str,
    document_changes: bool,
    unsafe: bool,
) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    docs_shown: set[str] = set()
    for diag in diagnostics:
        if diag.source != "hartonomous":
            continue
        match = next((f for f in findings if same_finding(diag, f, source.source, encoding)), None)
        if match is None:
            continue
        fix = quick_fix(match, diag, lookup, encoding, document_changes, unsafe)
        if fix is not None:
            actions.append(fix)
        actions.extend(suppressions(match, diag, source, lookup, encoding, document_changes))
        if match.code not in docs_shown:
            docs_shown.add(match.code)
            actions.append(show_docs(match, diag))
    return actions
