"""``hartonomous install-hook``: put the plain git hook (``hooks/pre-commit``) where git runs
it, honouring ``core.hooksPath``, without clobbering someone else's hook."""

from __future__ import annotations

import os
import stat
import sys
from importlib import resources
from pathlib import Path

from .git_stage import GitError, _git


def hook_text() -> str:
    return resources.files("hartonomous_lsp").joinpath("pre-commit.sh").read_text("utf-8")


def install(cwd: Path, force: bool) -> int:
    try:
        hooks = Path(_git(["rev-parse", "--git-path", "hooks"], cwd).decode().strip())
    except GitError as exc:
        print(f"hartonomous: error: not a git repository ({exc})", file=sys.stderr)
        return 2
    hooks = hooks if hooks.is_absolute() else cwd / hooks
    target = hooks / "pre-commit"
    text = hook_text()
    if target.exists():
        current = target.read_text("utf-8", errors="replace")
        if current == text:
            print(f"hartonomous: the hook is already installed at {target}")
            return 0
        if not force:
            print(
                f"hartonomous: error: {target} exists and is not hartonomous' hook; "
                "run with --force to replace it",
                file=sys.stderr,
            )
            return 1
    hooks.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8", newline="\n")
    mode = target.stat().st_mode
    target.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(f"hartonomous: installed the pre-commit hook at {os.path.relpath(target, cwd)}")
    return 0
