"""The Emacs snippet of editors/README.md, as written, in batch Emacs with Debian's eglot:
the HT101 diagnostic arrives through flymake and the quick fix rewrites and saves the file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import EXAMPLE, ROOT
from .gitrepo import git

SCRIPT = Path(__file__).parent / "editors" / "eglot.el"


def snippet() -> str:
    text = (ROOT / "editors" / "README.md").read_text("utf-8")
    found = re.search(r"## Emacs.*?```elisp\n(.*?)```", text, re.S)
    assert found, "editors/README.md has an Emacs snippet"
    return found.group(1)


def test_eglot_snippet_quick_fix(tmp_path: Path) -> None:
    project = Path(shutil.copytree(EXAMPLE, tmp_path / "project"))
    git(project, "init", "-q")  # eglot's project is the repository
    (tmp_path / "snippet.el").write_text(snippet(), "utf-8")
    emacs = shutil.which("emacs")
    assert emacs, "emacs-nox and elpa-eglot are installed by .ci/run"
    done = subprocess.run(
        [emacs, "--batch", "-Q", "-l", str(SCRIPT)],
        env={
            **os.environ,
            # The snippet runs `hartonomous server`: the test's virtualenv first on PATH.
            "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
            "HARTONOMOUS_SNIPPET": str(tmp_path / "snippet.el"),
            "HARTONOMOUS_PROJECT": str(project),
            "HOME": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-3000:]
    assert "diagnostic: line 22: WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);" in out
    table = project / "Tables" / "dbo.BillingUsageLedger_InMemory.sql"
    assert "WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_AND_DATA);" in table.read_text("utf-8")
