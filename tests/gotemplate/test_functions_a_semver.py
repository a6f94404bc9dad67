"""`semver` and `semverCompare` with Masterminds/semver 3.4.0 (Argo CD's). Expected values are
the oracle's (semver 3.2.0, recorded in functions-a.json) where the versions agree; `!=` with a
prerelease version follows 3.4.0's source (constraintNotEqual rejects it first)."""

from __future__ import annotations

import pytest

from cmp_plugin.gotemplate.functions import semver as s
from cmp_plugin.gotemplate.functions.jsonfn import marshal
from cmp_plugin.gotemplate.values import GoError

VERSIONS = ["1.2.3", "1.2.4-beta.1", "2.0.0", "0.3.1", "1.16.1", "v1.2", "01.2.3", "1.2.3+build.5"]
ANSWERS = {
    ">=1.2.0": "TFTFTTTT",
    "<2": "TFFTTTTT",
    "~1.2.0": "TFFFFTTT",
    "~1": "TFFFTTTT",
    "^1.2": "TFFFTTTT",
    "^0.3.0": "FFFTFFFF",
    "^0.0.3": "FFFFFFFF",
    "1.2.x": "TFFFFTTT",
    "1.x": "TFFFTTTT",
    "*": "TFTTTTTT",
    "!=1.2.3": "FFTTTTFF",
    ">1.2": "FFTFTFFF",
    "<=1.2": "TFFTFTTT",
    "1.2 - 1.4": "TFFFFTTT",
    ">=1.0, <2.0 || >=3": "TFFFTTTT",
    ">=1.2.4-alpha": "FTTFTFFF",
    "=1.2.3": "TFFFFFTT",
    ">= 1.2.3 <2": "TFFFTFTT",
    "~>1.2.3": "TFFFFFTT",
    "!=1.2.x": "FFTTTFFF",
    ">1.x": "FFTFFFFF",
    "<=1.x": "TFFTTTTT",
}


@pytest.mark.parametrize(("constraint", "answers"), ANSWERS.items())
def test_semver_compare(constraint, answers):
    got = "".join("T" if s.semver_compare(constraint, v) else "F" for v in VERSIONS)
    assert got == answers


def test_semver_object():
    version = s.semver("v1.2.3-rc.1+b7")
    assert version.go_type == "*semver.Version"
    calls = {
        name: version.go_method(name).body()
        for name in ("Major", "Minor", "Patch", "Prerelease", "Metadata", "Original", "String")
    }
    assert calls == {
        "Major": 1,
        "Minor": 2,
        "Patch": 3,
        "Prerelease": "rc.1",
        "Metadata": "b7",
        "Original": "v1.2.3-rc.1+b7",
        "String": "1.2.3-rc.1+b7",
    }
    assert version.go_format() == "1.2.3-rc.1+b7"
    assert marshal(version) == '"1.2.3-rc.1+b7"'
    assert s.semver("1").go_format() == "1.0.0"
    assert s.semver("1.2").go_format() == "1.2.0"
    assert version.go_method("Nope") is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: s.semver("x.y"), "invalid semantic version"),
        (lambda: s.semver("1.2.3-01"), "version segment starts with 0"),
        (lambda: s.semver_compare("><1", "1.0.0"), "improper constraint: ><1"),
        (lambda: s.semver_compare(">1", "a.b"), "invalid semantic version"),
    ],
)
def test_semver_errors(call, message):
    with pytest.raises(GoError, match=message):
        call()
