"""`batch`: what a long run changes in the process (and undoes), and its forked workers."""

from __future__ import annotations

import gc
import os
import signal
import time
from typing import Any

import pytest

from cmp_plugin.batch import THRESHOLDS, WORKERS_VARIABLE, in_workers, long_run, worker_count
from cmp_plugin.errors import FleetError, UsageError


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


# --------------------------------------------------------------------------------------------
# in_workers


def squares(share: list[int]) -> list[int]:
    return [n * n for n in share]


def test_results_come_back_in_the_order_of_the_shares() -> None:
    shares = [[1, 2], [3], [4, 5, 6], []]
    assert in_workers(squares, shares) == [[1, 4], [9], [16, 25, 36], []]


def test_the_children_work_in_other_processes() -> None:
    pids = in_workers(lambda _share: os.getpid(), [0, 1, 2])
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3


def test_a_child_that_is_killed_has_its_share_worked_here() -> None:
    parent = os.getpid()

    def work(share: list[int]) -> list[int]:
        if os.getpid() != parent and share == [2]:
            os.kill(os.getpid(), signal.SIGKILL)
        return squares(share)

    assert in_workers(work, [[1], [2], [3]]) == [[1], [4], [9]]


def test_what_marshal_cannot_carry_is_worked_here() -> None:
    parent = os.getpid()

    def work(share: list[int]) -> Any:
        return object() if os.getpid() != parent else "here"

    assert in_workers(work, [[1], [2]]) == ["here", "here"]


def test_an_error_of_a_child_is_raised_here_as_the_share_raises_it() -> None:
    def work(share: list[int]) -> list[int]:
        if share == [2]:
            raise FleetError("bad member", "members/two.yaml", 3)
        return squares(share)

    with pytest.raises(FleetError) as raised:
        in_workers(work, [[1], [2], [3]])
    assert str(raised.value) == "members/two.yaml:3: bad member"


def test_an_error_here_stops_the_children() -> None:
    parent = os.getpid()

    def work(share: list[int]) -> list[int]:
        if os.getpid() == parent:
            raise FleetError("bad")
        time.sleep(30)  # killed long before
        return share

    started = time.monotonic()
    with pytest.raises(FleetError):
        in_workers(work, [[1], [2]])
    assert time.monotonic() - started < 10  # the child was killed, not waited for


@pytest.mark.parametrize(
    ("given", "expected"), [("1", 1), ("3", 3), (" 2 ", 2), ("", len(os.sched_getaffinity(0)))]
)
def test_the_worker_count(monkeypatch: pytest.MonkeyPatch, given: str, expected: int) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, given)
    assert worker_count() == expected


@pytest.mark.parametrize("given", ["0", "-1", "two", "1.5"])
def test_a_bad_worker_count_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, given)
    with pytest.raises(UsageError, match=f"{WORKERS_VARIABLE} must be a whole number"):
        worker_count()
