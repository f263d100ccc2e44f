from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT.parent / "shared" / "corpora" / "wwi").resolve()
EXAMPLE = ROOT / "examples" / "audit-part-40"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's parse cache, and see no CI environment."""
    monkeypatch.setenv("HARTONOMOUS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    # Inside GitHub Actions the default format is github; the tests pin their own formats.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
