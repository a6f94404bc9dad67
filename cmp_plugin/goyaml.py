"""Helm's `toYaml`, reproduced byte for byte.

Helm's `toYaml` is `sigs.k8s.io/yaml.Marshal` with the final newline trimmed: the value goes
through JSON (so every number is a float64 and integral ones print without a fraction), then
go-yaml v2 writes it. go-yaml v2 has habits that show in the fleet-secret chart's output,
because the chart puts `toYaml` of the cluster's labels and annotations into the literal
templates of its ExternalSecret, where the exact text matters:

- map keys sorted in "natural" order: a non-letter sorts before a letter (`a_b` < `aB`), runs
  of digits compare as numbers (`a2` < `a10`);
- a string that would read back as something else (`"true"`, `"y"`, `"1"`, `"1e3"`,
  `"2024-01-02"`, `""`) is double-quoted; one that cannot be plain (`: `, a leading `-`,
  a trailing space) is single-quoted; one with a newline is a literal block;
- long strings are folded at spaces once a line passes 80 columns;
- sequences inside a mapping are not indented; empty collections are `{}` and `[]`.

Only the emitter's block style is needed (Helm never asks for flow style), and only the JSON
shapes (mappings with string keys, lists, strings, numbers, booleans, null) can occur.
"""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal
from typing import Any

from .errors import FleetError
from .gotext import format_float

BEST_INDENT = 2
BEST_WIDTH = 80
MAX_SIMPLE_KEY = 128


def to_yaml(value: Any) -> str:
    """Helm's `toYaml value`: go-yaml v2 text of the JSON form of `value`, no final newline."""
    writer = _Writer()
    writer.node(_json_form(value), indent=-1, context="root")
    return writer.text().removesuffix("\n")


# --------------------------------------------------------------------------------------------
# the JSON round trip


def _json_form(value: Any) -> Any:
    """What `json.Marshal` then go-yaml's decoding of that JSON makes of a value."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise FleetError(f"toYaml: mapping key {key!r} is not a string")
        return {key: _json_form(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_form(item) for item in value]
    raise FleetError(f"toYaml: cannot write a value of type {type(value).__name__}")


class _Float(float):
    """A number that go-yaml writes with `strconv.FormatFloat(v, 'g', -1, 64)`."""


def _number(value: int | float) -> int | _Float:
    as_float = float(value)
    if math.isnan(as_float) or math.isinf(as_float):
        raise FleetError("toYaml: NaN and infinite numbers cannot be written (JSON has none)")
    # json.Marshal writes integral float64s below 1e21 without a fraction; go-yaml then reads
    # them back as an int when they fit int64 or uint64, else as a float again.
    if as_float.is_integer() and abs(as_float) < 1e21:
        # JSON writes the shortest digits that round-trip, padded with zeros (2**63 becomes
        # 9223372036854776000), and go-yaml reads that back as an integer when it fits.
        exact = int(Decimal(repr(as_float)))
        if -(2**63) <= exact < 2**64:
            return exact
    return _Float(as_float)


# --------------------------------------------------------------------------------------------
# key order


def _natural_less(a: str, b: str) -> bool:
    """go-yaml v2's `keyList.Less` for two string keys."""
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = ar[i].isalpha(), br[i].isalpha()
        if al and bl:
            return ar[i] < br[i]
        if al or bl:
            return bl
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and ar[j].isdigit():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdigit():
            an = an * 10 + int(ar[ai])
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdigit():
            bn = bn * 10 + int(br[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ar[i] < br[i]
    return len(ar) < len(br)


def _compare(a: str, b: str) -> int:
    if _natural_less(a, b):
        return -1
    if _natural_less(b, a):
        return 1
    return 0


def sorted_keys(mapping: dict[str, Any]) -> list[str]:
    """The keys of a mapping in the order go-yaml v2 writes them."""
    return sorted(mapping, key=functools.cmp_to_key(_compare))


# --------------------------------------------------------------------------------------------
# how a string reads back (go-yaml v2 `resolve`)

_BOOL_NULL = {
    *("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"),
    *("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"),
    *("", "~", "null", "Null", "NULL"),
    *(".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"),
    *("-.inf", "-.Inf", "-.INF"),
}
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_DECIMAL_FLOAT = re.compile(r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[-+]\d{2}:\d{2}))"
    r"|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?$"
)


