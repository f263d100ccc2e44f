"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit tool from a
git copy of this checkout (no network beyond installing the hook's environment once)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .gitrepo import INVOICE, LEDGER, env, git, make_repo, write

TABLE = "Tables/dbo.BillingLedger.sql"
SHIPPED = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "hartonomous_lsp"]


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout's working tree, committed into a repository of its own."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hooks")
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")  # the hook's venv, built once


def pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert found, "pre-commit is installed with the test extras"
    return found


@pytest.fixture
def repo(tmp_path: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    hooks, rev = hook_repo
    write(
        repo,
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: hartonomous-fix\n      - id: hartonomous-check\n",
    )
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "pre-commit config")
    done = subprocess.run(
        [pre_commit(), "install"], cwd=repo, env=_env(pre_commit_home), capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return repo


def _env(home: Path) -> dict[str, str]:
    return {**env(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def commit(repo: Path, home: Path, message: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", "commit", "-m", message],
        cwd=repo,
        env=_env(home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    return done


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD").stdout)


def test_schema_only_billing_table_is_blocked_then_commits_once_fixed(
    repo: Path, pre_commit_home: Path
) -> None:
    bad = LEDGER.format(durability="SCHEMA_ONLY")
    write(repo, TABLE, bad)
    git(repo, "add", TABLE)
    done = commit(repo, pre_commit_home, "ledger")
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    line = bad.splitlines().index("WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);") + 1
    col = bad.splitlines()[line - 1].index("DURABILITY") + 1
    assert f"{TABLE}:{line}:{col}: HT101" in out
    assert "SCHEMA_ONLY" in out
    assert commits(repo) == 2

    write(repo, TABLE, LEDGER.format(durability="SCHEMA_AND_DATA"))
    git(repo, "add", TABLE)
    done = commit(repo, pre_commit_home, "ledger, durable")
    assert done.returncode == 0, done.stdout + done.stderr
    assert commits(repo) == 3


def test_fix_hook_rewrites_and_fails_once_then_passes(repo: Path, pre_commit_home: Path) -> None:
    # A second foreign key with no index: HT502's safe fix adds the index.
    table = INVOICE.replace("dbo.Invoice", "dbo.CreditNote").replace("Invoice", "CreditNote")
    write(repo, "Tables/dbo.CreditNote.sql", table)
    git(repo, "add", "-A")
    first = commit(repo, pre_commit_home, "credit notes")
    assert first.returncode != 0
    assert "files were modified by this hook" in first.stdout + first.stderr
    fixed = (repo / "Tables" / "dbo.CreditNote.sql").read_text("utf-8")
    assert fixed.startswith(table)
    assert "CREATE NONCLUSTERED INDEX IX_CreditNote_CustomerId ON dbo.CreditNote" in fixed
    git(repo, "add", "-A")
    second = commit(repo, pre_commit_home, "credit notes")
    assert second.returncode == 0, second.stdout + second.stderr
    out = second.stdout + second.stderr
    assert re.search(r"^hartonomous fix\.+Passed$", out, re.M), out
    assert re.search(r"^hartonomous check\.+Passed$", out, re.M), out


def test_a_table_whose_index_is_in_an_unchanged_file_passes(
    repo: Path, pre_commit_home: Path
) -> None:
    # Only the table's file is passed to the hook; its foreign key's index lives in
    # Indexes/, which is not part of the commit.
    write(repo, "Tables/dbo.Invoice.sql", "-- invoices issued to customers\n" + INVOICE)
    git(repo, "add", "Tables/dbo.Invoice.sql")
    done = commit(repo, pre_commit_home, "document invoices")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "HT502" not in done.stdout
