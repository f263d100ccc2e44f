"""The audit report as data: one section per table and a summary, from the project model and
the findings. Pure: the renderers (markdown, html, json) only format what is here."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.load import LoadedProject
from ..catalog.model import Catalog, Table
from ..rules.base import Finding, find_rule
from .score import score_table

_DESCRIPTION = re.compile(
    r"sp_addextendedproperty\s+@name\s*=\s*N?'(?:MS_)?Description'\s*,\s*@value\s*=\s*N?'"
    r"(?P<value>(?:[^']|'')*)'(?P<rest>[^;\n]*)",
    re.IGNORECASE,
)
_LEVEL = re.compile(r"@level(?P<n>[012])name\s*=\s*N?'(?P<name>[^']*)'", re.IGNORECASE)


@dataclass(slots=True)
class ColumnRow:
    name: str
    type: str
    nullable: str  # "NULL", "NOT NULL" or "" when not stated
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IndexRow:
    name: str
    kind: str
    columns: list[str]
    include: list[str]
    filter: str | None
    where: str  # path:line
    backs: str | None  # PRIMARY KEY / UNIQUE when the index backs a constraint


@dataclass(slots=True)
class KeyRow:
    name: str
    columns: list[str]
    other_table: str
    other_columns: list[str]
    where: str


@dataclass(slots=True)
class FindingRow:
    code: str
    name: str
    severity: str
    message: str
    where: str
    fix: str | None  # the fix's title, with "(unsafe)" when it is


@dataclass(slots=True)
class TableSection:
    name: str
    anchor: str
    file: str
    lines: int
    purpose: str | None
    primary_key: str | None
    columns: list[ColumnRow]
    indexes: list[IndexRow]
    foreign_keys_out: list[KeyRow]
    foreign_keys_in: list[KeyRow]
    checks: list[str]
    storage: list[str]  # memory-optimized, system-versioned, ledger, graph: in words
    memory_optimized: bool
    durability: str | None
    temporal: bool
    ledger: bool
    graph: str | None
    used_by: list[str]
    findings: list[FindingRow]
    score: int
    score_reasons: list[str]


@dataclass(slots=True)
class NextStep:
    rank: int
    code: str
    name: str
    severity: str
    count: int
    tables: list[str]
    action: str


@dataclass(slots=True)
class Summary:
    project: str
    target: str
    files: int
    tables: int
    columns: int
    indexes: int
    foreign_keys: int
    check_constraints: int
    memory_optimized: int
    average_score: float
    findings_by_severity: dict[str, int]
    findings_by_rule: dict[str, int]
    critical: dict[str, list[str]]  # rule code -> where (error findings)
    next_steps: list[NextStep]


@dataclass(slots=True)
class Report:
    summary: Summary
    tables: list[TableSection]
    other_findings: list[FindingRow]


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def build_report(lp: LoadedProject, findings: list[Finding], root: Path) -> Report:
    catalog = lp.catalog
    tables = sorted(catalog.real_tables(), key=lambda t: t.display.lower())
    descriptions = _descriptions(lp)
    owned: dict[str, list[Finding]] = {t.display: [] for t in tables}
    others: list[Finding] = []
    for f in findings:
        table = _table_of(f, tables)
        (owned[table.display] if table else others).append(f)
    sections = [_section(t, catalog, lp, owned[t.display], descriptions, root) for t in tables]
    return Report(
        _summary(lp, sections, findings, root),
        sections,
        [_finding_row(f, lp, root) for f in others],
    )


def _where(lp: LoadedProject, root: Path, path: str | Path, offset: int) -> str:
    p = Path(path)
    file = lp.files.get(p)
    line = file.source.position(offset)[0] + 1 if file else 0
    try:
        shown = p.relative_to(root).as_posix()
    except ValueError:
        shown = p.as_posix()
    return f"{shown}:{line}"


def _rel(path: str | Path, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _table_of(f: Finding, tables: list[Table]) -> Table | None:
    """The table a finding is about: the one whose definition, column, constraint or index
    holds the finding's span (wherever that element is written)."""
    path = str(f.path)
    start = f.span[0]
    for t in tables:
        spans = [(t.path, t.definition.span)]
        spans += [(c.path, c.column.span) for c in t.columns]
        spans += [(c.path, c.constraint.span) for c in t.constraints]
        spans += [(i.path, i.index.span) for i in t.indexes]
        if any(str(p) == path and s[0] <= start <= s[1] for p, s in spans):
            return t
    return None


