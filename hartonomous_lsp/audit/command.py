"""``hartonomous audit``: analyse, build the report, write it (I/O lives here)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .progress import Progress


def run_audit(path: Path, fmt: str, output: Path | None, config: Path | None) -> int:
    from ..config import ConfigError
    from ..engine import analyze
    from .model import build_report

    if not path.exists():
        print(f"hartonomous: error: {path}: no such file or directory", file=sys.stderr)
        return 2
    progress = Progress(sys.stderr)
    started = time.perf_counter()
    progress.step("reading and checking the project")
    try:
        analysis = analyze([path], config_path=config)
    except ConfigError as exc:
        print(f"hartonomous: error: {exc}", file=sys.stderr)
        return 2
    if not analysis.projects:
        print(f"hartonomous: error: no SQL project under {path}", file=sys.stderr)
        return 2
    texts = []
    total = len(analysis.projects)
    for n, lp in enumerate(analysis.projects, 1):
        progress.step(f"writing the report of {lp.project.root.name}", n, total)
        mine = [f for f in analysis.findings if f.path in lp.files]
        report = build_report(lp, mine, lp.project.root)
        texts.append(_render(report, fmt))
    text = "".join(texts) if fmt != "json" or len(texts) == 1 else "[" + ",".join(texts) + "]\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, "utf-8")
    progress.done(f"audit written in {time.perf_counter() - started:.2f} s")
    return 0


def _render(report, fmt: str) -> str:
    if fmt == "html":
        from .html import render_html

        return render_html(report)
    if fmt == "json":
        from .json_report import render_json

        return render_json(report)
    from .markdown import render_markdown

    return render_markdown(report)
