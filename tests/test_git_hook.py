"""The plain git hook (``hooks/pre-commit``): it checks what is staged, not the working tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .gitrepo import LEDGER, env, git, make_repo, write

BAD = LEDGER.format(durability="SCHEMA_ONLY")
GOOD = LEDGER.format(durability="SCHEMA_AND_DATA")
TABLE = "Tables/dbo.BillingLedger.sql"


def hartonomous(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hartonomous_lsp.cli", *args],
        cwd=repo,
        env=env(),
        capture_output=True,
        text=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    done = hartonomous(repo, "install-hook")
    assert done.returncode == 0, done.stderr
    return repo


def test_the_installed_hook_is_the_one_in_hooks() -> None:
    packaged = ROOT / "hartonomous_lsp" / "pre-commit.sh"
    assert packaged.read_bytes() == (ROOT / "hooks" / "pre-commit").read_bytes()


def test_staged_bad_and_worktree_good_is_blocked(repo: Path) -> None:
    write(repo, TABLE, BAD)
    git(repo, "add", TABLE)
    write(repo, TABLE, GOOD)  # fixed, but the fix is not staged
    done = git(repo, "commit", "-m", "ledger", check=False)
    assert done.returncode != 0
    out = done.stdout + done.stderr
    line = BAD.splitlines().index("WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);") + 1
    assert f"{TABLE}:{line}:" in out  # repo-relative, as git shows paths
    assert "HT101" in out
    assert "SCHEMA_ONLY" in out
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_staged_good_and_worktree_bad_passes(repo: Path) -> None:
    write(repo, TABLE, GOOD)
    git(repo, "add", TABLE)
    write(repo, TABLE, BAD)  # broken again, not staged
    done = git(repo, "commit", "-m", "ledger", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(repo, "show", f"HEAD:{TABLE}").stdout == GOOD


def test_judged_against_the_staged_project(repo: Path) -> None:
    # Deleting the index file (staged) leaves the Invoice foreign key unindexed: a commit
    # touching Invoice is blocked, judged on the index as it would be committed.
    git(repo, "rm", "-q", "Indexes/dbo.Invoice.IX_Invoice_CustomerId.sql")
    write(repo, "Tables/dbo.Invoice.sql", (repo / "Tables/dbo.Invoice.sql").read_text() + "\n")
    git(repo, "add", "Tables/dbo.Invoice.sql")
    done = git(repo, "commit", "-m", "drop index", check=False)
    assert done.returncode != 0
    assert "HT502" in done.stdout + done.stderr


def test_install_hook_refuses_a_foreign_hook(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho theirs\n", "utf-8")
    refused = hartonomous(repo, "install-hook")
    assert refused.returncode == 1
    assert "--force" in refused.stderr
    assert hook.read_text("utf-8") == "#!/bin/sh\necho theirs\n"
    forced = hartonomous(repo, "install-hook", "--force")
    assert forced.returncode == 0, forced.stderr
    assert hook.read_bytes() == (ROOT / "hooks" / "pre-commit").read_bytes()
    again = hartonomous(repo, "install-hook")
    assert again.returncode == 0 and "already installed" in again.stdout


def test_install_hook_honours_core_hooks_path(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    git(repo, "config", "core.hooksPath", ".githooks")
    assert hartonomous(repo, "install-hook").returncode == 0
    assert (repo / ".githooks" / "pre-commit").exists()
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
