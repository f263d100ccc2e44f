"""A warm hook run for a one-file commit inside WideWorldImporters.

On a git copy of ``wwi-ssdt/wwi-ssdt`` with one table file changed and staged, times (wall
clock, median of ``--repeat`` runs after one untimed run that fills the parse cache):

- ``hartonomous check FILE``: what the ``hartonomous-check`` pre-commit hook runs for the
  one file pre-commit passes (the whole project is loaded as context);
- ``hartonomous check --staged``: what the plain git hook runs (the index is written out to a
  temporary folder first).

Target (issue "Pre-commit"): ≤ 0.5 s. Standard library only:
``python bench/bench_hook.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "wwi" / "wwi-ssdt" / "wwi-ssdt"
CHANGED = "Sales/Tables/Orders.sql"
TARGET_S = 0.5


def hartonomous() -> str:
    local = Path(sys.executable).parent / "hartonomous"
    return str(local) if local.exists() else "hartonomous"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def timed(cmd: list[str], cwd: Path, env: dict[str, str], repeat: int) -> list[float]:
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)  # warm the cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hartonomous-bench-hook-") as tmp:
        repo = Path(shutil.copytree(CORPUS, Path(tmp) / "wwi"))
        env = {
            **os.environ,
            "HARTONOMOUS_CACHE_DIR": str(Path(tmp) / "cache"),
            "GIT_AUTHOR_NAME": "bench",
            "GIT_AUTHOR_EMAIL": "bench@example.com",
            "GIT_COMMITTER_NAME": "bench",
            "GIT_COMMITTER_EMAIL": "bench@example.com",
        }
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        subprocess.run(["git", "commit", "-q", "-m", "wwi"], cwd=repo, env=env, check=True)
        changed = repo / CHANGED
        changed.write_bytes(b"-- a one-line change\n" + changed.read_bytes())
        git(repo, "add", CHANGED)
        files = sum(1 for _ in repo.rglob("*.sql"))
        rows = [
            ("hartonomous check FILE (pre-commit hook)", [hartonomous(), "check", CHANGED]),
            ("hartonomous check --staged (git hook)", [hartonomous(), "check", "--staged"]),
        ]
        print(f"project: {CORPUS.name} ({files} .sql files), one staged file: {CHANGED}")
        print(f"{'run':42}  {'median s':>8}  {'min s':>6}  target ≤ {TARGET_S} s")
        for label, cmd in rows:
            times = timed(cmd, repo, env, args.repeat)
            median = statistics.median(times)
            verdict = "ok" if median <= TARGET_S else "MISSED"
            print(f"{label:42}  {median:8.3f}  {min(times):6.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
