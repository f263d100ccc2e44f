"""What a commit would contain: the git index written out to a folder, so that the plain git
hook checks the staged text, not the working tree (a file fixed but not yet added must not
let its bad staged version through, and the reverse)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

# Files the engine reads: the SQL, the project, and the configuration.
MODEL_SUFFIXES = (".sql", ".sqlproj")
CONFIG_NAMES = ("hartonomous.toml", "pyproject.toml")


class GitError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Staged:
    root: Path  # the folder holding the index's snapshot
    changed: list[str]  # repo-relative paths of staged .sql / .sqlproj files to report on


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True)
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def repo_root(cwd: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())


def _wanted(path: str) -> bool:
    lower = path.lower()
    return lower.endswith(MODEL_SUFFIXES) or lower.rsplit("/", 1)[-1] in CONFIG_NAMES


def snapshot(repo: Path, into: Path) -> Staged:
    """Write the staged version of every model and config file of ``repo`` under ``into``."""
    names = _git(["ls-files", "-z", "--cached"], repo).split(b"\0")
    files = [n for n in names if n and _wanted(n.decode("utf-8", "surrogateescape"))]
    if files:
        prefix = str(into) + "/"
        _git(["checkout-index", "-z", "--stdin", f"--prefix={prefix}"], repo, b"\0".join(files))
    diff = _git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], repo)
    changed = [
        n.decode("utf-8", "surrogateescape")
        for n in diff.split(b"\0")
        if n and n.decode("utf-8", "surrogateescape").lower().endswith(MODEL_SUFFIXES)
    ]
    return Staged(into, changed)
