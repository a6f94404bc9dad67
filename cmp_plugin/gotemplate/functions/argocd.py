"""The functions Argo CD adds to sprig's for ApplicationSet templates (its
`applicationset/utils`): `normalize`, `slugify`, `toYaml`, `fromYaml`, `fromYamlArray`.

- `normalize` is `SanitizeName`: Go's lower case, every rune but `-`, `a-z`, `0-9`, `.`
  replaced by `-`, cut to 253 bytes, `-` and `.` trimmed from both ends.
- `slugify [maxLength [smartTruncate]] name` is `SlugifyName`: the name normalized, then
  gosimple/slug's `Make` (dots become dashes, dash runs collapse) cut to `maxLength` (50 by
  default) at the last dash that fits, or exactly when smart truncation is off. Its arguments
  are type-asserted (`arg.(int)`), so a float64 length from parameters panics: an error.
- `toYaml` is sigs.k8s.io/yaml's Marshal (JSON, then go-yaml v2) without the final newline;
  a value JSON cannot hold (NaN) is an error.
- `fromYaml` / `fromYamlArray` read YAML (see `yamlread`) into a map / a list, and fail, unlike
  Helm's, when the text is not YAML of that shape.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...errors import FleetError
from ...goyaml import to_yaml
from ..values import GoError
from . import gounicode as gu
from .convert import NilList, NilMap
from .jsonfn import marshal
from .reflection import type_name
from .registry import ANY, gofunc
from .yamlread import read_yaml

_NOT_DNS = re.compile(r"[^-a-z0-9.]")
MAX_DNS_NAME = 253


def sanitize_name(name: str) -> str:
    """Argo CD's SanitizeName."""
    # Each rune Go's regexp does not match is one `-`, an invalid byte (a lone surrogate
    # here) included: Go's regexp reads it as one U+FFFD.
    name = _NOT_DNS.sub("-", gu.lower(name))
    return name[:MAX_DNS_NAME].strip("-.")


@gofunc("normalize", "string", result="string")
def normalize(name: str) -> str:
    return sanitize_name(name)


_PYTHON_CLASS = {"int": int, "bool": bool, "string": str}


def _assert(value: Any, go_name: str) -> Any:
    """Go's `arg.(T)` type assertion, whose failure panics."""
    if value.__class__ is _PYTHON_CLASS[go_name]:
        return value
    shown = "nil" if value is None else type_name(value)
    raise GoError(f"interface conversion: interface {{}} is {shown}, not {go_name}")


def slug_make(name: str, max_length: int, smart: bool) -> str:
    """gosimple/slug's Make for the lowercase `[-a-z0-9.]` text SanitizeName leaves."""
    slug = gu.trim_space(name)
    if not smart and gu.byte_len(slug) >= max_length:
        if max_length < 0:
            raise GoError(f"runtime error: slice bounds out of range [:{max_length}]")
        slug = slug[:max_length]
    slug = re.sub("-+", "-", re.sub(r"[^a-zA-Z0-9\-_]", "-", slug)).strip("-_")
    if max_length > 0 and smart and len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[:cut] if cut >= 0 else slug[:max_length]
    return slug


@gofunc("slugify", variadic=ANY, result="string")
def slugify(*args: Any) -> str:
    """Argo CD's SlugifyName: the last argument is the name, the first (of two or more) the
    maximum length, the second (of three or more) whether to cut at a dash."""
    max_length, smart, name = 50, True, ""
    for index, arg in enumerate(args):
        if index == len(args) - 1:
            name = _assert(arg, "string")
        elif index == 0:
            max_length = _assert(arg, "int")
        elif index == 1:
            smart = _assert(arg, "bool")
    return slug_make(sanitize_name(name), max_length, smart)


@gofunc("toYaml", ANY, error=True, result="string")
def to_yaml_fn(value: Any) -> str:
    try:
        encoded = marshal(value)
    except GoError as exc:
        raise GoError(f"error marshaling into JSON: {exc}") from None
    try:
        return to_yaml(json.loads(encoded))
    except FleetError as exc:  # pragma: no cover - marshal already refused what YAML cannot hold
        raise GoError(str(exc)) from None


_JSON_KIND = {dict: "object", list: "array", str: "string", float: "number", bool: "bool"}


def _shape_error(value: Any, target: str) -> GoError:
    kind = _JSON_KIND.get(type(value), "value")
    return GoError(
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
        f"{kind} into Go value of type {target}"
    )


@gofunc("fromYaml", "string", error=True, result="map[string]interface {}")
def from_yaml(text: str) -> dict:
    value = read_yaml(text)
    if value is None:
        return NilMap()
    if not isinstance(value, dict):
        raise _shape_error(value, "map[string]interface {}")
    return value


@gofunc("fromYamlArray", "string", error=True, result="[]interface {}")
def from_yaml_array(text: str) -> list:
    value = read_yaml(text)
    if value is None:
        return NilList()
    if not isinstance(value, list):
        raise _shape_error(value, "[]interface {}")
    return value
