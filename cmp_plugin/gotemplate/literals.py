"""The constants written in a template, decoded as Go's parser decodes them.

- strings: `strconv.Unquote` of `"..."` (escapes `\\n`, `\\x41`, `\\u00e9`, `\\101`...) and of
  raw `` `...` `` strings (carriage returns dropped);
- character constants: `'a'`, `'\\n'`, `'\\u00e9'` are integers;
- numbers: Go's syntax (`010` is octal 8, `0x1F`, `0o17`, `0b101`, `1_000`, `1.5`, `.5`,
  `1e3`, `0x1p4`, imaginary `2i`, complex `1+2i`), with what each is usable as: an int, an
  unsigned int, a float, a complex (`3.0` and `1e3` are usable as ints; an integer literal
  beyond 64 bits is an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
}


class SyntaxErr(ValueError):
    """`strconv`'s "invalid syntax" (or a message of the parser's own)."""

    def __init__(self, message: str = "invalid syntax") -> None:
        super().__init__(message)


def unquote_char(text: str, pos: int, quote: str) -> tuple[str, int]:
    """Go's `strconv.UnquoteChar`: the character (or byte, as a surrogate escape) at `pos`."""
    ch = text[pos]
    if ch == quote and quote in "'\"":
        raise SyntaxErr()
    if ch != "\\":
        return ch, pos + 1
    if pos + 1 >= len(text):
        raise SyntaxErr()
    esc = text[pos + 1]
    pos += 2
    if esc in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[esc], pos
    if esc in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[esc]
        digits = text[pos : pos + size]
        if len(digits) != size or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise SyntaxErr()
        code = int(digits, 16)
        if esc == "x":
            return _byte(code), pos + size
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise SyntaxErr()
        return chr(code), pos + size
    if esc in "01234567":
        digits = text[pos - 1 : pos + 2]
        if len(digits) != 3 or not all(c in "01234567" for c in digits):
            raise SyntaxErr()
        code = int(digits, 8)
        if code > 255:
            raise SyntaxErr()
        return _byte(code), pos + 2
    if esc in "'\"":
        if esc != quote:
            raise SyntaxErr()
        return esc, pos
    raise SyntaxErr()


def _byte(code: int) -> str:
    """One byte of a Go string: ASCII as itself, others as a surrogate escape."""
    return chr(code) if code < 0x80 else chr(0xDC00 + code)


def unquote(token: str) -> str:
    """Go's `strconv.Unquote` of a quoted (`"..."`) or raw (`` `...` ``) string token."""
    if len(token) < 2 or token[0] != token[-1]:
        raise SyntaxErr()
    body = token[1:-1]
    if token[0] == "`":
        if "`" in body:
            raise SyntaxErr()
        return body.replace("\r", "")
    if token[0] != '"' or "\n" in body:
        raise SyntaxErr()
    if "\\" not in body and '"' not in body:
        return body
    out: list[str] = []
    pos = 0
    while pos < len(body):
        ch, pos = unquote_char(body, pos, '"')
        out.append(ch)
    return _join_bytes("".join(out))


