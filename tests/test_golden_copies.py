"""The copied golden cases are the shared ones, but for the corrections tests/golden/README.md
lists (deviation 3 in three chart cases, which the shared copies left uncorrected)."""

from __future__ import annotations

import filecmp

import manifest_diff
import yaml
from refresh_golden import DEVIATION_3_CASES

from helpers import GOLDEN, SHARED, load_objects

PARTS = ("chart", "e2e", "fleets", "registration")


def application_names(text: str) -> list[str]:
    return [
        doc["spec"]["template"]["metadata"]["name"]
        for doc in yaml.safe_load_all(text)
        if doc and doc.get("kind") == "ApplicationSet"
    ]


def test_the_corrected_cases_follow_deviation_3() -> None:
    for case in DEVIATION_3_CASES:
        names = application_names((GOLDEN / "chart" / case / "expected.yaml").read_text())
        assert names, case
        assert not [name for name in names if name.startswith("-")], case


def test_copies_equal_the_shared_cases_but_for_the_corrections() -> None:
    shared = SHARED / "golden"
    if not shared.is_dir():
        return  # a clone alone: the copies are all there is (the test above still holds)
    for part in PARTS:
        comparison = filecmp.dircmp(shared / part, GOLDEN / part)
        assert _only_corrections_differ(comparison, part), part


def _only_corrections_differ(comparison: filecmp.dircmp, where: str) -> bool:
    assert not comparison.left_only and not comparison.right_only, (where, comparison.left_only)
    for name in comparison.diff_files:
        corrected = [f"chart/{case}" for case in DEVIATION_3_CASES]
        assert where in corrected and name == "expected.yaml", f"{where}/{name} differs"
        _check_correction(comparison.left, comparison.right, name)
    for name, sub in comparison.subdirs.items():
        _only_corrections_differ(sub, f"{where}/{name}")
    return True


def _check_correction(shared_dir: str, copy_dir: str, name: str) -> None:
    with open(f"{shared_dir}/{name}") as handle:
        want = load_objects(handle.read(), "shared")
    with open(f"{copy_dir}/{name}") as handle:
        got = load_objects(handle.read(), "copy")
    assert want.keys() == got.keys()
    for key in want:
        lines: list[str] = []
        manifest_diff.diff(want[key], got[key], "", lines)
        for line in lines:
            assert line.strip().startswith(".spec.template.metadata.name: expected '-"), line
        shared_name = want[key]["spec"]["template"]["metadata"]["name"]
        copy_name = got[key]["spec"]["template"]["metadata"]["name"]
        assert shared_name in (copy_name, "-" + copy_name), key
