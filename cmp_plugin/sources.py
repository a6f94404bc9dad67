"""Where values came from, so that an error found deep in the engine can name file and line.

Each input (a `-f` file, standard input, a parameter, a file of the hierarchy) is a
`ValueSource`. When the model rejects a field it raises a `FleetError` with the key path
only; `locate` finds the last source (in merge order) that sets that key, and its line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from .errors import FleetError
from .record import Record
from .yamlio import LIMITS, _Loader, decode, expect_mapping, load_text, node_line, read_bytes


class ValueSource(Record):
    """One input of values: its name in messages, its text (for lines) and its data."""

    display: str
    text: str
    data: dict[str, Any]
    # Lines of `text` start after this line of the file `display` names (for values embedded
    # in another file, such as the `values` parameter of a plugin Application); -1: unknown.
    first_line: int = 0

    @classmethod
    def from_file(cls, path: str, display: str | None = None) -> ValueSource:
        name = display or path
        if path == "-":
            raw = sys.stdin.buffer.read(LIMITS.max_bytes + 1)
            name = display or "<stdin>"
        else:
            raw = read_bytes(path, name)
        return cls.from_text(decode(raw, name), name)

    @classmethod
    def from_text(cls, text: str, display: str) -> ValueSource:
        return cls(
            display=display, text=text, data=expect_mapping(load_text(text, display), display, text)
        )

    @classmethod
    def from_bytes(cls, raw: bytes, display: str) -> ValueSource:
        """Values from a file's bytes (read by `Repo.read`, which confines and checks it)."""
        return cls.from_text(decode(raw, display), display)

    def with_data(self, data: dict[str, Any]) -> ValueSource:
        """The same text and place, with `data` (a part of it) as the values."""
        return ValueSource(
            display=self.display, text=self.text, data=data, first_line=self.first_line
        )

    def line_of(self, keypath: Sequence[Any]) -> int | None:
        if self.first_line < 0:
            return None
        try:
            node = yaml.compose(self.text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError):
            return None
        line = node_line(node, keypath)
        return None if line is None else line + self.first_line

    def has(self, keypath: Sequence[Any]) -> bool:
        return value_at(self.data, keypath) is not MISSING


# What `value_at` returns for a key path a tree does not hold (None is a value: a null).
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<not set>"})()


def value_at(tree: Any, keypath: Sequence[Any]) -> Any:
    """The value at `keypath` (map keys, and list indexes as numbers or digits), or MISSING."""
    node = tree
    for step in keypath:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and str(step).isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return MISSING
    return node


def locate(err: FleetError, sources: Iterable[ValueSource]) -> FleetError:
    """Give `err` the file and line of the last source that sets its key path."""
    if err.file is not None or not err.keypath:
        return err
    keypath = err.keypath
    ordered = list(sources)[::-1]
    # The whole key path if a source sets it, else the longest prefix some source sets.
    for depth in range(len(keypath), 0, -1):
        for source in ordered:
            if source.has(keypath[:depth]):
                err.file = source.display
                err.line = source.line_of(keypath[:depth])
                return err
    return err
