"""Temporary git repositories holding a small SSDT project, for the hook tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SQLPROJ = """<Project DefaultTargets="Build" Sdk="Microsoft.Build.Sql/1.0.0">
  <PropertyGroup>
    <Name>Billing</Name>
    <DSP>Microsoft.Data.Tools.Schema.Sql.Sql170DatabaseSchemaProvider</DSP>
  </PropertyGroup>
</Project>
"""

LEDGER = """CREATE TABLE dbo.BillingLedger (
    LedgerId BIGINT IDENTITY (1, 1) NOT NULL,
    Amount   DECIMAL (18, 2) NOT NULL,
    CONSTRAINT PK_BillingLedger PRIMARY KEY NONCLUSTERED (LedgerId)
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = {durability});
"""

CUSTOMER = """CREATE TABLE dbo.Customer (
    CustomerId INT NOT NULL,
    CONSTRAINT PK_Customer PRIMARY KEY CLUSTERED (CustomerId)
);
"""

INVOICE = """CREATE TABLE dbo.Invoice (
    InvoiceId  INT NOT NULL,
    CustomerId INT NOT NULL,
    CONSTRAINT PK_Invoice PRIMARY KEY CLUSTERED (InvoiceId),
    CONSTRAINT FK_Invoice_Customer FOREIGN KEY (CustomerId) REFERENCES dbo.Customer (CustomerId)
);
"""

INVOICE_INDEX = "CREATE NONCLUSTERED INDEX IX_Invoice_CustomerId ON dbo.Invoice (CustomerId);\n"


def env() -> dict[str, str]:
    """The test's virtualenv first on PATH (so `hartonomous` is found), a fixed identity."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env(), capture_output=True, text=True, encoding="utf-8"
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done


def write(repo: Path, rel: str, text: str) -> Path:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8", newline="\n")
    return path


def make_repo(path: Path) -> Path:
    """A repository whose first commit is a clean project (hooks are installed after it)."""
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "commit.gpgsign", "false")
    write(path, "Billing.sqlproj", SQLPROJ)
    write(path, "Tables/dbo.Customer.sql", CUSTOMER)
    write(path, "Tables/dbo.Invoice.sql", INVOICE)
    write(path, "Indexes/dbo.Invoice.IX_Invoice_CustomerId.sql", INVOICE_INDEX)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "clean project")
    return path
