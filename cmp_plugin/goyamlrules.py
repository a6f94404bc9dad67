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
# what a plain scalar is (go-yaml v2 `resolve`)

_WORDS: dict[str, object] = {
    **dict.fromkeys(
        ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True
    ),
    **dict.fromkeys(
        ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False
    ),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
# Compiled when first used (`_pattern`): the plugin reads values on every refresh, and most
# never hold a float, a timestamp or a base-60 number.
_PATTERNS = {
    "yaml float": r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$",
    "base 60": r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$",
    "decimal float": r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$",
    "underscores": r"[-+]?[^_]*(?:(?<=[0-9])_(?=[0-9])[^_]*)*",
    "timestamp": (
        r"^(\d{4})-(\d{1,2})-(\d{1,2})"
        r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[-+]\d{2}:\d{2}))"
        r"|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?$"
    ),
}


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(_PATTERNS[name])


def resolve_plain(text: str) -> object:
    """What go-yaml v2 (Helm, kubectl and Argo CD read YAML with it, through sigs.k8s.io/yaml)
    makes of a plain scalar: `y`, `n`, `on`, `off`... are booleans; an integer is what Go's
    `strconv.ParseInt(s, 0, 64)` reads once underscores are removed (`0x1F`, `0o17`, `017`
    octal, `1_000`), then `ParseUint`; then a float (`1e3`, `.5`, `+.5`, `08`); a number out of
    float64's range (`1e400`), a timestamp (`2024-01-02`) and YAML 1.1's base 60 (`12:30`)
    stay strings. `.inf` and `.nan` are the float's infinities and NaN."""
    if text in _WORDS:
        return _WORDS[text]
    first = text[:1]
    if first == ".":
        number = go_float(text)
        return text if number is None else number
    if not ("0" <= first <= "9" or first in "+-"):
        return text
    plain = text.replace("_", "")
    whole = go_int(plain)
    if whole is not None:
        return whole
    if _pattern("yaml float").match(plain):
        number = go_float(plain)
        if number is not None:
            return number
    return text


def kind_of(value: object) -> str:
    """The YAML kind go-yaml v2 resolves a value to: `null`, `bool`, `int`, `float` or `str`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    return {int: "int", float: "float"}.get(type(value), "str")


def resolve_as(kind: str, text: str) -> object:
    """A scalar written with an explicit tag `!!kind` (null, bool, int, float or str): go-yaml
    v2's reading of `text`, which must be of that kind (an integer is a float under
    `!!float`); a ValueError naming the kind `text` reads as otherwise."""
    value = resolve_plain(text)
    if kind == "float" and type(value) is int:
        return float(value)
    if kind_of(value) != kind:
        raise ValueError(kind_of(value))
    return value


def go_int(text: str) -> int | None:
    """Go's `strconv.ParseInt(text, 0, 64)`, else `ParseUint(text, 0, 64)`; None when both
    refuse it (a sign, a base prefix `0x`/`0o`/`0b` or a leading `0` for octal)."""
    sign = ""
    body = text
    if body[:1] in ("+", "-"):
        sign, body = body[0], body[1:]
    if not body:
        return None
    base = 10
    lower = body[:2].lower()
    if lower == "0x":
        base, body = 16, body[2:]
    elif lower == "0b":
        base, body = 2, body[2:]
    elif lower == "0o":
        base, body = 8, body[2:]
    elif body.startswith("0") and len(body) > 1:
        base, body = 8, body[1:]
    if not body or not body.isascii() or not body.isalnum() or len(body.lstrip("0")) > 64:
        return None  # (64 bits take no more than 64 digits in any base)
    try:
        number = int(body, base)
    except ValueError:
        return None
    if sign == "-":
        number = -number
    if -(2**63) <= number < 2**63 or (not sign and number < 2**64):
        return number
    return None


def go_float(text: str) -> float | None:
    """Go's `strconv.ParseFloat(text, 64)` of a decimal `text`: None when Go refuses it, an
    underscore anywhere but between two digits, or a number beyond float64 (`1e400`)."""
    if "_" in text:
        if not _pattern("underscores").fullmatch(text):
            return None
        text = text.replace("_", "")
    if not _pattern("decimal float").match(text):
        return None
    number = float(text)
    return None if math.isinf(number) else number


def _valid_timestamp(text: str) -> bool:
    match = _pattern("timestamp").match(text)
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
    """True when `text`, written plain, reads back as the same string: in go-yaml v2, and in
    the YAML 1.1 readers that take a timestamp or a base-60 number (`12:30`) for one."""
    return (
        isinstance(resolve_plain(text), str)
        and not _valid_timestamp(text)
        and not _pattern("base 60").match(text)
    )
