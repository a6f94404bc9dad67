"""Timing whole processes: wall and CPU time of the child, peak RSS under /usr/bin/time.

Each process is started with `subprocess.Popen` and reaped with a blocking `os.wait4`; the
wall time is `time.perf_counter` around both. Output goes to /dev/null (the command still
writes all of it); stderr to a temporary file, kept for the message when a command fails.

Peak memory is taken on a separate run under `/usr/bin/time -f %M`. The rusage of a child of
this process would not do: Linux keeps, in the `ru_maxrss` of a process that called exec, the
high-water mark of the memory it had before (with vfork, this benchmark's own ~20 MiB), so
every small command would show the parent's size. `/usr/bin/time` is a small C program, so
what it reports is the command's own peak. Without it, `ru_maxrss` from `wait4` is used
(an upper bound). A command that forks workers (a large preview) holds memory in each: while
that run lasts, the resident memory of the command and its descendants is also summed every
10 ms (`TreeMemory`), and the larger of the two peaks is reported.
"""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

KIB = 1024
MIB = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the process (and its children)
    max_rss_bytes: int
    returncode: int
    stderr: str = ""


@dataclass(frozen=True)
class Command:
    """One process to measure: argv, working directory and the complete environment."""

    argv: tuple[str, ...]
    cwd: str
    env: Mapping[str, str]
    timeout: float = 300.0

    def display(self) -> str:
        return shlex.join(_short(arg) for arg in self.argv)


def _short(arg: str) -> str:
    if arg == sys.executable:
        return "python"
    if os.path.isabs(arg) and os.sep in arg:
        return os.path.basename(arg) if os.path.dirname(arg).endswith("bin") else arg
    return arg


TIME = "/usr/bin/time"


def run_once(
    command: Command, *, keep_stdout: bool = False, memory: bool = False
) -> tuple[Sample, bytes]:
    """Run `command` once; its sample, and its stdout when `keep_stdout`.

    With `memory`, the command runs under /usr/bin/time for its peak RSS (its wall time then
    includes that of /usr/bin/time: use such a sample for memory only).
    """
    argv = list(command.argv)
    with (
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() as out,
        tempfile.NamedTemporaryFile(prefix="bench-rss-") as rss_file,
    ):
        timed = memory and os.access(TIME, os.X_OK)
        if timed:
            argv = [TIME, "-f", "%M", "-o", rss_file.name, *argv]
        start = time.perf_counter()
        process = subprocess.Popen(
            argv,
            cwd=command.cwd,
            env=dict(command.env),
            stdin=subprocess.DEVNULL,
            stdout=out if keep_stdout else subprocess.DEVNULL,
            stderr=err,
        )
        sampler = TreeMemory(process.pid, skip_root=timed) if memory else None
        try:
            status, usage = _wait(process, command.timeout)
        finally:
            together = sampler.stop() if sampler else 0
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        out.seek(0)
        stdout = out.read() if keep_stdout else b""
        returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in KiB on Linux (bytes on macOS); /usr/bin/time's %M is in KiB.
        rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * KIB
        if timed:
            reported = rss_file.read().decode().split()
            if reported and reported[-1].isdigit():
                rss = int(reported[-1]) * KIB
        rss = max(rss, together)
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, cpu, rss, returncode, stderr), stdout


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, os.struct_rusage]:
    """Block in wait4 (no polling: the child has both cores); a timer kills a hung child."""
    fired = threading.Event()

    def kill() -> None:
        fired.set()
        process.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    if fired.is_set():
        raise TimeoutError(f"timed out after {timeout:.0f} s")
    return status, usage


class TreeMemory:
    """The peak of the resident memory of a process and its descendants together, sampled
    every 10 ms from /proc while it runs (Linux): a preview that forks workers holds memory in
    each. Pages the processes share are counted in each, so the figure is an upper bound."""

    PERIOD = 0.01

    def __init__(self, pid: int, *, skip_root: bool = False) -> None:
        self.pid = pid
        self.skip_root = skip_root  # /usr/bin/time: not the command's own memory
        self.peak = 0
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak

    def _sample(self) -> None:
        while not self._done.wait(self.PERIOD):
            pids = self._descendants(self.pid)
            if not self.skip_root:
                pids.append(self.pid)
            self.peak = max(self.peak, sum(self._rss(pid) for pid in pids))

    def _descendants(self, pid: int) -> list[int]:
        found: list[int] = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                    for child in children.read().split():
                        found += [int(child), *self._descendants(int(child))]
        except OSError:
            pass
        return found

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                return int(statm.read().split()[1]) * self._page
        except (OSError, IndexError, ValueError):
            return 0


@dataclass
class Measurement:
    """The timed samples of one case, all successful, and its peak RSS (from its own run)."""

    peak_rss: int = 0
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(sample.cpu_seconds for sample in self.samples)

    @property
    def minimum(self) -> float:
        return min(sample.seconds for sample in self.samples)

    @property
    def maximum(self) -> float:
        return max(sample.seconds for sample in self.samples)


def failure_line(sample: Sample) -> str:
    """The last non-empty line of a failed command's stderr, for the table."""
    lines = [line.strip() for line in sample.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {sample.returncode}"
