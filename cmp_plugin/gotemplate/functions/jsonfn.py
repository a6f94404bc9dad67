"""sprig's JSON functions: `toJson`, `toPrettyJson`, `toRawJson`, their `must` forms,
`fromJson` and `mustFromJson`, with Go's `encoding/json` as Argo CD's Go (1.22 and later)
writes it.

Go's encoder differs from Python's `json.dumps` in ways a rendered Application shows:
- a float64 is written like JavaScript's number-to-string: `2` not `2.0`, exponents only below
  1e-6 or from 1e21 (`1e+21`, `1e-7`); NaN and infinities are an error;
- `<`, `>`, `&` are escaped as `\\u003c` (not by `toRawJson`); U+2028 and U+2029 always are;
  `\\b` and `\\f` have short escapes (Go 1.22; the oracle's Go 1.19 writes `\\u0008`); other
  control characters are `\\u00XX`; invalid UTF-8 becomes U+FFFD; everything else is written
  as is;
- map keys are sorted; a nil slice is `null`, an empty one `[]`; a time is RFC 3339.
`toJson` and `toPrettyJson` return "" when Go's encoder fails; `toRawJson` panics then.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

from ..values import MISSING, GoError, GoObject, NotKnowable
from .convert import NilList, NilMap, ordered
from .registry import ANY, gofunc

_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _escape_table(html: bool) -> dict[int, str]:
    table = {ord(ch): esc for ch, esc in _SHORT.items()}
    for code in range(0x20):
        table.setdefault(code, f"\\u{code:04x}")
    table[0x2028], table[0x2029] = "\\u2028", "\\u2029"
    for code in range(0xD800, 0xE000):  # a Go string's invalid bytes (or lone surrogates)
        table[code] = "\\ufffd"
    if html:
        table.update({ord(ch): esc for ch, esc in _HTML.items()})
    return table


_TABLES = {True: _escape_table(True), False: _escape_table(False)}


def encode_string(text: str, html: bool = True) -> str:
    return '"' + text.translate(_TABLES[html]) + '"'


def encode_float(value: float) -> str:
    """Go's float64 encoder (ES6 number formatting)."""
    if math.isnan(value) or math.isinf(value):
        shown = "NaN" if math.isnan(value) else "+Inf" if value > 0 else "-Inf"
        raise GoError(f"json: unsupported value: {shown}")
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    prefix = "-" if sign else ""
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        exp10 = len(text) + int(exponent) - 1
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        if exp10 < 0:
            return f"{prefix}{mantissa}e-{-exp10}"
        return f"{prefix}{mantissa}e+{exp10:02d}"
    point = len(text) + int(exponent)
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    if point >= len(text):
        return f"{prefix}{text}{'0' * (point - len(text))}"
    return f"{prefix}{text[:point]}.{text[point:]}"


def _encode(value: Any, html: bool, out: list[str], active: set[int]) -> None:
    if value is None or value is MISSING:
        out.append("null")
    elif value.__class__ is str:
        out.append(encode_string(value, html))
    elif value is True or value is False:
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(str(int(value)))
    elif isinstance(value, float):
        out.append(encode_float(value))
    elif isinstance(value, dict | list):
        if id(value) in active:  # Go gives up on a cycle instead of overflowing its stack
            kind = "map[string]interface {}" if isinstance(value, dict) else "[]interface {}"
            raise GoError(f"json: unsupported value: encountered a cycle via {kind}")
        active.add(id(value))
        _encode_container(value, html, out, active)
        active.discard(id(value))
    elif isinstance(value, str):
        out.append(encode_string(str(value), html))
    elif isinstance(value, GoObject):
        _encode_object(value, html, out, active)
    elif isinstance(value, complex):
        raise GoError("json: unsupported type: complex128")
    else:
        raise NotKnowable(value.reason)  # an Unknown, the only other value of the model


def _encode_object(value: GoObject, html: bool, out: list[str], active: set[int]) -> None:
    """A Go struct: its MarshalJSON if it has one (`go_json_value()`, a value to encode in
    its place: a time is its RFC 3339 string), else its exported fields in declaration order."""
    marshal_as = getattr(value, "go_json_value", None)
    if marshal_as is not None:
        _encode(marshal_as(), html, out, active)
        return
    out.append("{")
    for i, (name, field) in enumerate(value.go_fields().items()):
        out.append(("," if i else "") + encode_string(name, html) + ":")
        _encode(field, html, out, active)
    out.append("}")


