"""The audit report as one self-contained HTML file: inline CSS and SVG charts, no script,
no external resource, readable in any browser and in a mail attachment."""

from __future__ import annotations

from html import escape

from .model import Report, TableSection

_COLORS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d1d1f}
header{background:#263238;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px} header p{margin:4px 0 0;color:#cfd8dc}
main{display:grid;grid-template-columns:240px 1fr;gap:24px;padding:20px 28px}
nav{position:sticky;top:12px;align-self:start;font-size:13px}
nav a{display:block;padding:2px 0;color:#1a237e;text-decoration:none;white-space:nowrap;
overflow:hidden;text-overflow:ellipsis}
main>div{min-width:0;overflow-x:auto}
nav .s{float:right;color:#555}
h2{border-bottom:2px solid #eceff1;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;margin:6px 0 14px;width:100%}
th,td{border:1px solid #e0e0e0;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f5f7f8} code{font-size:12px;background:#f5f5f5;padding:0 3px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{border:1px solid #e0e0e0;border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:22px}
.sev{color:#fff;border-radius:3px;padding:0 6px;font-size:12px}
.sev.error{background:#c62828}.sev.warning{background:#ef6c00}.sev.info{background:#1565c0}
.meta{color:#455a64}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _bar_chart(items: list[tuple[str, float, str]], maximum: float, unit: str = "") -> str:
    """Horizontal bars: (label, value, colour)."""
    row, label_w, bar_w = 22, 330, 380
    height = row * len(items) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" '
        f'height="{height}" role="img">'
    ]
    for n, (label, value, color) in enumerate(items):
        y = n * row + 3
        width = 0 if maximum <= 0 else bar_w * value / maximum
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12">'
            f"{_e(label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{row - 6}" fill="{color}">'
            f"<title>{_e(label)}: {value:g}{unit}</title></rect>"
            f'<text x="{label_w + width + 4:.1f}" y="{y + 14}" font-size="12">{value:g}{unit}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _score_color(score: int) -> str:
    return "#2e7d32" if score >= 90 else "#f9a825" if score >= 60 else "#c62828"


def _rows(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(s: TableSection) -> str:
    out = [f'<section id="{s.anchor}"><h2>{_e(s.name)}</h2>']
    out.append(
        f'<p class="meta"><code>{_e(s.file)}</code> ({s.lines} lines) · '
        f"{_e(', '.join(s.storage) or 'disk-based')} · score "
        f'<b style="color:{_score_color(s.score)}">{s.score}</b>/100</p>'
    )
    out.append(f"<p>{_e(s.purpose or '(purpose not documented)')}</p>")
    out.append(f"<p><b>Primary key:</b> {_e(s.primary_key or 'none')}</p>")
    out.append(f"<h3>Columns ({len(s.columns)})</h3>")
    out.append(
        _rows(
            ["Column", "Type", "Null", "Notes"],
            [[_e(c.name), _e(c.type), _e(c.nullable), _e("; ".join(c.notes))] for c in s.columns],
        )
    )
    out.append(f"<h3>Indexes ({len(s.indexes)})</h3>")
    out.append(
        _rows(
            ["Index", "Kind", "Keys", "Include", "Filter", "Defined in"],
            [
                [
                    _e(i.name),
                    _e(i.kind + (f" ({i.backs})" if i.backs else "")),
                    _e(", ".join(i.columns)),
                    _e(", ".join(i.include)),
                    _e(i.filter or ""),
                    f"<code>{_e(i.where)}</code>",
                ]
                for i in s.indexes
            ],
        )
    )
    out.append(
        f"<h3>Foreign keys ({len(s.foreign_keys_out)} out, {len(s.foreign_keys_in)} in)</h3>"
    )
    out.append(
        _rows(
            ["Direction", "Constraint", "Columns", "Table", "Defined in"],
            [
                ["out", _e(k.name), _e(", ".join(k.columns)), _e(k.other_table), _e(k.where)]
                for k in s.foreign_keys_out
            ]
            + [
                ["in", _e(k.name), _e(", ".join(k.columns)), _e(k.other_table), _e(k.where)]
                for k in s.foreign_keys_in
            ],
        )
    )
    if s.checks:
        out.append(f"<h3>CHECK constraints ({len(s.checks)})</h3><ul>")
        out += [f"<li><code>{_e(c)}</code></li>" for c in s.checks]
        out.append("</ul>")
    out.append(f"<h3>Used by ({len(s.used_by)})</h3>")
    out.append(
        "<ul>" + "".join(f"<li>{_e(u)}</li>" for u in s.used_by) + "</ul>"
        if s.used_by
        else "<p>Nothing in the project.</p>"
    )
    out.append(f"<h3>Findings ({len(s.findings)})</h3>")
    out.append(
        _rows(
            ["Severity", "Rule", "Finding", "Where", "Fix"],
            [
                [
                    f'<span class="sev {_e(f.severity)}">{_e(f.severity)}</span>',
                    f"{_e(f.code)} {_e(f.name)}",
                    _e(f.message),
                    f"<code>{_e(f.where)}</code>",
                    _e(f.fix or "—"),
                ]
                for f in s.findings
            ],
        )
    )
    out.append("</section>")
    return "".join(out)


def render_html(report: Report) -> str:
    s = report.summary
    nav = "".join(
        f'<a href="#{t.anchor}">{_e(t.name)}<span class="s">{t.score}</span></a>'
        for t in report.tables
    )
    cards = [
        ("Tables", s.tables),
        ("Columns", s.columns),
        ("Indexes", s.indexes),
        ("Foreign keys", s.foreign_keys),
        ("Memory-optimized", s.memory_optimized),
        ("Average score", s.average_score),
    ]
    cards_html = "".join(f'<div class="card">{k}<b>{v}</b></div>' for k, v in cards)
    scores = _bar_chart([(t.name, t.score, _score_color(t.score)) for t in report.tables], 100)
    rules = sorted(s.findings_by_rule.items())
    by_rule = _bar_chart(
        [(code, n, "#546e7a") for code, n in rules], max((n for _, n in rules), default=0)
    )
    by_sev = _bar_chart(
        [(sev, n, _COLORS[sev]) for sev, n in s.findings_by_severity.items()],
        max(s.findings_by_severity.values(), default=0),
    )
    critical = (
        "<ul>"
        + "".join(
            f"<li><b>{_e(code)}</b> ({len(w)}): {_e('; '.join(w))}</li>"
            for code, w in s.critical.items()
        )
        + "</ul>"
        if s.critical
        else "<p>None.</p>"
    )
    steps = (
        "<ol>"
        + "".join(
            f"<li><b>{_e(n.code)} {_e(n.name)}</b> ({_e(n.severity)}, {n.count}): "
            f"{_e(n.action)} <i>{_e(', '.join(n.tables))}</i></li>"
            for n in s.next_steps
        )
        + "</ol>"
        if s.next_steps
        else "<p>Nothing to do.</p>"
    )
    others = ""
    if report.other_findings:
        others = (
            "<section><h2>Other findings</h2>"
            + _rows(
                ["Severity", "Rule", "Finding", "Where"],
                [
                    [_e(f.severity), _e(f.code), _e(f.message), f"<code>{_e(f.where)}</code>"]
                    for f in report.other_findings
                ],
            )
            + "</section>"
        )
    body = "".join(_section(t) for t in report.tables)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Audit of {_e(s.project)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>Audit of {_e(s.project)}</h1><p>target {_e(s.target)} · {s.files} files"
        " · written by hartonomous audit</p></header>"
        f"<main><nav><b>Tables</b>{nav}</nav><div>"
        f'<section id="summary"><h2>Summary</h2><div class="cards">{cards_html}</div>'
        f"<h3>Score per table</h3>{scores}"
        f"<h3>Findings by rule</h3>{by_rule}<h3>Findings by severity</h3>{by_sev}"
        f"<h3>Critical issues</h3>{critical}<h3>Next steps</h3>{steps}</section>"
        f"{body}{others}</div></main></body></html>\n"
    )