def _descriptions(lp: LoadedProject) -> dict[tuple[str, str, str | None], str]:
    """``sp_addextendedproperty`` descriptions by (schema, table, column or None)."""
    out: dict[tuple[str, str, str | None], str] = {}
    for file in lp.files.values():
        if b"extendedproperty" not in file.data.lower():
            continue
        for m in _DESCRIPTION.finditer(file.source.text):
            levels = {int(x["n"]): x["name"] for x in _LEVEL.finditer(m["rest"])}
            if 0 in levels and 1 in levels:
                key = (levels[0].lower(), levels[1].lower(), (levels.get(2) or "").lower() or None)
                out[key] = m["value"].replace("''", "'")
    return out


def _purpose(table: Table, lp: LoadedProject, descriptions) -> str | None:
    described = descriptions.get((table.schema.lower(), table.name.name.lower(), None))
    if described:
        return described
    file = lp.files.get(Path(table.path))
    if file is None:
        return None
    text = file.source.text
    before = text[: table.definition.span[0]].rstrip("\n").splitlines()
    comments: list[str] = []
    for line in reversed(before):
        stripped = line.strip()
        if stripped.startswith("--"):
            comments.append(stripped.lstrip("-").strip())
        elif stripped or comments:
            break
    text = " ".join(reversed([c for c in comments if c]))
    return text or None


def _type(column) -> str:
    if column.computed:
        return f"AS {column.computed}"
    return str(column.data_type) if column.data_type else ""


def _section(
    table: Table,
    catalog: Catalog,
    lp: LoadedProject,
    findings: list[Finding],
    descriptions,
    root: Path,
) -> TableSection:
    file = lp.files.get(Path(table.path))
    lines = len(file.source.text.splitlines()) if file else 0
    columns = []
    for tc in table.columns:
        c = tc.column
        notes = []
        if c.identity:
            notes.append("IDENTITY")
        if c.masked:
            notes.append("masked")
        if c.encrypted:
            notes.append("encrypted")
        if c.generated:
            notes.append(f"GENERATED ALWAYS AS {c.generated}")
        described = descriptions.get(
            (table.schema.lower(), table.name.name.lower(), c.name.lower())
        )
        if described:
            notes.append(described)
        nullable = {True: "NULL", False: "NOT NULL", None: ""}[c.nullable]
        if c.nullable is None and c.identity:
            nullable = "NOT NULL"
        columns.append(ColumnRow(c.name, _type(c), nullable, notes))
    indexes = [
        IndexRow(
            ti.index.name or "(unnamed)",
            ti.index.kind + (" unique" if ti.index.unique else ""),
            [col.name for col in ti.index.columns],
            list(ti.index.include),
            ti.index.filter,
            _where(lp, root, ti.path, ti.index.span[0]),
            ti.index.constraint,
        )
        for ti in table.indexes
    ]
    fks_out = [
        KeyRow(
            tc.constraint.name or "(unnamed)",
            list(tc.constraint.columns),
            tc.constraint.ref_table.display() if tc.constraint.ref_table else "?",
            list(tc.constraint.ref_columns),
            _where(lp, root, tc.path, tc.constraint.span[0]),
        )
        for tc in table.constraints_of("FOREIGN KEY")
    ]
    fks_in = []
    for other in catalog.real_tables():
        for tc in other.constraints_of("FOREIGN KEY"):
            ref = tc.constraint.ref_table
            if ref is not None and ref.key() == table.key:
                fks_in.append(
                    KeyRow(
                        tc.constraint.name or "(unnamed)",
                        list(tc.constraint.columns),
                        other.display,
                        list(tc.constraint.ref_columns),
                        _where(lp, root, tc.path, tc.constraint.span[0]),
                    )
                )
    pk = table.primary_key
    checks = [
        f"{tc.constraint.name or '(unnamed)'}: {tc.constraint.expression}"
        for tc in table.constraints_of("CHECK")
    ]
    used_by = sorted(
        {
            f"{m.module.name.display() if m.module.name else '?'} ({m.module.kind.lower()})"
            for m in catalog.users_of(table.key)
        }
    )
    rows = sorted(
        (_finding_row(f, lp, root) for f in findings),
        key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), r.code, r.where),
    )
    score, reasons = score_table(table, findings)
    return TableSection(
        name=table.display,
        anchor="table-" + re.sub(r"[^a-z0-9]+", "-", table.display.lower()).strip("-"),
        file=_rel(table.path, root),
        lines=lines,
        purpose=_purpose(table, lp, descriptions),
        primary_key=(
            f"{pk.constraint.name or '(unnamed)'} ({', '.join(pk.constraint.columns)})"
            if pk
            else None
        ),
        columns=columns,
        indexes=indexes,
        foreign_keys_out=fks_out,
        foreign_keys_in=sorted(fks_in, key=lambda k: (k.other_table, k.name)),
        checks=checks,
        storage=table.storage_flags,
        memory_optimized=table.memory_optimized,
        durability=table.durability,
        temporal=table.temporal,
        ledger=table.ledger,
        graph=table.graph,
        used_by=used_by,
        findings=rows,
        score=score,
        score_reasons=reasons,
    )


