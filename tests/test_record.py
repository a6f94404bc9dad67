"""`Record` (cmp_plugin/record.py): a dataclass-like value class that costs the plugin nothing
to import, built by keyword only, which type checkers read as a dataclass."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cmp_plugin.record import Record, field


class Point(Record):
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


def test_fields_defaults_and_factories() -> None:
    first, second = Point(x=1), Point(x=2, y=3)
    assert (first.x, first.y, first.tags) == (1, 0, [])
    assert (second.x, second.y) == (2, 3)
    first.tags.append("a")
    assert second.tags == []  # a factory makes each instance its own


def test_construction_is_by_keyword_only() -> None:
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[misc]


def test_unknown_and_missing_fields_are_named() -> None:
    with pytest.raises(TypeError, match=r"unknown \['z'\], missing \['x'\]"):
        Point(z=1)  # type: ignore[call-arg]


def test_records_compare_and_print_like_dataclasses() -> None:
    assert Point(x=1) == Point(x=1, y=0)
    assert Point(x=1) != Point(x=1, y=1)
    assert repr(Point(x=1)) == "Point(x=1, y=0, tags=[])"


def test_type_checkers_are_told_it_is_a_keyword_only_dataclass() -> None:
    transform = Record.__dataclass_transform__  # type: ignore[attr-defined]
    assert transform["kw_only_default"] is True
    assert field in transform["field_specifiers"]


def test_importing_it_imports_neither_dataclasses_nor_inspect() -> None:
    code = "import sys, cmp_plugin.record; print(sorted({'dataclasses', 'inspect'} & set(sys.modules)))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.stdout.strip() == "[]", completed.stderr
