"""go-yaml v2's rules outside its emitter: the order of map keys, and which plain scalars
read back as strings.

go-yaml v2 (which Helm, kubectl and Argo CD read YAML with) resolves more plain scalars to
booleans and numbers than PyYAML does: `y` and `n`, `1e3` (no dot needed), `0o17`, `0B101`,
`08`, `+.5`. Both writers need that answer: `goyaml` to quote as go-yaml's encoder does, and
`emit` never to write plain what Argo CD would read as something other than a string.
"""

from __future__ import annotations

import functools
import math
import re

# --------------------------------------------------------------------------------------------
# key order


def _go_digit(char: str) -> bool:
    """Go's `unicode.IsDigit`: the decimal digits of every script (not `²`, which Python's
    `str.isdigit` accepts)."""
    return char.isdecimal()


def _wrap_int64(number: int) -> int:
    """A number as Go's int64 arithmetic leaves it: a long run of digits wraps around."""
    return (number + 2**63) % 2**64 - 2**63


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
            while j >= 0 and _go_digit(ar[j]):
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        # Go adds `rune - '0'`, which for another script's digit is far more than 9.
        ai = i
        while ai < len(ar) and _go_digit(ar[ai]):
            an = _wrap_int64(an * 10 + ord(ar[ai]) - 48)
            ai += 1
        bi = i
        while bi < len(br) and _go_digit(br[bi]):
            bn = _wrap_int64(bn * 10 + ord(br[bi]) - 48)
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


def sorted_keys(mapping: dict[str, object]) -> list[str]:
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
