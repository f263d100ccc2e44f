"""HT202 missing-foreign-key, through the real CLI on small projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from hartonomous_lsp.rules.integrity import ht202_missing_foreign_key as rule

from .harness import check, fix_and_verify, snapshot, sqlproj, write


def write_project(root: Path, files: dict[str, str]) -> None:
    sqlproj(root, name="Shop")
    write(root, files)


def run(capsys, *args: str) -> list[dict]:
    return check(capsys, ".", "--select", "HT201,HT202,HT900", *args)


TABLES = {
    "Tables/dbo.Customer.sql": """CREATE TABLE [dbo].[Customer] (
    [CustomerId] INT NOT NULL,
    [Name] NVARCHAR(100) NOT NULL,
    [Email] NVARCHAR(200) NULL,
    CONSTRAINT [PK_Customer] PRIMARY KEY CLUSTERED ([CustomerId])
);
""",
    "Tables/dbo.Product.sql": """CREATE TABLE dbo.Products (
    ProductId BIGINT NOT NULL PRIMARY KEY,
    Name NVARCHAR(100) NOT NULL
);
""",
    "Tables/dbo.Employee.sql": """CREATE TABLE dbo.Employee (
    EmployeeId INT NOT NULL PRIMARY KEY,
    ManagerEmployeeId INT NULL
        CONSTRAINT FK_Employee_Manager REFERENCES dbo.Employee (EmployeeId)
);
""",
    "Tables/dbo.Invoice.sql": """CREATE TABLE dbo.Invoice (
    InvoiceId INT NOT NULL PRIMARY KEY,
    CustomerId INT NOT NULL,
    ProductId INT NOT NULL,
    AssignedEmployeeId INT NULL,
    ExternalPaymentId NVARCHAR(50) NULL
);
""",
    "Tables/dbo.Orders.sql": """CREATE TABLE dbo.Orders (
    OrderId INT NOT NULL PRIMARY KEY,
    CustomerId INT NOT NULL,
    CONSTRAINT FK_Orders_Customer FOREIGN KEY (CustomerId) REFERENCES dbo.Customer (CustomerId)
);
""",
    "Tables/dbo.CartSession.sql": """CREATE TABLE dbo.CartSession (
    CartSessionId INT NOT NULL PRIMARY KEY NONCLUSTERED,
    CustomerId INT NOT NULL
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_AND_DATA);
""",
    "Tables/dbo.Customer_Staging.sql": """CREATE TABLE dbo.Customer_Staging (
    CustomerId INT NOT NULL,
    Name NVARCHAR(100) NOT NULL,
    Email NVARCHAR(200) NULL
);
""",
    # Two tables whose primary key is UsageId: SourceUsageId is ambiguous, so quiet.
    "Tables/dbo.Usage.sql": """CREATE TABLE dbo.UsageLedger (
    UsageId BIGINT NOT NULL PRIMARY KEY
);
GO
CREATE TABLE dbo.UsageArchive (
    UsageId BIGINT NOT NULL PRIMARY KEY
);
GO
CREATE TABLE dbo.UsageMigration (
    MigrationId INT NOT NULL PRIMARY KEY,
    SourceUsageId BIGINT NOT NULL
);
""",
    "Types/dbo.CustomerList.sql": """CREATE TYPE dbo.CustomerList AS TABLE (
    CustomerId INT NOT NULL,
    OrderId INT NULL
);
""",
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "shop"
    root.mkdir()
    write_project(root, TABLES)
    monkeypatch.chdir(root)
    return root


def ht202(findings: list[dict]) -> dict[tuple[str, int], dict]:
    return {(f["path"], f["line"]): f for f in findings if f["code"] == "HT202"}


def test_findings_and_ranges(project, capsys):
    found = ht202(run(capsys))
    got = sorted((f["path"], f["line"], f["column"], f["end_column"]) for f in found.values())
    assert got == [
        ("Tables/dbo.CartSession.sql", 3, 5, 15),
        ("Tables/dbo.Invoice.sql", 3, 5, 15),
        ("Tables/dbo.Invoice.sql", 4, 5, 14),
        ("Tables/dbo.Invoice.sql", 5, 5, 23),
    ]


def test_fix_content(project, capsys):
    found = ht202(run(capsys, "--unsafe-fixes"))
    customer = found[("Tables/dbo.Invoice.sql", 3)]
    assert "dbo.Customer(CustomerId)" in customer["message"]
    assert customer["fix"]["applicability"] == "unsafe"
    edit, index = customer["fix"]["edits"]
    assert edit["path"] == "Tables/dbo.Invoice.sql"
    assert (edit["line"], edit["column"]) == (6, 40)
    assert edit["content"] == (
        ",\n    CONSTRAINT FK_Invoice_Customer FOREIGN KEY ([CustomerId]) "
        "REFERENCES dbo.Customer ([CustomerId])"
    )
    # The index HT502 would ask for on the new foreign key, right after the CREATE TABLE.
    assert index["path"] == "Tables/dbo.Invoice.sql"
    assert (index["line"], index["column"]) == (7, 3)
    assert index["content"] == (
        "\n\nCREATE NONCLUSTERED INDEX IX_Invoice_CustomerId ON dbo.Invoice (CustomerId);"
    )
    assert customer["fix"]["title"].endswith("with index IX_Invoice_CustomerId")
    role = found[("Tables/dbo.Invoice.sql", 5)]
    assert role["fix"]["edits"][0]["content"] == (
        ",\n    CONSTRAINT FK_Invoice_Employee_AssignedEmployeeId FOREIGN KEY "
        "([AssignedEmployeeId]) REFERENCES dbo.Employee ([EmployeeId])"
    )


def test_no_fix_for_type_mismatch(project, capsys):
    product = ht202(run(capsys, "--unsafe-fixes"))[("Tables/dbo.Invoice.sql", 4)]
    assert "dbo.Products(ProductId)" in product["message"]
    assert product["fix"] is None
    assert "No fix" in product["message"] and "BIGINT" in product["message"]


def test_no_fix_from_memory_optimized_to_disk(project, capsys):
    cart = ht202(run(capsys, "--unsafe-fixes"))[("Tables/dbo.CartSession.sql", 3)]
    assert cart["fix"] is None
    assert "memory-optimized" in cart["message"] and "disk-based" in cart["message"]


def test_fix_round_trip(project, capsys):
    before = run(capsys, "--unsafe-fixes")
    fixable = [f for f in before if f["fix"] is not None]
    assert len(fixable) == 2
    run(capsys, "--fix", "--unsafe-fixes")
    after = run(capsys, "--unsafe-fixes")

    def key(f):
        return (f["code"], f["path"], f["line"], f["column"], f["message"])

    assert sorted(map(key, after)) == sorted(key(f) for f in before if f["fix"] is None)
    text = (project / "Tables/dbo.Invoice.sql").read_text(encoding="utf-8")
    assert text.endswith(
        "    ExternalPaymentId NVARCHAR(50) NULL,\n"
        "    CONSTRAINT FK_Invoice_Customer FOREIGN KEY ([CustomerId]) "
        "REFERENCES dbo.Customer ([CustomerId]),\n"
        "    CONSTRAINT FK_Invoice_Employee_AssignedEmployeeId FOREIGN KEY "
        "([AssignedEmployeeId]) REFERENCES dbo.Employee ([EmployeeId])\n);\n\n"
        "CREATE NONCLUSTERED INDEX IX_Invoice_CustomerId ON dbo.Invoice (CustomerId);\n\n"
        "CREATE NONCLUSTERED INDEX IX_Invoice_AssignedEmployeeId "
        "ON dbo.Invoice (AssignedEmployeeId);\n"
    )
    # With every rule on: the new foreign keys come with their indexes, so no HT502 on them.
    every = check(capsys, ".", "--exit-zero")
    assert [
        f for f in every if f["path"] == "Tables/dbo.Invoice.sql" and f["code"] != "HT202"
    ] == []
    files = snapshot(project)
    run(capsys, "--fix", "--unsafe-fixes")
    assert snapshot(project) == files


CUSTOMER = "CREATE TABLE dbo.Customer (CustomerId INT NOT NULL PRIMARY KEY);\n"
INVOICE = (
    "CREATE TABLE dbo.Invoice (\n"
    "    InvoiceId INT NOT NULL PRIMARY KEY,\n"
    "    CustomerId INT NOT NULL\n"
    ");\n"
)


def test_fix_index_goes_where_the_project_keeps_indexes(tmp_path, monkeypatch, capsys):
    write(
        tmp_path,
        {
            "Tables/dbo.Customer.sql": CUSTOMER,
            "Tables/dbo.Invoice.sql": INVOICE,
            "Indexes/dbo.Invoice.IX_Invoice_InvoiceId.sql": (
                "CREATE INDEX IX_Invoice_InvoiceId ON dbo.Invoice (InvoiceId);\n"
            ),
        },
    )
    proj = sqlproj(
        tmp_path,
        [
            r"Tables\dbo.Customer.sql",
            r"Tables\dbo.Invoice.sql",
            r"Indexes\dbo.Invoice.IX_Invoice_InvoiceId.sql",
        ],
        name="Shop",
    )
    monkeypatch.chdir(tmp_path)
    fix_and_verify(capsys, tmp_path, "HT202")
    new = tmp_path / "Indexes" / "dbo.Invoice.IX_Invoice_CustomerId.sql"
    assert new.read_text() == (
        "CREATE NONCLUSTERED INDEX IX_Invoice_CustomerId ON dbo.Invoice (CustomerId);\n"
    )
    assert '<Build Include="Indexes\\dbo.Invoice.IX_Invoice_CustomerId.sql" />' in (
        proj.read_text()
    )
    assert check(capsys, tmp_path, "--select", "HT502") == []


def test_fix_adds_no_index_when_one_leads_with_the_column(tmp_path, monkeypatch, capsys):
    index = "CREATE INDEX IX_Invoice_Customer ON dbo.Invoice (CustomerId, InvoiceId);\n"
    write_project(tmp_path, {"Customer.sql": CUSTOMER, "Invoice.sql": INVOICE + index})
    monkeypatch.chdir(tmp_path)
    [finding] = ht202(run(capsys, "--unsafe-fixes")).values()
    assert len(finding["fix"]["edits"]) == 1
    fix_and_verify(capsys, tmp_path, "HT202")
    assert (tmp_path / "Invoice.sql").read_text().count("CREATE INDEX") == 1
    assert check(capsys, tmp_path, "--select", "HT502") == []


def test_fix_on_memory_optimized_tables_adds_inline_index(tmp_path, monkeypatch, capsys):
    text = (
        "CREATE TABLE dbo.Cart (CartId INT NOT NULL PRIMARY KEY NONCLUSTERED)\n"
        "    WITH (MEMORY_OPTIMIZED = ON);\n"
        "GO\n"
        "CREATE TABLE dbo.CartLine (\n"
        "    CartLineId INT NOT NULL PRIMARY KEY NONCLUSTERED,\n"
        "    CartId INT NOT NULL\n"
        ")\n"
        "    WITH (MEMORY_OPTIMIZED = ON);\n"
    )
    write_project(tmp_path, {"Cart.sql": text})
    monkeypatch.chdir(tmp_path)
    fix_and_verify(capsys, tmp_path, "HT202")
    fixed = (tmp_path / "Cart.sql").read_text()
    assert (
        "    CartId INT NOT NULL,\n"
        "    CONSTRAINT FK_CartLine_Cart FOREIGN KEY ([CartId]) REFERENCES dbo.Cart ([CartId]),\n"
        "    INDEX IX_CartLine_CartId NONCLUSTERED (CartId)\n)"
    ) in fixed
    assert "CREATE NONCLUSTERED INDEX" not in fixed  # SSDT rejects it on memory-optimized
    assert check(capsys, tmp_path, "--select", "HT502") == []


def test_brackets_style_and_same_schema_preference(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {
            "a.sql": "CREATE TABLE [Sales].[Countries] ([CountryID] INT NOT NULL PRIMARY KEY);\n",
            "b.sql": "CREATE TABLE [Geo].[Countries] ([CountryID] INT NOT NULL PRIMARY KEY);\n",
            "c.sql": (
                "CREATE TABLE [Sales].[Regions] (\n"
                "    [RegionID] INT NOT NULL PRIMARY KEY,\n"
                "    [CountryID] INT NOT NULL\n"
                ");\n"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    [finding] = ht202(run(capsys, "--unsafe-fixes")).values()
    assert finding["fix"]["edits"][0]["content"] == (
        ",\n    CONSTRAINT [FK_Regions_Countries] FOREIGN KEY ([CountryID]) "
        "REFERENCES [Sales].[Countries] ([CountryID])"
    )


@pytest.mark.parametrize(
    ("name", "base"),
    [("CustomerId", "Customer"), ("CustomerID", "Customer"), ("customer_id", "customer")],
)
def test_key_names(name, base):
    assert rule._key_base(name) == base


@pytest.mark.parametrize("name", ["Paid", "Valid", "Id", "ID", "Android"])
def test_not_key_names(name):
    assert rule._key_base(name) is None


@pytest.mark.parametrize(("example", "expected"), [(rule.BAD, True), (rule.GOOD, False)])
def test_bad_and_good_examples(tmp_path, monkeypatch, capsys, example, expected):
    write_project(tmp_path, {"example.sql": example})
    monkeypatch.chdir(tmp_path)
    found = check(capsys, ".", "--exit-zero")  # every rule: GOOD is clean for HT502 too
    assert [f for f in found if f["code"] == "HT900"] == []
    assert bool(ht202(found)) is expected
    assert expected or found == []