def _join_bytes(text: str) -> str:
    """Escaped bytes that together form UTF-8 (`"\\xc3\\xa9"`) are that character in Go."""
    if not any(0xDC80 <= ord(c) <= 0xDCFF for c in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


def char_constant(token: str) -> int:
    """The value of a character constant token such as `'a'` or `'\\n'`."""
    if len(token) < 3:
        raise SyntaxErr()
    ch, pos = unquote_char(token, 1, "'")
    if token[pos:] != "'":
        raise SyntaxErr(f"malformed character constant: {token}")
    code = ord(ch)
    return code - 0xDC00 if 0xDC80 <= code <= 0xDCFF else code


# --------------------------------------------------------------------------------------------
# numbers


@dataclass(frozen=True, slots=True)
class Number:
    """A number literal and what it can be used as (Go's `parse.NumberNode`)."""

    text: str
    is_int: bool = False
    is_uint: bool = False
    is_float: bool = False
    is_complex: bool = False
    int64: int = 0
    uint64: int = 0
    float64: float = 0.0
    complex128: complex = 0j


_INT64 = (-(1 << 63), (1 << 63) - 1)
_UINT64 = (1 << 64) - 1
_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?")
_HEX_FLOAT = re.compile(
    r"[+-]?0[xX](?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+)[pP][+-]?[0-9_]+"
)


def _underscore_ok(text: str) -> bool:
    """Go's `underscoreOK`: underscores only between digits (or after a base prefix)."""
    saw = "^"
    i = 0
    if text[:1] in ("+", "-"):
        text = text[1:]
    hexa = False
    if len(text) >= 2 and text[0] == "0" and text[1] in "bBoOxX":
        i, saw, hexa = 2, "0", text[1] in "xX"
    while i < len(text):
        c = text[i]
        if (c.isdigit() and c.isascii()) or (hexa and c in "abcdefABCDEF"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def parse_uint(text: str) -> int:
    """Go's `strconv.ParseUint(text, 0, 64)`."""
    if not text or text[0] in "+-":
        raise SyntaxErr()
    digits, base = text, 10
    if text[0] == "0" and len(text) > 1:
        prefix = text[1].lower()
        base, digits = {"x": (16, text[2:]), "o": (8, text[2:]), "b": (2, text[2:])}.get(
            prefix, (8, text[1:])
        )
    clean = digits.replace("_", "")
    if not clean or not _underscore_ok(text):
        raise SyntaxErr()
    try:
        value = int(clean, base)
    except ValueError:
        raise SyntaxErr() from None
    if not clean.isalnum() or value > _UINT64:
        raise SyntaxErr("value out of range")
    return value


def parse_int(text: str) -> int:
    """Go's `strconv.ParseInt(text, 0, 64)`."""
    sign = -1 if text[:1] == "-" else 1
    magnitude = parse_uint(text[1:] if text[:1] in "+-" else text)
    value = sign * magnitude
    if not _INT64[0] <= value <= _INT64[1]:
        raise SyntaxErr("value out of range")
    return value


def parse_float(text: str) -> float:
    """Go's `strconv.ParseFloat(text, 64)` for the forms a template literal can take."""
    hexa = _HEX_FLOAT.fullmatch(text)
    if not hexa and not _DEC_FLOAT.fullmatch(text):
        raise SyntaxErr()
    if "_" in text and not _underscore_ok(text):
        raise SyntaxErr()
    clean = text.replace("_", "")
    try:
        value = float.fromhex(clean) if hexa else float(clean)
    except OverflowError:  # a hexadecimal float beyond float64 (`0x1p2000`)
        raise SyntaxErr("value out of range") from None
    if value in (float("inf"), float("-inf")):
        raise SyntaxErr("value out of range")
    return value


def _exact_int(value: float, low: int, high: int) -> int | None:
    if value != value or value in (float("inf"), float("-inf")):
        return None
    number = int(value)
    return number if low <= number <= high and float(number) == value else None


def _from_float(text: str, value: float, **given: object) -> Number:
    as_int = _exact_int(value, *_INT64)
    as_uint = _exact_int(value, 0, _UINT64)
    return Number(
        text,
        is_int=as_int is not None,
        is_uint=as_uint is not None,
        is_float=True,
        int64=as_int or 0,
        uint64=as_uint or 0,
        float64=value,
        **given,  # type: ignore[arg-type]
    )


def parse_number(text: str, kind: str) -> Number:
    """Go's `newNumber` for a number, complex or character-constant token."""
    if kind == "char constant":
        code = char_constant(text)
        return Number(text, True, True, True, False, code, code, float(code))
    if kind == "complex":
        return _complex(text)
    if text.endswith("i"):
        try:
            imag = parse_float(text[:-1])
        except SyntaxErr:
            pass
        else:
            return _simplified(text, complex(0, imag))
    as_uint: int | None
    as_int: int | None
    try:
        as_uint = parse_uint(text)
    except SyntaxErr:
        as_uint = None
    try:
        as_int = parse_int(text)
    except SyntaxErr:
        as_int = None
    if as_int is not None:
        uint_value = as_uint if as_uint is not None else 0
        return Number(
            text,
            is_int=True,
            is_uint=as_uint is not None or as_int == 0,
            is_float=True,
            int64=as_int,
            uint64=uint_value,
            float64=float(as_int),
        )
    if as_uint is not None:
        return Number(text, is_uint=True, is_float=True, uint64=as_uint, float64=float(as_uint))
    try:
        value = parse_float(text)
    except SyntaxErr:
        raise SyntaxErr(f"illegal number syntax: {_quoted(text)}") from None
    if not any(c in text for c in ".eEpP"):
        raise SyntaxErr(f"integer overflow: {_quoted(text)}")
    return _from_float(text, value)


def _complex(text: str) -> Number:
    """`1+2i`: Go lets fmt.Sscan read the pair."""
    match = re.fullmatch(
        r"([+-]?[^+-]+(?:[eE][+-][0-9_]+)?)([+-][^+-]+(?:[eE][+-][0-9_]+)?)i", text
    )
    if not match:
        raise SyntaxErr(f"illegal number syntax: {_quoted(text)}")
    try:
        real, imag = parse_float(match.group(1)), parse_float(match.group(2))
    except SyntaxErr:
        raise SyntaxErr(f"illegal number syntax: {_quoted(text)}") from None
    return _simplified(text, complex(real, imag))


def _simplified(text: str, value: complex) -> Number:
    if value.imag != 0:
        return Number(text, is_complex=True, complex128=value)
    return _from_float(text, value.real, is_complex=True, complex128=value)


def _quoted(text: str) -> str:
    from .printing import quote

    return quote(text)
