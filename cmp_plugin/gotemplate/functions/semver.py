"""sprig's `semver` and `semverCompare` with Masterminds/semver v3.4.0, the version Argo CD
builds (the oracle's sprig 3.2.3 has 3.2.0).

Versions are read loosely as 3.4.0 does by default: `v1`, `1.2`, leading zeros (`01.2.3`) are
accepted and padded with zeros; a prerelease or metadata part must be well formed. Constraints:
`=`, `!=`, `>`, `<`, `>=`, `<=` (and `=>`, `=<`), `~`/`~>` (patch-level changes, or minor when
only the major is given), `^` (no change of the left-most non-zero part), `x`/`X`/`*`
wildcards, `1.2 - 1.4` ranges, `,` or spaces for AND, `||` for OR. A prerelease version
satisfies a constraint only when that OR-group names a prerelease.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ..values import GoError, GoObject, Uint64
from .registry import GoFunction, Signature, gofunc

_LOOSE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_S = r"[\t\n\f\r ]"
_CONSTRAINT = re.compile(rf"{_S}*({_OPS}){_S}*({_CV}){_S}*")
_RANGE = re.compile(rf"{_S}*({_CV}){_S}+-{_S}+({_CV}){_S}*")
_FIND = re.compile(rf"({_OPS}){_S}*({_CV})")
_VALID = re.compile(
    rf"({_S}*({_OPS}){_S}*({_CV}){_S}*)((?:{_S}+|,{_S}*)({_OPS}){_S}*({_CV}){_S}*)*"
)
_UINT64 = 1 << 64


def _segment(text: str) -> int:
    value = int(text)
    if value >= _UINT64:
        raise GoError(
            f'error parsing version segment: strconv.ParseUint: parsing "{text}": value out of range'
        )
    return value


def _valid_parts(text: str, prerelease: bool) -> None:
    for part in text.split("."):
        if not part or not re.fullmatch("[0-9A-Za-z-]+", part):
            raise GoError("invalid prerelease string" if prerelease else "invalid metadata string")
        if prerelease and part.isdigit() and len(part) > 1 and part[0] == "0":
            raise GoError("version segment starts with 0")


class Version(GoObject):
    """A `*semver.Version`: `.Major`, `.Minor`, `.Patch`, `.Prerelease`, `.Metadata`,
    `.Original` and `.String` reach it from a template; it prints as its String()."""

    __slots__ = ("major", "metadata", "minor", "original", "patch", "pre")
    go_type: ClassVar[str] = "*semver.Version"

    def __init__(self, text: str) -> None:
        match = _LOOSE.fullmatch(text)
        if not match:
            raise GoError("invalid semantic version")
        self.original = text
        self.major = _segment(match.group(1))
        self.minor = _segment(match.group(2)[1:]) if match.group(2) else 0
        self.patch = _segment(match.group(3)[1:]) if match.group(3) else 0
        self.pre = match.group(5) or ""
        self.metadata = match.group(8) or ""
        if self.pre:
            _valid_parts(self.pre, True)
        if self.metadata:
            _valid_parts(self.metadata, False)

    def string(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        return (
            text
            + (f"-{self.pre}" if self.pre else "")
            + (f"+{self.metadata}" if self.metadata else "")
        )

    def go_format(self) -> str:
        return self.string()

    def go_json_value(self) -> str:
        """MarshalJSON: the version's String() as a JSON string."""
        return self.string()

    def go_fields(self) -> Mapping[str, Any]:
        return {}

    def go_struct(self) -> list[tuple[str, Any]]:
        return [
            ("major", Uint64(self.major)),
            ("minor", Uint64(self.minor)),
            ("patch", Uint64(self.patch)),
            ("pre", self.pre),
            ("metadata", self.metadata),
            ("original", self.original),
        ]

    def go_deep_copy(self) -> Version:
        """copystructure copies exported fields only, and a Version has none: 0.0.0."""
        copy = Version("0")
        copy.original = ""
        return copy

    def go_method(self, name: str) -> GoFunction | None:
        getters = {
            "Major": ("uint64", lambda: Uint64(self.major)),
            "Minor": ("uint64", lambda: Uint64(self.minor)),
            "Patch": ("uint64", lambda: Uint64(self.patch)),
            "Prerelease": ("string", lambda: self.pre),
            "Metadata": ("string", lambda: self.metadata),
            "Original": ("string", lambda: self.original),
            "String": ("string", self.string),
        }
        if name not in getters:
            return None
        result, body = getters[name]
        return GoFunction(name, body, Signature((), result=result))

    def compare(self, other: Version) -> int:
        for mine, theirs in (
            (self.major, other.major),
            (self.minor, other.minor),
            (self.patch, other.patch),
        ):
            if mine != theirs:
                return -1 if mine < theirs else 1
        if not self.pre and not other.pre:
            return 0
        if not self.pre:
            return 1
        if not other.pre:
            return -1
        return compare_prerelease(self.pre, other.pre)


