"""Time `hartonomous audit` on the example project and both WideWorldImporters projects.

Wall clock of the whole command (start-up, analysis, report), median of ``--repeat`` runs,
for each format, with a warm parse cache (one untimed run first) and with an empty one.
Target (issue "audit"): under 2 s per WWI project. ``python bench/bench_audit.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WWI = ROOT.parent / "shared" / "corpora" / "wwi"
PROJECTS = {
    "audit-part-40": ROOT / "examples" / "audit-part-40",
    "wwi-ssdt": WWI / "wwi-ssdt" / "wwi-ssdt",
    "wwi-dw-ssdt": WWI / "wwi-dw-ssdt" / "wwi-dw-ssdt",
}


def run(project: Path, fmt: str, cache: Path) -> float:
    exe = Path(sys.executable).parent / "hartonomous"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(exe), "audit", str(project), "--format", fmt, "-o", f"{tmp}/report.{fmt}"]
        env = {**os.environ, "HARTONOMOUS_CACHE_DIR": str(cache)}
        start = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, capture_output=True)
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'project':14} {'format':6} {'cold s':>7} {'warm median s':>14}  target < 2 s")
    for name, project in PROJECTS.items():
        for fmt in ("md", "html", "json"):
            with tempfile.TemporaryDirectory() as cache:
                cold = run(project, fmt, Path(cache))
                warm = statistics.median(run(project, fmt, Path(cache)) for _ in range(args.repeat))
            verdict = "ok" if max(cold, warm) < 2 else "MISSED"
            print(f"{name:14} {fmt:6} {cold:7.3f} {warm:14.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
