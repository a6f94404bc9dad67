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

import math
from decimal import Decimal
from typing import Any

from .errors import FleetError
from .gotext import format_float
from .goyamlrules import reads_as_string, sorted_keys

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

    def write_break(self, char: str) -> None:
        """A line break of the value: go-yaml writes U+2028 and U+2029 as they are."""
        self.parts.append(char)
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
                len(key.encode()) <= MAX_SIMPLE_KEY  # go-yaml counts UTF-8 bytes
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
                self.write_break(char)
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
        # go-yaml's `is_bom` looks at the value's first character whatever the position, so a
        # value that starts with a BOM has every character escaped.
        escape_all = value.startswith("\ufeff")
        for i, char in enumerate(value):
            code = ord(char)
            if escape_all or not _printable(char) or char in _BREAKS or char in '"\\':
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
                self.write_break(char)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent(indent)
                self.put(char)
                self.indention = False
                breaks = False
