"""VS Code for real: the extension's .vsix in code-server, driven in Debian's Chromium by
``editors/vscode/e2e/drive.py`` (squiggle, hover, Ctrl+., the HT101 fix, save, the file on
disk). The first run installs code-server into the user cache (a few minutes)."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

E2E = ROOT / "editors" / "vscode" / "e2e"
STEPS = ["workbench", "squiggle-on-schema-only", "hover", "quick-fix-menu", "fixed", "saved"]


def test_quick_fix_in_code_server() -> None:
    done = subprocess.run(
        ["bash", str(E2E / "run.sh")],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=1200,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-4000:]
    assert "PASS: the file on disk says DURABILITY = SCHEMA_AND_DATA" in done.stdout
    assert "hover: dbo.BillingUsageLedger_InMemory is memory-optimized" in done.stdout
    assert "quick fix: HT101: Make the table durable" in done.stdout
    shots = sorted(p.stem for p in (E2E / "screenshots").glob("*.png"))
    assert shots == [f"{n:02d}-{step}" for n, step in enumerate(STEPS, 1)]
