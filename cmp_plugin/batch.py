"""How a long run of an operator tool (`preview`, `validate`, `diff`) uses the machine.

Garbage collection: a preview of 10,000 clusters holds millions of objects (the clusters'
parameters, the Applications), none of them in a reference cycle that outlives a function.
Python's cyclic collector would still walk them all again and again as they are made: with
its default thresholds it took ~20 % of such a run. `long_run` makes collections rare while a
command runs (what is loaded before it is frozen out of them) and restores the collector
afterwards, so that a command run in-process (the tests) leaves no trace. Memory is not at
stake: reference counting frees everything that is not in a cycle, at once.

Processes: `in_workers` works independent shares of a job at once, the first in this process
and each other in a child forked from it (the child reads the parent's data as it is, nothing
is copied in; only its result is sent back, by `marshal`). It changes how fast, never what:
the results come back in the order of the shares, and a child that fails in any way has its
share worked again here, so that results and errors are those of a run in one process.
`ARGOCD_FLEET_WORKERS` caps the processes (1: none forked); by default, one per CPU this
process may run on: the CPUs of its affinity, fewer when its cgroup's CPU quota is lower (a
container limited to 2 CPUs on a node of 64 sees 64 CPUs in its affinity, and 64 workers
there would only wait on each other and multiply the memory).
"""

from __future__ import annotations

import gc
import marshal
import math
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from .errors import UsageError

# A young-generation collection every 50,000 allocations (the default is 700), and an older
# one every 20 of those: on a preview of 10,000 clusters the collector's share falls from
# ~2 s to ~0.2 s.
THRESHOLDS = (50_000, 20, 20)
WORKERS_VARIABLE = "ARGOCD_FLEET_WORKERS"

Share = TypeVar("Share")


@contextmanager
def long_run() -> Iterator[None]:
    """Rare garbage collections while the block runs; the collector as it was afterwards."""
    saved = gc.get_threshold()
    gc.freeze()  # the modules and data loaded so far are never scanned again
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


def worker_count() -> int:
    """How many processes a job may use: `ARGOCD_FLEET_WORKERS`, else the usable CPUs."""
    given = os.environ.get(WORKERS_VARIABLE, "").strip()
    if given:
        if not given.isdigit() or int(given) < 1:
            raise UsageError(f"{WORKERS_VARIABLE} must be a whole number of at least 1: {given!r}")
        return int(given)
    if not hasattr(os, "fork"):
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
    try:
        with open("/proc/self/cgroup", encoding="utf-8") as handle:
            quota = cgroup_cpu_quota(handle.read())
    except OSError:
        quota = None
    if quota is not None:
        cpus = min(cpus, math.ceil(quota))
    return max(1, cpus)


CGROUP_ROOT = "/sys/fs/cgroup"


def cgroup_cpu_quota(membership: str, root: str = CGROUP_ROOT) -> float | None:
    """The CPUs the cgroup quota allows (`cpu.max` of cgroup v2, `cpu.cfs_quota_us` over
    `cpu.cfs_period_us` of v1), the lowest of the process's cgroup and its parents; None when
    there is no quota. `membership` is `/proc/self/cgroup`. In a container with its own
    cgroup namespace the process's path is `/`; without one, its path may not exist under
    `root` (the container sees its own cgroup there), which then counts as `/`."""
    limits: list[float] = []
    for line in membership.splitlines():
        number, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if number == "0" and not controllers:
            read, base = _v2_quota, root
        elif "cpu" in controllers.split(","):
            read, base = _v1_quota, os.path.join(root, controllers)
            if not os.path.isdir(base):
                base = os.path.join(root, "cpu")
        else:
            continue
        parts = [part for part in path.split("/") if part and part not in (".", "..")]
        for depth in range(len(parts), -1, -1):
            limit = read(os.path.join(base, *parts[:depth]))
            if limit is not None:
                limits.append(limit)
    return min(limits) if limits else None


def _v2_quota(folder: str) -> float | None:
    words = _read_words(os.path.join(folder, "cpu.max"))
    if len(words) != 2 or words[0] == "max":
        return None
    return _ratio(words[0], words[1])


def _v1_quota(folder: str) -> float | None:
    quota = _read_words(os.path.join(folder, "cpu.cfs_quota_us"))
    period = _read_words(os.path.join(folder, "cpu.cfs_period_us"))
    if len(quota) != 1 or len(period) != 1:
        return None
    return _ratio(quota[0], period[0])


def _ratio(quota: str, period: str) -> float | None:
    try:
        allowed, every = int(quota), int(period)
    except ValueError:
        return None
    return allowed / every if allowed > 0 and every > 0 else None  # -1: no quota


def _read_words(path: str) -> list[str]:
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read(256).split()
    except (OSError, ValueError):
        return []


def in_workers(work: Callable[[Share], Any], shares: Sequence[Share]) -> list[Any]:
    """`work(share)` for every share, in order: the first here, the others in forked children.

    What `work` returns must be made of what `marshal` carries (strings, numbers, booleans,
    None, lists, tuples, dicts). A child whose work raises, is killed, or returns anything
    else has its share worked here again: the exception, if any, is then raised here.
    """
    if len(shares) < 2 or not hasattr(os, "fork"):
        return [work(share) for share in shares]
    children: list[tuple[int, int, Share]] = []  # forked, not yet collected
    try:
        for share in shares[1:]:
            children.append((*_fork(work, share), share))
        results = [work(shares[0])]
        while children:
            pid, reader, share = children.pop(0)
            results.append(_collect(pid, reader, work, share))
        return results
    finally:
        for pid, reader, _ in children:  # after an exception here: stop the others
            _stop(pid, reader)


def _fork(work: Callable[[Share], Any], share: Share) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, send, and leave without running anything of the parent's
        status = 1
        try:
            os.close(reader)
            data = marshal.dumps(work(share))
            view = memoryview(data)
            while view:
                view = view[os.write(writer, view) :]
            status = 0
        except BaseException:  # whatever it was, the parent works this share again
            pass
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int, work: Callable[[Share], Any], share: Share) -> Any:
    chunks = []
    try:
        while chunk := os.read(reader, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(reader)
    _, status = os.waitpid(pid, 0)
    if status == 0:
        try:
            return marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            pass
    return work(share)


def _stop(pid: int, reader: int) -> None:
    with suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    os.close(reader)
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)
