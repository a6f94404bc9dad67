"""The copied golden cases are the shared ones, byte for byte (tests/golden/README.md)."""

from __future__ import annotations

import filecmp

import yaml

from helpers import GOLDEN, SHARED

PARTS = ("chart", "e2e", "fleets", "registration")
EMPTY_RELEASE_TYPE_CASES = (
    "06-user-overrides-catalog",
    "08-appset-level-options",
    "17-upstream-test-values",
)


def test_cases_with_an_empty_release_type_follow_deviation_3() -> None:
    for case in EMPTY_RELEASE_TYPE_CASES:
        text = (GOLDEN / "chart" / case / "expected.yaml").read_text()
        names = [
            doc["spec"]["template"]["metadata"]["name"]
            for doc in yaml.safe_load_all(text)
            if doc and doc.get("kind") == "ApplicationSet"
        ]
        assert names, case
        assert not [name for name in names if name.startswith("-")], case


def test_copies_equal_the_shared_cases() -> None:
    shared = SHARED / "golden"
    if not shared.is_dir():
        return  # a clone alone: the copies are all there is (the test above still holds)
    for part in PARTS:
        _assert_same_tree(filecmp.dircmp(shared / part, GOLDEN / part), part)


def _assert_same_tree(comparison: filecmp.dircmp, where: str) -> None:
    assert not comparison.left_only and not comparison.right_only, (where, comparison.left_only)
    assert not comparison.diff_files, f"{where}: {comparison.diff_files} differ"
    for name, sub in comparison.subdirs.items():
        _assert_same_tree(sub, f"{where}/{name}")
