"""`batch`: what a long run changes in the process (and undoes), and its forked workers."""

from __future__ import annotations

import gc
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from cmp_plugin import batch
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
    monkeypatch.setattr(batch, "cgroup_cpu_quota", lambda membership: None)
    monkeypatch.setenv(WORKERS_VARIABLE, given)
    assert worker_count() == expected


@pytest.mark.parametrize(("quota", "expected"), [(0.5, 1), (1.0, 1), (1.2, 2), (1000.0, None)])
def test_a_cgroup_quota_lowers_the_worker_count(
    monkeypatch: pytest.MonkeyPatch, quota: float, expected: int | None
) -> None:
    """A container limited to fewer CPUs than its affinity shows gets that many workers."""
    monkeypatch.setattr(batch, "cgroup_cpu_quota", lambda membership: quota)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    assert worker_count() == (8 if expected is None else expected)


def write_files(root: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return str(root)


V2 = "0::/kubepods/pod1/ctr\n"
V1 = "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n"


@pytest.mark.parametrize(
    ("membership", "files", "expected"),
    [
        (V2, {"kubepods/pod1/ctr/cpu.max": "150000 100000\n"}, 1.5),
        (V2, {"kubepods/pod1/ctr/cpu.max": "max 100000\n"}, None),
        # the lowest of the cgroup and its parents
        (V2, {"kubepods/pod1/ctr/cpu.max": "max 100000", "kubepods/cpu.max": "50000 100000"}, 0.5),
        # a cgroup namespace: the process is at `/`, its limit at the root
        ("0::/\n", {"cpu.max": "200000 100000"}, 2.0),
        # no cgroup namespace: the path is not under the root, whose files are the container's
        (V2, {"cpu.max": "300000 100000"}, 3.0),
        (
            V1,
            {"cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "-1", "cpu,cpuacct/cpu.cfs_quota_us": "-1",
             "cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000"},
            None,
        ),
        (
            V1,
            {"cpu/cpu.cfs_quota_us": "250000", "cpu/cpu.cfs_period_us": "100000"},
            2.5,
        ),
        (V2, {"kubepods/pod1/ctr/cpu.max": "lots of cpus"}, None),
        (V2, {"kubepods/pod1/ctr/cpu.max": "0 100000"}, None),
        ("garbage\n", {"cpu.max": "100000 100000"}, None),
        # `..` in a path never leaves the root
        ("0::/../../etc\n", {"cpu.max": "100000 100000"}, 1.0),
    ],
)  # fmt: skip
def test_the_cgroup_cpu_quota(
    tmp_path: Path, membership: str, files: dict[str, str], expected: float | None
) -> None:
    assert batch.cgroup_cpu_quota(membership, write_files(tmp_path, files)) == expected


@pytest.mark.parametrize("given", ["0", "-1", "two", "1.5"])
def test_a_bad_worker_count_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, given)
    with pytest.raises(UsageError, match=f"{WORKERS_VARIABLE} must be a whole number"):
        worker_count()
