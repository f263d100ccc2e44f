"""The audit report as Markdown, shaped like the hand-written audit: a section per table,
then the summary."""

from __future__ import annotations

from .model import Report, TableSection


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(s: TableSection) -> list[str]:
    out = [f'## {s.name} <a id="{s.anchor}"></a>', ""]
    out.append(f"**File:** `{s.file}` ({s.lines} lines)  ")
    out.append(f"**Purpose:** {s.purpose or '(not documented)'}  ")
    out.append(f"**Primary key:** {s.primary_key or 'none'}  ")
    out.append(f"**Storage:** {', '.join(s.storage) or 'disk-based'}  ")
    out.append(f"**Quality score:** {s.score}/100")
    out += ["", f"### Columns ({len(s.columns)})", "", "| Column | Type | Null | Notes |"]
    out.append("|---|---|---|---|")
    for c in s.columns:
        out.append(f"| {c.name} | {_cell(c.type)} | {c.nullable} | {_cell('; '.join(c.notes))} |")
    out += ["", f"### Indexes ({len(s.indexes)})", ""]
    if s.indexes:
        out += [
            "| Index | Kind | Keys | Include | Filter | Defined in |",
            "|---|---|---|---|---|---|",
        ]
        for i in s.indexes:
            kind = i.kind + (f" ({i.backs})" if i.backs else "")
            out.append(
                f"| {i.name} | {kind} | {', '.join(i.columns)} | {', '.join(i.include)} "
                f"| {_cell(i.filter or '')} | `{i.where}` |"
            )
    else:
        out.append("None.")
    out += ["", f"### Foreign keys out ({len(s.foreign_keys_out)})", ""]
    out += [
        f"- {k.name}: ({', '.join(k.columns)}) → {k.other_table} ({', '.join(k.other_columns)})"
        f" — `{k.where}`"
        for k in s.foreign_keys_out
    ] or ["None."]
    out += ["", f"### Foreign keys in ({len(s.foreign_keys_in)})", ""]
    out += [
        f"- {k.other_table}.{k.name}: ({', '.join(k.columns)}) — `{k.where}`"
        for k in s.foreign_keys_in
    ] or ["None."]
    if s.checks:
        out += ["", f"### CHECK constraints ({len(s.checks)})", ""]
        out += [f"- `{_cell(c)}`" for c in s.checks]
    out += ["", f"### Used by ({len(s.used_by)})", ""]
    out += [f"- {u}" for u in s.used_by] or ["Nothing in the project."]
    out += ["", f"### Findings ({len(s.findings)})", ""]
    if s.findings:
        out += ["| Severity | Rule | Finding | Where | Fix |", "|---|---|---|---|---|"]
        for f in s.findings:
            out.append(
                f"| {f.severity} | {f.code} {f.name} | {_cell(f.message)} | `{f.where}` "
                f"| {_cell(f.fix or '—')} |"
            )
    else:
        out.append("None.")
    return out


def render_markdown(report: Report) -> str:
    s = report.summary
    out = [f"# Audit of {s.project}", ""]
    out.append(
        f"Target `{s.target}`, {s.files} files. Written by `hartonomous audit` from the project "
        "model; every count below is the catalog's."
    )
    out += ["", "## Tables", ""]
    out += [f"- [{t.name}](#{t.anchor}) — score {t.score}" for t in report.tables]
    out.append("")
    for t in report.tables:
        out += _table(t)
        out.append("")
    if report.other_findings:
        out += [f"## Other findings ({len(report.other_findings)})", ""]
        out += [
            f"- {f.severity} {f.code}: {f.message} — `{f.where}`" for f in report.other_findings
        ]
        out.append("")
    out += ["## Summary", ""]
    out += [
        f"- Tables: {s.tables}",
        f"- Columns: {s.columns}",
        f"- Indexes: {s.indexes}",
        f"- Foreign keys: {s.foreign_keys}",
        f"- CHECK constraints: {s.check_constraints}",
        f"- Memory-optimized tables: {s.memory_optimized}",
        f"- Average quality score: {s.average_score}",
        "- Findings: " + ", ".join(f"{n} {sev}" for sev, n in s.findings_by_severity.items()),
    ]
    out += ["", "### Critical issues", ""]
    if s.critical:
        for code, where in s.critical.items():
            out.append(f"- **{code}** ({len(where)}): " + "; ".join(where))
    else:
        out.append("None.")
    out += ["", "### Next steps", ""]
    out += [
        f"{n.rank}. **{n.code} {n.name}** ({n.severity}, {n.count}): {n.action} "
        f"Tables: {', '.join(n.tables)}."
        for n in s.next_steps
    ] or ["Nothing to do."]
    return "\n".join(out) + "\n"
