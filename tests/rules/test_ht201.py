"""HT201 status-without-check, through the real CLI on small projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from hartonomous_lsp.rules.integrity import ht201_status_without_check as rule

from .harness import check, snapshot, sqlproj, write


def write_project(root: Path, files: dict[str, str]) -> None:
    sqlproj(root, name="Shop")
    write(root, files)


def run(capsys, *args: str) -> list[dict]:
    return check(capsys, ".", "--select", "HT201,HT202,HT900", *args)


ORDERS = """CREATE TABLE dbo.Orders (
    OrderId INT NOT NULL PRIMARY KEY,
    OrderStatus NVARCHAR(20) NOT NULL CONSTRAINT DF_Orders_OrderStatus DEFAULT (N'New'),
    PaymentState VARCHAR(10) NULL,
    StateProvinceCode NCHAR(2) NULL,
    RealEstate NVARCHAR(40) NULL,
    RawStatus NVARCHAR(MAX) NULL,
    ShipState INT NULL,
    CheckedStatus NVARCHAR(10) NOT NULL CHECK (CheckedStatus IN ('a', 'b')),
    ReviewStatus CHAR(1) NULL,
    FulfillmentStatus NVARCHAR(20) NULL
        CONSTRAINT FK_Orders_Fulfillment REFERENCES dbo.FulfillmentStatuses (Code),
    CONSTRAINT CK_Orders_Review CHECK ([ReviewStatus] <> 'x')
);
"""

LOOKUP = """CREATE TABLE dbo.FulfillmentStatuses (
    Code NVARCHAR(20) NOT NULL PRIMARY KEY
);
"""

ARCHIVE = """CREATE TABLE dbo.OrderArchive (
    OrderId INT NOT NULL PRIMARY KEY,
    OrderStatus NVARCHAR(20) NOT NULL,
    CONSTRAINT CK_OrderArchive_OrderStatus CHECK (OrderStatus IN (N'Archived'))
);
"""

SESSION = """CREATE TABLE dbo.CartSession (
    CartSessionId INT NOT NULL PRIMARY KEY NONCLUSTERED,
    SessionState VARCHAR(10) NOT NULL -- the cart's state
)
WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);
"""

PROCS = """CREATE PROCEDURE dbo.ShipOrder @OrderId INT
AS
BEGIN
    UPDATE dbo.Orders SET OrderStatus = N'Shipped'
    WHERE OrderId = @OrderId AND OrderStatus IN (N'Paid', N'New');
    UPDATE dbo.OrderArchive SET OrderStatus = N'Archived' WHERE OrderId = @OrderId;
    INSERT INTO dbo.Orders (OrderId, OrderStatus) VALUES (@OrderId, N'On''Hold');
    SELECT o.OrderId FROM dbo.Orders AS o WHERE o.OrderStatus = 'Paid';
    UPDATE dbo.CartSession SET SessionState = 'closed' WHERE CartSessionId = @OrderId;
    SELECT CartSessionId FROM dbo.CartSession WHERE SessionState <> 'open';
END
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "shop"
    root.mkdir()
    write_project(
        root,
        {
            "Tables/dbo.Orders.sql": ORDERS,
            "Tables/dbo.FulfillmentStatuses.sql": LOOKUP,
            "Tables/dbo.OrderArchive.sql": ARCHIVE,
            "Tables/dbo.CartSession.sql": SESSION,
            "Procedures/dbo.ShipOrder.sql": PROCS,
        },
    )
    monkeypatch.chdir(root)
    return root


def ht201(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["code"] == "HT201"]


def test_findings_and_ranges(project, capsys):
    found = ht201(run(capsys))
    got = sorted((f["path"], f["line"], f["column"], f["end_column"]) for f in found)
    assert got == [
        ("Tables/dbo.CartSession.sql", 3, 5, 17),
        ("Tables/dbo.Orders.sql", 3, 5, 16),
        ("Tables/dbo.Orders.sql", 4, 5, 17),
    ]
    assert all(f["severity"] == "warning" for f in found)


