"""Go strings in Python: their bytes, their runes, and Go's `unicode` package.

A Go string is a sequence of bytes, usually UTF-8. A Python `str` stands for one; the bytes
that are not valid UTF-8 (a `trunc` inside a multi-byte character, a `b64dec` of binary data)
are kept as lone surrogates U+DC80..U+DCFF, one per byte (Python's `surrogateescape`), so byte
lengths, byte slicing and re-encoding stay exact. Where Go decodes runes (`for range`,
`[]rune(s)`, `strings.Map`), each such byte is one `utf8.RuneError` (U+FFFD).

Go maps case with Unicode's simple mappings, one rune to one rune: `strings.ToUpper("ß")` is
`ß` and `ToUpper("ﬁ")` is `ﬁ` where Python's `str.upper` gives `SS` and `FI`. The mappings come
from Go's own tables (`gounicode_data`); the character classes (letter, upper, punct...) come
from Python's `unicodedata`, whose Unicode version is within one or two of Go's.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterable

from .gounicode_data import CASE_RANGES, FOLD_ORBITS

RUNE_ERROR = 0xFFFD
_UPPER, _LOWER, _TITLE = 0, 1, 2
_RANGE_STARTS = [lo for lo, *_ in CASE_RANGES]
_ORBIT_NEXT = {
    orbit[i]: orbit[(i + 1) % len(orbit)] for orbit in FOLD_ORBITS for i in range(len(orbit))
}

# unicode.IsSpace: the Latin-1 spaces and the White_Space property.
GO_SPACES = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_RUNES = frozenset(map(ord, GO_SPACES))


# --------------------------------------------------------------------------------------------
# bytes


def go_bytes(text: str) -> bytes:
    """The bytes of the Go string `text` stands for."""
    return text.encode("utf-8", "surrogateescape")


def from_go_bytes(data: bytes) -> str:
    """The `str` standing for the Go string of these bytes (invalid UTF-8 kept byte by byte)."""
    return data.decode("utf-8", "surrogateescape")


def byte_len(text: str) -> int:
    """Go's `len(s)`."""
    return len(text) if text.isascii() else len(go_bytes(text))


def byte_slice(text: str, start: int, end: int | None = None) -> str:
    """Go's `s[start:end]`, bounds already checked by the caller."""
    if text.isascii():
        return text[start:end]
    return from_go_bytes(go_bytes(text)[start:end])


def is_invalid_byte(char: str) -> bool:
    return "\udc80" <= char <= "\udcff"


def runes(text: str) -> list[int]:
    """Go's `[]rune(s)`: each invalid byte is one U+FFFD."""
    return [RUNE_ERROR if "\udc80" <= ch <= "\udcff" else ord(ch) for ch in text]


def from_runes(values: Iterable[int]) -> str:
    """Go's `string(runes)`: a rune that is no valid code point becomes U+FFFD."""
    return "".join(
        chr(r) if 0 <= r <= 0x10FFFF and not 0xD800 <= r <= 0xDFFF else "\ufffd" for r in values
    )


def map_runes(mapping: Callable[[int], int], text: str) -> str:
    """Go's `strings.Map` (a rune mapped to a negative value is dropped)."""
    out = []
    for rune in runes(text):
        mapped = mapping(rune)
        if mapped >= 0:
            out.append(mapped)
    return from_runes(out)


# --------------------------------------------------------------------------------------------
# unicode


def _to(case: int, rune: int) -> int:
    index = bisect.bisect_right(_RANGE_STARTS, rune) - 1
    if index < 0:
        return rune
    lo, hi, *deltas = CASE_RANGES[index]
    if rune > hi:
        return rune
    delta = deltas[case]
    if delta is None:  # an Upper/Lower alternating run: even offsets upper, odd lower
        return lo + (((rune - lo) & ~1) | (case & 1))
    return rune + delta


def to_upper(rune: int) -> int:
    if rune < 0x80:
        return rune - 32 if 0x61 <= rune <= 0x7A else rune
    return _to(_UPPER, rune)


def to_lower(rune: int) -> int:
    if rune < 0x80:
        return rune + 32 if 0x41 <= rune <= 0x5A else rune
    return _to(_LOWER, rune)


def to_title(rune: int) -> int:
    if rune < 0x80:
        return rune - 32 if 0x61 <= rune <= 0x7A else rune
    return _to(_TITLE, rune)


def simple_fold(rune: int) -> int:
    """Go's `unicode.SimpleFold`: the next rune of `rune`'s case-folding orbit."""
    if rune in _ORBIT_NEXT:
        return _ORBIT_NEXT[rune]
    lower = to_lower(rune)
    return lower if lower != rune else to_upper(rune)


def fold_orbit(rune: int) -> list[int]:
    """Every rune that Go's `(?i)` matches for `rune`, `rune` first."""
    orbit = [rune]
    nxt = simple_fold(rune)
    while nxt != rune and nxt not in orbit:
        orbit.append(nxt)
        nxt = simple_fold(nxt)
    return orbit


def _category(rune: int) -> str:
    return unicodedata.category(chr(rune)) if 0 <= rune <= 0x10FFFF else "Cn"


def is_space(rune: int) -> bool:
    return rune in _SPACE_RUNES


def is_upper(rune: int) -> bool:
    return _category(rune) == "Lu"


def is_lower(rune: int) -> bool:
    return _category(rune) == "Ll"


def is_title(rune: int) -> bool:
    return _category(rune) == "Lt"


def is_letter(rune: int) -> bool:
    return _category(rune)[0] == "L"


def is_digit(rune: int) -> bool:
    return _category(rune) == "Nd"


def is_number(rune: int) -> bool:
    return _category(rune)[0] == "N"


def is_punct(rune: int) -> bool:
    return _category(rune)[0] == "P"


def is_print(rune: int) -> bool:
    """Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and ASCII space."""
    return rune == 0x20 or _category(rune)[0] in "LMNPS"


def upper(text: str) -> str:
    """Go's `strings.ToUpper`."""
    return text.upper() if text.isascii() else map_runes(to_upper, text)


def lower(text: str) -> str:
    """Go's `strings.ToLower`."""
    return text.lower() if text.isascii() else map_runes(to_lower, text)


def trim_space(text: str) -> str:
    """Go's `strings.TrimSpace` (NBSP and the other Unicode spaces too; not U+001C..U+001F,
    which Python's `str.strip` also removes)."""
    return text.strip(GO_SPACES)
