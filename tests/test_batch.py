"""`batch`: what a long run of an operator tool changes in the process, and that it undoes it."""

from __future__ import annotations

import gc

import pytest

from cmp_plugin.batch import THRESHOLDS, long_run


def test_long_run_collects_rarely_and_restores_the_collector() -> None:
    before = gc.get_threshold()
    with long_run():
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0  # what was loaded before is out of the collections
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_long_run_restores_the_collector_when_the_command_fails() -> None:
    before = gc.get_threshold()

    @long_run()
    def failing() -> None:
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        failing()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