def test_check_lists_exactly_the_values_the_code_uses(project, capsys):
    by_line = {(f["path"], f["line"]): f for f in ht201(run(capsys, "--unsafe-fixes"))}
    status = by_line[("Tables/dbo.Orders.sql", 3)]
    assert "accepts any string" in status["message"]
    assert "dbo.ShipOrder" in status["message"] and "DEFAULT" in status["message"]
    fix = status["fix"]
    assert fix["applicability"] == "unsafe"
    [edit] = fix["edits"]
    assert edit["path"] == "Tables/dbo.Orders.sql"
    assert edit["content"] == (
        ",\n    CONSTRAINT CK_Orders_OrderStatus CHECK ([OrderStatus] IN "
        "(N'New', N'On''Hold', N'Paid', N'Shipped'))"
    )
    # Right after the last element, before the closing parenthesis.
    assert (edit["line"], edit["column"]) == (13, 62)

    session = by_line[("Tables/dbo.CartSession.sql", 3)]
    [edit] = session["fix"]["edits"]
    # VARCHAR: no N prefix; inserted before the trailing comment, not inside it.
    assert edit["content"] == (
        ",\n    CONSTRAINT CK_CartSession_SessionState CHECK ([SessionState] IN ('closed', 'open'))"
    )
    assert (edit["line"], edit["column"]) == (3, 38)


def test_no_values_no_fix(project, capsys):
    by_line = {(f["path"], f["line"]): f for f in ht201(run(capsys, "--unsafe-fixes"))}
    payment = by_line[("Tables/dbo.Orders.sql", 4)]
    assert payment["fix"] is None
    assert "no fix is offered" in payment["message"].lower()


def test_fix_round_trip(project, capsys):
    before = run(capsys, "--unsafe-fixes")
    fixable = [f for f in before if f["fix"] is not None]
    assert {f["code"] for f in fixable} == {"HT201"} and len(fixable) == 2
    run(capsys, "--fix", "--unsafe-fixes")
    after = run(capsys, "--unsafe-fixes")

    def key(f):
        return (f["code"], f["path"], f["line"], f["column"], f["message"])

    assert sorted(map(key, after)) == sorted(key(f) for f in before if f["fix"] is None)
    text = (project / "Tables/dbo.Orders.sql").read_text(encoding="utf-8")
    assert "CONSTRAINT CK_Orders_OrderStatus CHECK" in text
    session = (project / "Tables/dbo.CartSession.sql").read_text(encoding="utf-8")
    assert "NOT NULL,\n    CONSTRAINT CK_CartSession_SessionState" in session
    assert "-- the cart's state\n)" in session
    files = snapshot(project)
    run(capsys, "--fix", "--unsafe-fixes")
    assert snapshot(project) == files


def test_one_line_table(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {
            "a.sql": "CREATE TABLE dbo.A (Id INT PRIMARY KEY, JobStatus VARCHAR(9) DEFAULT 'x');\n",
            "b.sql": "CREATE TABLE dbo.B (\n\tId INT PRIMARY KEY,\n\tJobStatus CHAR(1) NULL\n);\n",
            "p.sql": "CREATE PROCEDURE dbo.P AS\nUPDATE dbo.B SET JobStatus = 'r';\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    found = {f["path"]: f for f in ht201(run(capsys, "--unsafe-fixes"))}
    assert found["a.sql"]["fix"]["edits"][0]["content"] == (
        ", CONSTRAINT CK_A_JobStatus CHECK ([JobStatus] IN ('x'))"
    )
    assert found["b.sql"]["fix"]["edits"][0]["content"] == (
        ",\n\tCONSTRAINT CK_B_JobStatus CHECK ([JobStatus] IN ('r'))"
    )
    run(capsys, "--fix", "--unsafe-fixes")
    assert ht201(run(capsys)) == []


@pytest.mark.parametrize("name", ["Status", "OrderStatus", "order_state", "ORDERSTATE"])
def test_status_names(name):
    assert rule.is_status_name(name, ["status", "state"])


@pytest.mark.parametrize("name", ["StateProvinceID", "StateProvinceCode", "RealEstate", "Stated"])
def test_not_status_names(name):
    assert not rule.is_status_name(name, ["status", "state"])


@pytest.mark.parametrize(("example", "expected"), [(rule.BAD, True), (rule.GOOD, False)])
def test_bad_and_good_examples(tmp_path, monkeypatch, capsys, example, expected):
    write_project(tmp_path, {"example.sql": example})
    monkeypatch.chdir(tmp_path)
    found = run(capsys)
    assert [f for f in found if f["code"] == "HT900"] == []
    assert bool(ht201(found)) is expected