def compare_prerelease(mine: str, theirs: str) -> int:
    a, b = mine.split("."), theirs.split(".")
    for i in range(max(len(a), len(b))):
        d = _compare_part(a[i] if i < len(a) else "", b[i] if i < len(b) else "")
        if d:
            return d
    return 0


def _compare_part(s: str, o: str) -> int:
    if s == o:
        return 0
    if not s:
        return -1
    if not o:
        return 1
    s_num, o_num = _uint(s), _uint(o)
    if s_num is None and o_num is None:
        return 1 if s > o else -1
    if o_num is None:
        return -1
    if s_num is None:
        return 1
    return 1 if s_num > o_num else -1


def _uint(text: str) -> int | None:
    return int(text) if text.isdigit() and text.isascii() and int(text) < _UINT64 else None


@dataclass(frozen=True, slots=True)
class _Constraint:
    op: str
    con: Version
    dirty: bool
    minor_dirty: bool
    patch_dirty: bool


def _is_x(text: str) -> bool:
    return text in ("x", "X", "*")


def _parse_constraint(text: str) -> _Constraint:
    match = _CONSTRAINT.fullmatch(text)
    if not match:
        raise GoError(f"improper constraint: {text}")
    op, major, minor, patch = match.group(1), match.group(3), match.group(4), match.group(5)
    pre = match.group(6) or ""
    dirty = minor_dirty = patch_dirty = False
    version = match.group(2)
    if _is_x(major) or not major:
        version, dirty = f"0.0.0{pre}", True
    elif not minor or _is_x(minor[1:]):
        version, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif not patch or _is_x(patch[1:]):
        version, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    try:
        con = Version(version)
    except GoError:
        raise GoError("constraint parser error") from None
    return _Constraint(op, con, dirty, minor_dirty, patch_dirty)


def parse_constraints(text: str) -> list[tuple[list[_Constraint], bool]]:
    """NewConstraint: OR-groups of AND-ed constraints, with whether each names a prerelease."""
    for match in reversed(list(_RANGE.finditer(text))):
        text = (
            text[: match.start()]
            + f">= {match.group(1)}, <= {match.group(11)} "
            + text[match.end() :]
        )
    groups = []
    for part in text.split("||"):
        if not _VALID.fullmatch(part):
            raise GoError(f"improper constraint: {part}")
        found = [m.group() for m in _FIND.finditer(part)] or [part]
        constraints = [_parse_constraint(item) for item in found]
        groups.append((constraints, any(c.con.pre for c in constraints)))
    return groups


def _check(v: Version, c: _Constraint, include_pre: bool) -> bool:
    if v.pre and not include_pre:
        return False
    op, con = c.op, c.con
    if op in ("", "="):
        return _tilde(v, c) if c.dirty else v.compare(con) == 0
    if op == "!=":
        if c.dirty:
            if con.major != v.major:
                return True
            if con.minor != v.minor and not c.minor_dirty:
                return True
            if c.minor_dirty:
                return False
            if con.patch != v.patch and not c.patch_dirty:
                return True
            if c.patch_dirty:
                if v.pre or con.pre:
                    return compare_prerelease(v.pre, con.pre) != 0
                return False
        return v.compare(con) != 0
    if op == ">":
        return _greater(v, c)
    if op == "<":
        return v.compare(con) < 0
    if op in (">=", "=>"):
        return v.compare(con) >= 0
    if op in ("<=", "=<"):
        if not c.dirty:
            return v.compare(con) <= 0
        if v.major > con.major:
            return False
        return not (v.major == con.major and v.minor > con.minor and not c.minor_dirty)
    if op in ("~", "~>"):
        return _tilde(v, c)
    return _caret(v, c)


def _greater(v: Version, c: _Constraint) -> bool:
    con = c.con
    if not c.dirty and v.compare(con) == 1:
        return True
    if v.major > con.major:
        return True
    if v.major < con.major or c.minor_dirty:
        return False
    if c.patch_dirty:
        return v.minor > con.minor
    return v.compare(con) == 1


def _tilde(v: Version, c: _Constraint) -> bool:
    con = c.con
    if v.compare(con) < 0:
        return False
    if con.major == con.minor == con.patch == 0 and not c.minor_dirty and not c.patch_dirty:
        return True
    if v.major != con.major:
        return False
    return not (v.minor != con.minor and not c.minor_dirty)


def _caret(v: Version, c: _Constraint) -> bool:
    con = c.con
    if v.compare(con) < 0:
        return False
    if con.major > 0 or c.minor_dirty:
        return v.major == con.major
    if con.major == 0 and v.major > 0:
        return False
    if con.minor > 0 or c.patch_dirty:
        return v.minor == con.minor
    if con.minor == 0 and v.minor > 0:
        return False
    return con.patch == v.patch


@gofunc("semverCompare", "string", "string", error=True, result="bool")
def semver_compare(constraint: str, version: str) -> bool:
    groups = parse_constraints(constraint)
    v = Version(version)
    return any(all(_check(v, c, has_pre) for c in group) for group, has_pre in groups)


@gofunc("semver", "string", error=True, result="*semver.Version")
def semver(version: str) -> Version:
    return Version(version)
