"""What one run may cost: the limits on every input and on the output, and their env knobs.

The plugin runs in a sidecar with little memory (512 MiB is common) and Argo CD kills it after
about a minute; its inputs come from people who should not be able to take the sidecar down.
Each limit has a default and an environment variable that raises or lowers it. A variable
that is set but is not a positive whole number is an error, reported when a command starts
(`check`): a typo must not silently leave the default in force.

Input limits are enforced by `yamlio` while loading; the output limits by `OutputBudget`
while rendering (an estimate, so that a render that would build too much stops early) and
by the writers (the exact size of the text).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .errors import FleetError, UsageError

MiB = 1024 * 1024

# name -> (attribute, default, what it bounds)
KNOBS: dict[str, tuple[str, int, str]] = {
    "ARGOCD_FLEET_MAX_FILE_BYTES": ("max_bytes", 4 * MiB, "bytes of one YAML input"),
    "ARGOCD_FLEET_MAX_DEPTH": ("max_depth", 256, "nesting levels"),
    "ARGOCD_FLEET_MAX_NODES": ("max_nodes", 250_000, "nodes of one YAML document"),
    "ARGOCD_FLEET_MAX_OUTPUT_BYTES": ("max_output_bytes", 64 * MiB, "bytes of output"),
    "ARGOCD_FLEET_MAX_OBJECTS": ("max_objects", 10_000, "objects in the output"),
}
# Through aliases, a document may grow to this many times the file-size limit.
EXPANSION_FACTOR = 4
# In one plugin run, all YAML inputs together may hold this many times the node limit.
RUN_FACTOR = 4
# While rendering, every mapping or list counts as at least this many bytes of output, and
# every key of a mapping this many more than its length, so that a tree of small maps or a
# mapping of many short entries (cheap to print, dear to hold in memory) is bounded as well.
CONTAINER_BYTES = 32
ENTRY_BYTES = 16


class Limits:
    """Bounds on what one YAML input may cost, and on the output; each can be set by env."""

    max_bytes = KNOBS["ARGOCD_FLEET_MAX_FILE_BYTES"][1]
    max_depth = KNOBS["ARGOCD_FLEET_MAX_DEPTH"][1]
    max_nodes = KNOBS["ARGOCD_FLEET_MAX_NODES"][1]
    max_output_bytes = KNOBS["ARGOCD_FLEET_MAX_OUTPUT_BYTES"][1]
    max_objects = KNOBS["ARGOCD_FLEET_MAX_OBJECTS"][1]

    def __init__(
        self,
        max_bytes: int | None = None,
        max_depth: int | None = None,
        max_nodes: int | None = None,
        max_output_bytes: int | None = None,
        max_objects: int | None = None,
    ) -> None:
        self.max_bytes = max_bytes or Limits.max_bytes
        self.max_depth = max_depth or Limits.max_depth
        self.max_nodes = max_nodes or Limits.max_nodes
        self.max_output_bytes = max_output_bytes or Limits.max_output_bytes
        self.max_objects = max_objects or Limits.max_objects
        self.problem: str | None = None
        # Nodes loaded so far in this run, and the most allowed (None: no run-wide budget).
        self.loaded_nodes = 0
        self.run_nodes: int | None = None

    @property
    def max_expanded_bytes(self) -> int:
        return self.max_bytes * EXPANSION_FACTOR

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Limits:
        """The limits the environment sets; a malformed value is kept as `problem`."""
        values: dict[str, int] = {}
        problems = []
        for name, (attribute, _, what) in KNOBS.items():
            raw = environ.get(name)
            if raw is None:
                continue
            text = raw.strip().replace("_", "")
            if text.isdigit() and text.isascii() and len(text) < 19 and int(text) > 0:
                values[attribute] = int(text)
            else:
                problems.append(f"{name}={raw!r} is not a positive whole number ({what})")
        limits = cls(**values)
        limits.problem = "; ".join(problems) or None
        return limits

    def check(self) -> None:
        """Refuse to run with a limit the environment set wrongly."""
        if self.problem:
            raise UsageError(self.problem)

    def start_run(self) -> None:
        """Count the nodes of every YAML input from now on, against RUN_FACTOR x max_nodes."""
        self.loaded_nodes = 0
        self.run_nodes = self.max_nodes * RUN_FACTOR

    def end_run(self) -> None:
        """Back to limits per input only (for a caller that renders again in-process)."""
        self.run_nodes = None

    def count_loaded(self, nodes: int, source: str) -> None:
        self.loaded_nodes += nodes
        if self.run_nodes is not None and self.loaded_nodes > self.run_nodes:
            raise FleetError(
                f"the inputs of this render together hold more than {self.run_nodes} nodes "
                f"({RUN_FACTOR} x ARGOCD_FLEET_MAX_NODES); this file brought the total over",
                source,
            )


LIMITS = Limits.from_env()


class OutputBudget:
    """What a render may produce: at most `max_objects` objects, and an estimated output of
    at most `max_output_bytes` (each string counted by its length, each mapping or list as
    CONTAINER_BYTES at least). Charged object by object as they are built."""

    def __init__(self, limits: Limits = LIMITS) -> None:
        self.limits = limits
        self.objects = 0
        self.estimate = 0

    def expect(self, count: int, what: str) -> None:
        """Refuse before building when `count` more objects would pass the object limit."""
        if self.objects + count > self.limits.max_objects:
            raise self._too_many(self.objects + count, what)

    def charge(self, obj: Any, what: str) -> None:
        """Count one built object; refuse when the output would grow past the limits."""
        self.objects += 1
        if self.objects > self.limits.max_objects:
            raise self._too_many(self.objects, what)
        self.spend(estimate_size(obj), f"{self.objects} {what}")

    def spend(self, size: int, when: str) -> None:
        """Count `size` estimated bytes of output (or of work that grows with it)."""
        self.estimate += size
        if self.estimate > self.limits.max_output_bytes:
            raise FleetError(
                f"the output would be larger than the limit of {self.limits.max_output_bytes} "
                f"bytes, estimated after {when} (raise it with ARGOCD_FLEET_MAX_OUTPUT_BYTES)"
            )

    def _too_many(self, count: int, what: str) -> FleetError:
        return FleetError(
            f"{count} {what} are more than the limit of {self.limits.max_objects} objects "
            "(raise it with ARGOCD_FLEET_MAX_OBJECTS)"
        )


def estimate_size(tree: Any) -> int:
    """The estimated output size of a tree: string lengths, CONTAINER_BYTES per container and
    ENTRY_BYTES per key, a few bytes per other value. Shared subtrees are counted every time
    they appear. A typical ApplicationSet is estimated at about twice its JSON size."""
    size = 0
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            size += CONTAINER_BYTES
            for key, value in node.items():
                size += ENTRY_BYTES + (len(key) if isinstance(key, str) else 8)
                stack.append(value)
        elif isinstance(node, list):
            size += CONTAINER_BYTES
            stack.extend(node)
        elif isinstance(node, str):
            size += len(node) + 3
        else:
            size += 6
    return size


def check_output_size(size: int, limits: Limits = LIMITS) -> None:
    """The writers' exact check: `size` bytes of output so far."""
    if size > limits.max_output_bytes:
        raise FleetError(
            f"the output is larger than the limit of {limits.max_output_bytes} bytes "
            "(raise it with ARGOCD_FLEET_MAX_OUTPUT_BYTES)"
        )