def _encode_container(value: dict | list, html: bool, out: list[str], active: set[int]) -> None:
    if isinstance(value, NilList | NilMap):
        out.append("null")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(ordered(value)):
            if i:
                out.append(",")
            _encode(item, html, out, active)
        out.append("]")
    else:
        out.append("{")
        for i, key in enumerate(sorted(value)):
            if i:
                out.append(",")
            out.append(encode_string(key, html))
            out.append(":")
            _encode(value[key], html, out, active)
        out.append("}")


def marshal(value: Any, html: bool = True) -> str:
    """Go's `json.Marshal` (html=True) or an Encoder with SetEscapeHTML(false)."""
    out: list[str] = []
    try:
        _encode(value, html, out, set())
    except RecursionError:
        raise NotKnowable("a value nested too deeply to encode here") from None
    return "".join(out)


def indent(compact: str, step: str = "  ") -> str:
    """Go's `json.Indent` with no prefix: empty `{}` and `[]` stay on one line."""
    out: list[str] = []
    depth, in_string, escaped, i = 0, False, False, 0
    while i < len(compact):
        ch = compact[i]
        if in_string:
            out.append(ch)
            in_string = not (ch == '"' and not escaped)
            escaped = ch == "\\" and not escaped
        elif ch in "[{":
            if compact[i + 1] in "]}":
                out.append(ch + compact[i + 1])
                i += 1
            else:
                depth += 1
                out.append(ch + "\n" + step * depth)
        elif ch in "]}":
            depth -= 1
            out.append("\n" + step * depth + ch)
        elif ch == ",":
            out.append(",\n" + step * depth)
        elif ch == ":":
            out.append(": ")
        else:
            in_string = ch == '"'
            out.append(ch)
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------------------------
# decoding


class _Decoding:
    """One `json.Unmarshal`: Go's decoder sets a number it cannot hold as a float64 to nil,
    keeps going, and reports the first such error after the whole input is decoded."""

    def __init__(self) -> None:
        self.error: GoError | None = None

    def number(self, text: str) -> float | None:
        value = float(text)
        if math.isinf(value):
            self.error = self.error or GoError(
                f"json: cannot unmarshal number {text} into Go value of type float64"
            )
            return None
        return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid character {name[0]!r} looking for beginning of value")


_SURROGATES = {code: "\ufffd" for code in range(0xD800, 0xE000)}


def _valid_text(value: Any) -> Any:
    """Go decodes invalid UTF-8 and a lone surrogate escape (`\\ud800`) as U+FFFD."""
    if isinstance(value, str):
        return value.translate(_SURROGATES)
    if isinstance(value, dict):
        return {_valid_text(k): _valid_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid_text(item) for item in value]
    return value


def unmarshal(text: str) -> tuple[Any, GoError | None]:
    """Go's `json.Unmarshal` into an `interface {}`: objects, arrays, float64, string, bool, nil.

    Returns the value and the error Go returns with it (a syntax error leaves the value nil).
    """
    decoding = _Decoding()
    try:
        value = json.loads(
            text.translate(_SURROGATES),
            parse_float=decoding.number,
            parse_int=decoding.number,
            parse_constant=_reject_constant,
        )
    except ValueError as exc:
        message = "unexpected end of JSON input" if not text.strip() else str(exc)
        return None, GoError(message)
    except RecursionError:
        raise NotKnowable("a JSON document nested too deeply to decode here") from None
    return _valid_text(value), decoding.error


# --------------------------------------------------------------------------------------------
# registered functions


def _swallow(encode: Any, value: Any) -> str:
    try:
        return encode(value)
    except GoError:
        return ""


@gofunc("toJson", ANY, result="string")
def _to_json(value: Any) -> str:
    return _swallow(marshal, value)


@gofunc("mustToJson", ANY, error=True, result="string")
def _must_to_json(value: Any) -> str:
    return marshal(value)


@gofunc("toPrettyJson", ANY, result="string")
def _to_pretty_json(value: Any) -> str:
    return _swallow(lambda v: indent(marshal(v)), value)


@gofunc("mustToPrettyJson", ANY, error=True, result="string")
def _must_to_pretty_json(value: Any) -> str:
    return indent(marshal(value))


@gofunc("toRawJson", ANY, result="string")
def _to_raw_json(value: Any) -> str:
    return marshal(value, html=False)  # sprig panics on an error: a GoError either way


@gofunc("mustToRawJson", ANY, error=True, result="string")
def _must_to_raw_json(value: Any) -> str:
    return marshal(value, html=False)


@gofunc("fromJson", "string")
def _from_json(text: str) -> Any:
    return unmarshal(text)[0]  # sprig ignores the error


@gofunc("mustFromJson", "string", error=True)
def _must_from_json(text: str) -> Any:
    value, error = unmarshal(text)
    if error is not None:
        raise error
    return value