def _go_parse_int(text: str, unsigned: bool) -> bool:
    """Whether Go's `strconv.ParseInt/ParseUint(text, 0, 64)` accepts `text`."""
    sign = ""
    body = text
    if body[:1] in "+-":
        if unsigned:
            return False
        sign, body = body[0], body[1:]
    if not body:
        return False
    base = 10
    lower = body.lower()
    if lower.startswith("0x"):
        base, body = 16, body[2:]
    elif lower.startswith("0b"):
        base, body = 2, body[2:]
    elif lower.startswith("0o"):
        base, body = 8, body[2:]
    elif body.startswith("0") and len(body) > 1:
        base, body = 8, body[1:]
    if not body or not body.isascii() or not body.isalnum():
        return False
    try:
        number = int(body, base)
    except ValueError:
        return False
    if unsigned:
        return number < 2**64
    number = -number if sign == "-" else number
    return -(2**63) <= number < 2**63


def _go_parse_float(text: str) -> bool:
    """Whether Go's `strconv.ParseFloat(text, 64)` accepts a decimal `text` (in range)."""
    if "_" in text:
        # Go allows an underscore only between two digits.
        if not re.fullmatch(r"[-+]?[^_]*(?:(?<=[0-9])_(?=[0-9])[^_]*)*", text):
            return False
        text = text.replace("_", "")
    return bool(_DECIMAL_FLOAT.match(text)) and not math.isinf(float(text))


