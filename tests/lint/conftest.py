"""The `fleet` fixture: a clean small fleet in a temporary directory (see lint_fleet.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_fleet import Fleet


@pytest.fixture
def fleet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fleet:
    monkeypatch.chdir(tmp_path)
    return Fleet(tmp_path)
