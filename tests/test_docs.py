"""docs/rules/ is generated from the rule modules and must not drift from them."""

from __future__ import annotations

import pytest

from hartonomous_lsp.rules.base import all_rules
from hartonomous_lsp.rules.docs import pages, rule_markdown

from .conftest import ROOT

DOCS = ROOT / "docs" / "rules"


def test_docs_pages_are_up_to_date() -> None:
    wanted = pages()
    on_disk = {p.name: p.read_text("utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(n for n in wanted if on_disk.get(n) != wanted[n])
    extra = sorted(set(on_disk) - set(wanted))
    assert not stale and not extra, (
        f"docs/rules is out of date (stale: {stale}, extra: {extra}); "
        "run `python -m hartonomous_lsp.rules.docs docs/rules`"
    )


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_examples_come_from_the_tested_constants(rule) -> None:
    assert "## Example" not in rule.docs and "## Use instead" not in rule.docs
    page = rule_markdown(rule)
    assert f"## Example\n\n```sql\n{rule.bad}\n```" in page
    assert f"## Use instead\n\n```sql\n{rule.good}\n```" in page
    for section in ("## What it does", "## Why is this bad?", "## Fix safety", "## References"):
        assert section in page, section
