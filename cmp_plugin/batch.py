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
process may run on.
"""

from __future__ import annotations

import gc
import marshal
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
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


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
