"""How Go prints the values a template holds: `{{ x }}`, `%v`, `print`, `println`, `printf`.

- `print_value(v)`: what an action `{{ pipeline }}` writes (`<no value>` for nil or missing);
- `format_value(v)`: `fmt.Sprint(v)`, i.e. `%v` (`<nil>` for nil, `map[a:1 b:2]` with sorted
  keys, `[a b]`, float64 in the shortest form with an exponent from 1e+06 on);
- `sprint`, `sprintln`, `sprintf`: Go's `fmt.Sprint`, `fmt.Sprintln`, `fmt.Sprintf` (the
  verbs and their error renderings such as `%!d(string=x)` live in `printf.py`);
- `quote(s)`: `strconv.Quote` (`%q`, sprig's `quote` uses `%q` through `fmt.Sprintf`).

A value the preview was not given (`Unknown`) cannot be printed: `NotKnowable` is raised.
"""

from __future__ import annotations

from typing import Any

from ..gotext import format_float
from .values import MISSING, GoObject, NamedInt, NotKnowable, Unknown, ordered

NO_VALUE = "<no value>"
NIL = "<nil>"

__all__ = [
    "NIL",
    "NO_VALUE",
    "format_float",
    "format_value",
    "print_value",
    "quote",
    "quote_rune",
    "sprint",
    "sprintf",
    "sprintln",
]


def print_value(value: Any) -> str:
    """What `{{ value }}` writes: a nil or missing value prints `<no value>`."""
    if value.__class__ is str:
        return value
    if value is None or value is MISSING:
        return NO_VALUE
    return format_value(value)


def format_value(value: Any) -> str:
    """Go's `%v` of one value (`fmt.Sprint(value)`); nil prints `<nil>`."""
    cls = value.__class__
    if cls is str:
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if cls is float:
        return format_float(value)
    if isinstance(value, int):
        return value.go_format() if isinstance(value, NamedInt) else int.__repr__(value)
    if value is None or value is MISSING:
        return NIL
    if isinstance(value, dict):
        items = sorted(value.items())
        return "map[" + " ".join(f"{k}:{format_value(v)}" for k, v in items) + "]"
    if isinstance(value, list):
        ordered(value)
        return "[" + " ".join(format_value(item) for item in value) + "]"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, complex):
        return format_complex(value)
    if isinstance(value, GoObject):
        return value.go_format()
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    raise TypeError(f"no Go value: {value!r}")  # a bug: every value of the model is above


def format_complex(value: complex, verb: str = "g", prec: int = -1) -> str:
    """`%v` of a complex128: `(1+2i)`."""
    from .printfloat import format_float_verb

    real = format_float_verb(value.real, verb, prec)
    imag = format_float_verb(value.imag, verb, prec)
    if not imag.startswith(("-", "+")):
        imag = "+" + imag
    return f"({real}{imag}i)"


def sprint(*args: Any) -> str:
    """`fmt.Sprint`: operands side by side, a space between two when neither is a string."""
    out: list[str] = []
    previous_string = False
    for index, arg in enumerate(args):
        is_string = isinstance(arg, str)
        if index > 0 and not is_string and not previous_string:
            out.append(" ")
        out.append(format_value(arg))
        previous_string = is_string
    return "".join(out)


def sprintln(*args: Any) -> str:
    """`fmt.Sprintln`: operands separated by spaces, then a newline."""
    return " ".join(format_value(arg) for arg in args) + "\n"


def sprintf(format: str, *args: Any) -> str:
    """`fmt.Sprintf` with Go's verbs, flags, width, precision and error renderings."""
    from .printf import sprintf as _sprintf

    return _sprintf(format, args)


# --------------------------------------------------------------------------------------------
# strconv.Quote

_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def _is_print(ch: str) -> bool:
    """Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and U+0020."""
    return ch == " " or (ch.isprintable() and not 0xDC80 <= ord(ch) <= 0xDCFF)


def _escape(ch: str, quote_char: str, ascii_only: bool) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (see values.py)
        return f"\\x{code - 0xDC00:02x}"
    if ch == quote_char or ch == "\\":
        return "\\" + ch
    if (code < 0x80 or not ascii_only) and _is_print(ch):
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quote(text: str, ascii_only: bool = False) -> str:
    """Go's `strconv.Quote` (`QuoteToASCII` with `ascii_only`)."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'
    return '"' + "".join(_escape(ch, '"', ascii_only) for ch in text) + '"'


def quote_rune(code: int, ascii_only: bool = False) -> str:
    """Go's `strconv.QuoteRune`: an invalid code point quotes as U+FFFD."""
    if code < 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        code = 0xFFFD
    return "'" + _escape(chr(code), "'", ascii_only) + "'"


def can_backquote(text: str) -> bool:
    """Go's `strconv.CanBackquote`: one line, no backquote, no control character but tab."""
    for ch in text:
        code = ord(ch)
        if ch == "`" or code == 0xFEFF or 0xDC80 <= code <= 0xDCFF:
            return False
        if (code < 0x20 and ch != "\t") or code == 0x7F:
            return False
    return True