def _valid_timestamp(text: str) -> bool:
    match = _TIMESTAMP.match(text)
    if not match:
        return False
    year, month, day = (int(g) for g in match.group(1, 2, 3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if day > days:
        return False
    clock = match.group(4, 5, 6) if match.group(4) else match.group(7, 8, 9)
    if clock[0] is not None:
        hour, minute, second = (int(g) for g in clock)
        if hour > 23 or minute > 59 or second > 59:
            return False
    return True


def reads_as_string(text: str) -> bool:
    """True when go-yaml v2 would read `text`, written plain, back as the same string."""
    if text in _BOOL_NULL:
        return False
    first = text[0]
    if first == "." and _go_parse_float(text):
        return False
    if first.isdigit() or first in "+-":
        if _valid_timestamp(text):
            return False
        plain = text.replace("_", "")
        if plain and (_go_parse_int(plain, False) or _go_parse_int(plain, True)):
            return False
        if _YAML_FLOAT.match(plain) and _go_parse_float(plain):
            return False
        if plain.startswith(("0b", "-0b")):
            digits = plain[3:] if plain.startswith("-") else plain[2:]
            if digits and set(digits) <= {"0", "1"}:
                return False
    return not (_BASE60.match(text))


# --------------------------------------------------------------------------------------------
# scalar analysis and styles (go-yaml v2 emitterc.go)

_PLAIN, _SINGLE, _DOUBLE, _LITERAL = "plain", "single", "double", "literal"
_BREAKS = "\r\n\x85\u2028\u2029"


def _printable(char: str) -> bool:
    code = ord(char)
    return (
        code == 0x0A
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
    )


class _Analysis:
    __slots__ = ("block_allowed", "block_plain", "flow_plain", "multiline", "single_allowed")

    def __init__(self, value: str) -> None:
        if not value:
            self.multiline = False
            self.flow_plain = False
            self.block_plain = True
            self.single_allowed = True
            self.block_allowed = False
            return
        flow_ind = block_ind = value.startswith(("---", "..."))
        line_breaks = special = False
        leading_space = leading_break = trailing_space = trailing_break = False
        break_space = space_break = previous_space = previous_break = False
        preceded_by_ws = True
        size = len(value)
        for i, char in enumerate(value):
            followed_by_ws = i + 1 >= size or value[i + 1] in " \t"
            if i == 0:
                if char in "#,[]{}&*!|>'\"%@`":
                    flow_ind = block_ind = True
                elif char in "?:":
                    flow_ind = True
                    block_ind = block_ind or followed_by_ws
                elif char == "-" and followed_by_ws:
                    flow_ind = block_ind = True
            elif char in ",?[]{}":
                flow_ind = True
            elif char == ":":
                flow_ind = True
                block_ind = block_ind or followed_by_ws
            elif char == "#" and preceded_by_ws:
                flow_ind = block_ind = True
            if not _printable(char):
                special = True
            if char == " ":
                leading_space = leading_space or i == 0
                trailing_space = trailing_space or i == size - 1
                break_space = break_space or previous_break
                previous_space, previous_break = True, False
            elif char in _BREAKS:
                line_breaks = True
                leading_break = leading_break or i == 0
                trailing_break = trailing_break or i == size - 1
                space_break = space_break or previous_space
                previous_space, previous_break = False, True
            else:
                previous_space = previous_break = False
            preceded_by_ws = char in " \t" or char in _BREAKS
        self.multiline = line_breaks
        self.flow_plain = self.block_plain = self.single_allowed = self.block_allowed = True
        if leading_space or leading_break or trailing_space or trailing_break:
            self.flow_plain = self.block_plain = False
        if trailing_space:
            self.block_allowed = False
        if break_space:
            self.flow_plain = self.block_plain = self.single_allowed = False
        if space_break or special:
            self.flow_plain = self.block_plain = self.single_allowed = False
            self.block_allowed = False
        if line_breaks:
            self.flow_plain = self.block_plain = False
        if flow_ind:
            self.flow_plain = False
        if block_ind:
            self.block_plain = False


def _style(value: str, simple_key: bool) -> tuple[str, _Analysis]:
    """The style go-yaml's encoder asks for, corrected as its emitter does (remembered: the
    same label keys and values recur in every member's objects)."""
    key = (value, simple_key)
    found = _STYLES.get(key)
    if found is None:
        if len(_STYLES) >= _STYLES_KEPT:
            _STYLES.clear()
        found = _STYLES[key] = _choose_style(value, simple_key)
    return found


_STYLES: dict[tuple[str, bool], tuple[str, _Analysis]] = {}
_STYLES_KEPT = 4096


def _choose_style(value: str, simple_key: bool) -> tuple[str, _Analysis]:
    analysis = _Analysis(value)
    if "\n" in value:
        style = _LITERAL
    elif reads_as_string(value) if value else False:
        style = _PLAIN
    else:
        style = _DOUBLE
    if simple_key and analysis.multiline:
        style = _DOUBLE
    if style == _PLAIN and (not analysis.block_plain or (not value and simple_key)):
        style = _SINGLE
    if style == _SINGLE and not analysis.single_allowed:
        style = _DOUBLE
    if style == _LITERAL and (not analysis.block_allowed or simple_key):
        style = _DOUBLE
    return style, analysis


# --------------------------------------------------------------------------------------------
# the writer


_ESCAPES = {
    "\x00": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
    "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_",
    "\u2028": "L", "\u2029": "P",
}  # fmt: skip


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.column = 0
        self.whitespace = True  # the last character written was whitespace
        self.indention = True  # only indentation written on this line so far

    def text(self) -> str:
        return "".join(self.parts)

    # low level -------------------------------------------------------------------------------

    def put(self, text: str) -> None:
        self.parts.append(text)
        self.column += len(text)

    def put_break(self) -> None:
        self.parts.append("\n")
        self.column = 0

    def write_indent(self, indent: int) -> None:
        indent = max(indent, 0)
        if (
            not self.indention
            or self.column > indent
            or (self.column == indent and not self.whitespace)
        ):
            self.put_break()
        if self.column < indent:
            self.put(" " * (indent - self.column))
        self.whitespace = True
        self.indention = True

    def indicator(
        self, text: str, need_whitespace: bool, is_whitespace: bool, is_indention: bool = False
    ) -> None:
        if need_whitespace and not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = is_whitespace
        self.indention = self.indention and is_indention

    # nodes ---------------------------------------------------------------------------------

    def node(self, value: Any, indent: int, context: str) -> None:
        """Write `value`; `indent` is the enclosing block's indentation (-1 at the root)."""
        if isinstance(value, dict):
            if not value:
                self.indicator("{}", True, False)
                return
            self.mapping(value, indent)
        elif isinstance(value, list):
            if not value:
                self.indicator("[]", True, False)
                return
            # A sequence that is a mapping's value is not indented (go-yaml's indentless).
            indentless = context == "value" and not self.indention
            if indent < 0:
                indent = 0
            elif not indentless:
                indent += BEST_INDENT
            self.sequence(value, indent, context)
        else:
            self.scalar(value, indent, simple_key=False)

    def mapping(self, mapping: dict[str, Any], indent: int) -> None:
        inner = max(indent + BEST_INDENT, 0) if indent >= 0 else 0
        for key in sorted_keys(mapping):
            self.write_indent(inner)
            simple = (
                len(key) <= MAX_SIMPLE_KEY
                and "\n" not in key
                and not any(c in _BREAKS for c in key)
            )
            if simple:
                self.scalar(key, inner, simple_key=True)
                self.indicator(":", False, False)
            else:
                self.indicator("?", True, False, True)
                self.scalar(key, inner, simple_key=False)
                self.write_indent(inner)
                self.indicator(":", True, False, True)
            self.node(mapping[key], inner, "value")

    def sequence(self, items: list[Any], indent: int, context: str) -> None:
        for item in items:
            self.write_indent(indent)
            self.indicator("-", True, False, True)
            self.node(item, indent, "item")

    def scalar(self, value: Any, indent: int, simple_key: bool) -> None:
        if value is None:
            self.plain("null")
        elif value is True:
            self.plain("true")
        elif value is False:
            self.plain("false")
        elif isinstance(value, _Float):
            self.plain(format_float(value))
        elif isinstance(value, int):
            self.plain(str(value))
        else:
            self.string(value, indent, simple_key)

    def plain(self, text: str) -> None:
        if not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = False
        self.indention = False

    def string(self, value: str, parent_indent: int, simple_key: bool) -> None:
        style, _ = _style(value, simple_key)
        # The emitter indents a scalar one step deeper than its block (for folded lines).
        indent = BEST_INDENT if parent_indent < 0 else parent_indent + BEST_INDENT
        breaks = not simple_key
        if style == _PLAIN:
            self.write_plain(value, indent, breaks)
        elif style == _SINGLE:
            self.write_single(value, indent, breaks)
        elif style == _DOUBLE:
            self.write_double(value, indent, breaks)
        else:
            self.write_literal(value, indent)

    def write_plain(self, value: str, indent: int, allow_breaks: bool) -> None:
        if not self.whitespace:
            self.put(" ")
        if not allow_breaks or " " not in value:  # no line can break: the value as it is
            self.put(value)
            self.whitespace = self.indention = False
            return
        spaces = False
        size = len(value)
        for i, char in enumerate(value):
            if char == " ":
                nxt = value[i + 1] if i + 1 < size else ""
                if allow_breaks and not spaces and self.column > BEST_WIDTH and nxt != " ":
                    self.write_indent(indent)
                else:
                    self.put(char)
                spaces = True
            else:
                self.put(char)
                spaces = False
            self.indention = False
        self.whitespace = False
        self.indention = False

    def write_single(self, value: str, indent: int, allow_breaks: bool) -> None:
        self.indicator("'", True, False)
        spaces = breaks = False
        size = len(value)
        for i, char in enumerate(value):
            if char == " ":
                nxt = value[i + 1] if i + 1 < size else ""
                if (
                    allow_breaks
                    and not spaces
                    and self.column > BEST_WIDTH
                    and i != 0
                    and i != size - 1
                    and nxt != " "
                ):
                    self.write_indent(indent)
                else:
                    self.put(char)
                spaces = True
            elif char in _BREAKS:
                if not breaks and char == "\n":
                    self.put_break()
                self.put_break()
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent(indent)
                self.put("''" if char == "'" else char)
                self.indention = False
                spaces = breaks = False
        self.indicator("'", False, False)

    def write_double(self, value: str, indent: int, allow_breaks: bool) -> None:
        self.indicator('"', True, False)
        spaces = False
        size = len(value)
        for i, char in enumerate(value):
            code = ord(char)
            if not _printable(char) or char == "\ufeff" or char in _BREAKS or char in '"\\':
                escape = _ESCAPES.get(char)
                if escape is None:
                    if code <= 0xFF:
                        escape = f"x{code:02X}"
                    elif code <= 0xFFFF:
                        escape = f"u{code:04X}"
                    else:
                        escape = f"U{code:08X}"
                self.put("\\" + escape)
                spaces = False
            elif char == " ":
                if (
                    allow_breaks
                    and not spaces
                    and self.column > BEST_WIDTH
                    and i != 0
                    and i != size - 1
                ):
                    self.write_indent(indent)
                    if i + 1 < size and value[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(char)
                spaces = True
            else:
                self.put(char)
                spaces = False
        self.indicator('"', False, False)

    def write_literal(self, value: str, indent: int) -> None:
        self.indicator("|", True, False)
        if value[0] == " " or value[0] in _BREAKS:
            self.put(str(BEST_INDENT))
        if value[-1] not in _BREAKS:
            self.put("-")
        elif len(value) == 1 or value[-2] in _BREAKS:
            self.put("+")
        self.put_break()
        self.indention = True
        self.whitespace = True
        breaks = True
        for char in value:
            if char in _BREAKS:
                self.put_break()
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent(indent)
                self.put(char)
                self.indention = False
                breaks = False
