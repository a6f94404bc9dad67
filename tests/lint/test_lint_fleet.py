"""The small fleet of conftest.py is clean, so each rule's failing case is its own doing."""

from __future__ import annotations

from lint_fleet import Fleet


def test_the_small_fleet_is_clean(fleet: Fleet) -> None:
    assert fleet.lint() == []