def _finding_row(f: Finding, lp: LoadedProject, root: Path) -> FindingRow:
    fix = None
    if f.fix is not None:
        fix = f.fix.title + (" (unsafe)" if f.fix.applicability == "unsafe" else "")
    return FindingRow(
        f.code, f.name, f.severity, f.message, _where(lp, root, f.path, f.span[0]), fix
    )


def _summary(
    lp: LoadedProject, sections: list[TableSection], findings: list[Finding], root: Path
) -> Summary:
    by_severity = Counter(f.severity for f in findings)
    by_rule = Counter(f.code for f in findings)
    critical: dict[str, list[str]] = {}
    for section in sections:
        for row in section.findings:
            if row.severity == "error":
                critical.setdefault(row.code, []).append(f"{section.name} ({row.where})")
    steps = _next_steps(sections)
    average = sum(s.score for s in sections) / len(sections) if sections else 100.0
    return Summary(
        project=lp.project.root.name,
        target=lp.project.target,
        files=len(lp.files),
        tables=len(sections),
        columns=sum(len(s.columns) for s in sections),
        indexes=sum(len(s.indexes) for s in sections),
        foreign_keys=sum(len(s.foreign_keys_out) for s in sections),
        check_constraints=sum(len(s.checks) for s in sections),
        memory_optimized=sum(1 for s in sections if s.memory_optimized),
        average_score=round(average, 1),
        findings_by_severity={k: by_severity.get(k, 0) for k in ("error", "warning", "info")},
        findings_by_rule=dict(sorted(by_rule.items())),
        critical=dict(sorted(critical.items())),
        next_steps=steps,
    )


def _next_steps(sections: list[TableSection]) -> list[NextStep]:
    """One step per rule, the most severe and most frequent first."""
    grouped: dict[str, list[tuple[TableSection, FindingRow]]] = {}
    for s in sections:
        for row in s.findings:
            grouped.setdefault(row.code, []).append((s, row))
    ordered = sorted(
        grouped.items(),
        key=lambda kv: (
            min(_SEVERITY_ORDER.get(r.severity, 3) for _, r in kv[1]),
            -len(kv[1]),
            kv[0],
        ),
    )
    steps = []
    for rank, (code, rows) in enumerate(ordered, 1):
        rule = find_rule(code)
        severity = min((r.severity for _, r in rows), key=lambda s: _SEVERITY_ORDER.get(s, 3))
        fixable = sum(1 for _, r in rows if r.fix)
        action = (rule.summary if rule else rows[0][1].message).rstrip(".") + "."
        if fixable:
            flag = " --unsafe-fixes" if any("(unsafe)" in (r.fix or "") for _, r in rows) else ""
            action += f" {fixable} of {len(rows)} with a fix (`hartonomous check --fix{flag}`)."
        steps.append(
            NextStep(
                rank,
                code,
                rows[0][1].name,
                severity,
                len(rows),
                sorted({s.name for s, _ in rows}),
                action,
            )
        )
    return steps
