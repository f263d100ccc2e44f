"""Random edits and truncations of real files: the engine never raises, always returns a
catalog, and a broken statement costs only itself."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hartonomous_lsp.catalog.model import build_catalog
from hartonomous_lsp.parse.script import parse_text
from hartonomous_lsp.source.text import SourceText

from .conftest import CORPUS, EXAMPLE

SAMPLES = [
    CORPUS / "wwi-ssdt/wwi-ssdt/Sales/Tables/Customers.sql",
    CORPUS / "wwi-ssdt/wwi-ssdt/Warehouse/Tables/ColdRoomTemperatures.sql",
    CORPUS / "wwi-dw-ssdt/wwi-dw-ssdt/Fact/Tables/Sale.sql",
    CORPUS / "wwi-ssdt/wwi-ssdt/Website/Stored Procedures/InsertCustomerOrders.sql",
    CORPUS / "wwi-dw-ssdt/wwi-dw-ssdt/Integration/Tables/Sale_Staging.sql",
    *sorted((EXAMPLE / "Tables").glob("*.sql"))[:4],
]
TEXTS = [SourceText.from_bytes(p.read_bytes()).text for p in SAMPLES if p.exists()]
NOISE = [
    "(",
    ")",
    ",",
    "'",
    "[",
    "]",
    "/*",
    "*/",
    "--",
    "GO\n",
    "\nGO\n",
    " NOT ",
    " INDEX ",
    "CREATE ",
    " AS ",
    ";",
    "\n",
    "N'",
    "$(x)",
    ":r x\n",
    "0x",
    "@",
]
TAIL = "\nGO\nCREATE TABLE dbo.Sentinel (Id INT NOT NULL);\n"


@st.composite
def mangled(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(0, 4))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "truncate"]))
        if action == "insert":
            text = text[:pos] + draw(st.sampled_from(NOISE)) + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        else:
            text = text[:pos]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_engine_never_raises_and_always_builds_a_catalog(text: str) -> None:
    parsed = parse_text(text)
    catalog = build_catalog([("f.sql", parsed)])
    assert catalog is not None
    for problem in parsed.errors:
        assert 0 <= problem.span[0] <= problem.span[1] <= len(text)


@settings(max_examples=200, deadline=None)
@given(mangled())
def test_later_batches_survive_a_broken_one(text: str) -> None:
    """Whatever state the mangled text leaves, a batch after a GO line is still read —
    unless the mangling left a block comment open, which swallows it as SQL Server would."""
    parsed = parse_text(text + TAIL)
    names = [t.name.name for t in parsed.tables]
    unclosed_comment = any("block comment" in e.message for e in parsed.errors)
    assert "Sentinel" in names or unclosed_comment


def test_truncated_create_table_reports_at_the_break() -> None:
    full = "CREATE TABLE dbo.T (\n    Id INT NOT NULL,\n    Name NVARCHAR(50) NULL\n);\n"
    cut = full[: full.index("NVARCHAR(50)") + len("NVARCHAR(5")]
    parsed = parse_text(cut + "\nGO\nCREATE TABLE dbo.U (Id INT);\n")
    assert parsed.errors
    line = (cut + "\nGO\n")[: parsed.errors[0].span[0]].count("\n") + 1
    assert line in (3, 4)  # the broken line, or the line that ends the statement early
    assert [t.name.name for t in parsed.tables] == ["U"]
