"""sprig's string functions: Go's `strings` package and the goutils helpers sprig wraps.

Go strings are bytes (see `gounicode`): `trunc`, `substr`, `abbrev` and `wrap` count and cut
bytes, so a cut inside a multi-byte character leaves invalid UTF-8, as in Argo CD. goutils'
`nospace` and `initials` even walk byte by byte and write each kept byte back as the rune of
that value, which turns non-ASCII text into mojibake once a space is removed: reproduced too.
Case mapping is Go's simple one-rune mapping (`upper "ß"` is `ß`).
"""

from __future__ import annotations

from typing import Any

from ..printing import quote as go_quote
from ..values import GoError, GoSlice, GoStringMap, NotKnowable
from . import gounicode as gu
from .convert import strslice, strval
from .registry import ANY, gofunc

# Past this many bytes a result is not built: Argo CD would try to, and then fail on the
# Application's size; the preview says it cannot tell rather than exhausting memory.
MAX_RESULT_BYTES = 16 << 20


def _check_size(size: int, name: str) -> None:
    if size > MAX_RESULT_BYTES:
        raise NotKnowable(f"{name}: a result of {size} bytes is too large to preview")


def go_repeat(text: str, count: int, name: str = "repeat") -> str:
    """Go's `strings.Repeat`, whose panics become errors."""
    if count < 0:
        raise GoError("strings: negative Repeat count")
    _check_size(gu.byte_len(text) * count, name)
    return text * count


@gofunc("hello", result="string")
def hello() -> str:
    return "Hello!"


# --------------------------------------------------------------------------------------------
# Go's strings package


@gofunc("trim", "string", result="string")
def trim(text: str) -> str:
    return gu.trim_space(text)


@gofunc("upper", "string", result="string")
def upper(text: str) -> str:
    return gu.upper(text)


@gofunc("lower", "string", result="string")
def lower(text: str) -> str:
    return gu.lower(text)


def _is_title_separator(rune: int) -> bool:
    """strings.Title's word separators: ASCII non-alphanumerics but `_`, and Unicode spaces."""
    if rune <= 0x7F:
        return not (chr(rune).isalnum() or rune == 0x5F)
    if gu.is_letter(rune) or gu.is_digit(rune):
        return False
    return gu.is_space(rune)


@gofunc("title", "string", result="string")
def title(text: str) -> str:
    """Go's `strings.Title`: title case for each rune after a separator."""
    out, prev = [], 0x20
    for rune in gu.runes(text):
        out.append(gu.to_title(rune) if _is_title_separator(prev) else rune)
        prev = rune
    return gu.from_runes(out)


@gofunc("repeat", "int", "string", result="string")
def repeat(count: int, text: str) -> str:
    return go_repeat(text, count)


def go_trim(text: str, cutset: str) -> str:
    """Go's `strings.Trim(s, cutset)`: runes of the cutset off both ends."""
    if not text or not cutset:
        return text
    cut = set(gu.runes(cutset))

    def inside(ch: str) -> bool:
        return (gu.RUNE_ERROR if gu.is_invalid_byte(ch) else ord(ch)) in cut

    start, end = 0, len(text)
    while start < end and inside(text[start]):
        start += 1
    while end > start and inside(text[end - 1]):
        end -= 1
    return text[start:end]


@gofunc("trimAll", "string", "string", result="string")
def trim_all(cutset: str, text: str) -> str:
    return go_trim(text, cutset)


@gofunc("trimall", "string", "string", result="string")
def trimall(cutset: str, text: str) -> str:
    return go_trim(text, cutset)


@gofunc("trimSuffix", "string", "string", result="string")
def trim_suffix(suffix: str, text: str) -> str:
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


@gofunc("trimPrefix", "string", "string", result="string")
def trim_prefix(prefix: str, text: str) -> str:
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


@gofunc("contains", "string", "string", result="bool")
def contains(sub: str, text: str) -> bool:
    return sub in text


@gofunc("hasPrefix", "string", "string", result="bool")
def has_prefix(prefix: str, text: str) -> bool:
    return text.startswith(prefix)


@gofunc("hasSuffix", "string", "string", result="bool")
def has_suffix(suffix: str, text: str) -> bool:
    return text.endswith(suffix)


@gofunc("replace", "string", "string", "string", result="string")
def replace(old: str, new: str, text: str) -> str:
    # Python's str.replace with an empty `old` inserts `new` around every character, as Go
    # does around every UTF-8 sequence (an invalid byte is one such sequence, one character).
    if not old:
        _check_size(gu.byte_len(text) + (len(text) + 1) * gu.byte_len(new), "replace")
    return text.replace(old, new)


def go_split(text: str, sep: str, limit: int = -1) -> list[str]:
    """Go's `strings.SplitN` (`Split` is a limit of -1): an empty separator splits runes."""
    if limit == 0:
        return []
    if not sep:
        chars = list(text)
        if 0 < limit < len(chars):
            return [*chars[: limit - 1], "".join(chars[limit - 1 :])]
        return chars
    return text.split(sep, limit - 1 if limit > 0 else -1)


def _indexed(parts: list[str]) -> GoStringMap:
    return GoStringMap((f"_{i}", part) for i, part in enumerate(parts))


@gofunc("split", "string", "string", result="map[string]string")
def split(sep: str, text: str) -> GoStringMap:
    return _indexed(go_split(text, sep))


@gofunc("splitn", "string", "int", "string", result="map[string]string")
def splitn(sep: str, limit: int, text: str) -> GoStringMap:
    return _indexed(go_split(text, sep, limit))


@gofunc("splitList", "string", "string", result="[]string")
def split_list(sep: str, text: str) -> GoSlice:
    return GoSlice(go_split(text, sep), "string")


@gofunc("join", "string", ANY, result="string")
def join(sep: str, values: Any) -> str:
    parts = strslice(values)
    _check_size(sum(map(gu.byte_len, parts)) + gu.byte_len(sep) * len(parts), "join")
    return sep.join(parts)


# --------------------------------------------------------------------------------------------
# byte counts: trunc, substr, abbrev, indent


@gofunc("trunc", "int", "string", result="string")
def trunc(count: int, text: str) -> str:
    size = gu.byte_len(text)
    if count < 0 and size + count > 0:
        return gu.byte_slice(text, size + count)
    if count >= 0 and size > count:
        return gu.byte_slice(text, 0, count)
    return text


def _slice_panic(text: str) -> str:
    return f"runtime error: slice bounds out of range {text}"


@gofunc("substr", "int", "int", "string", result="string")
def substr(start: int, end: int, text: str) -> str:
    """sprig's substring: `s[:end]` for a negative start, `s[start:]` when the end is negative
    or past the end, else `s[start:end]`; Go's bounds panics become errors."""
    size = gu.byte_len(text)
    if start < 0:
        if end < 0:
            raise GoError(_slice_panic(f"[:{end}]"))
        if end > size:
            raise GoError(_slice_panic(f"[:{end}] with length {size}"))
        return gu.byte_slice(text, 0, end)
    if end < 0 or end > size:
        if start > size:
            raise GoError(_slice_panic(f"[{start}:{size}]"))
        return gu.byte_slice(text, start)
    if start > end:
        raise GoError(_slice_panic(f"[{start}:{end}]"))
    return gu.byte_slice(text, start, end)


def _abbreviate(text: str, offset: int, width: int) -> str:
    """goutils.AbbreviateFull, its errors returned as "" (sprig drops them)."""
    raw = gu.go_bytes(text)
    size = len(raw)
    if not raw or width < 4:
        return ""
    if size <= width:
        return text
    offset = min(offset, size)
    if size - offset < width - 3:
        offset = size - (width - 3)
    if offset <= 4:
        return gu.from_go_bytes(raw[: width - 3]) + "..."
    if width < 7:
        return ""
    if offset + width - 3 < size:
        return "..." + _abbreviate(gu.from_go_bytes(raw[offset:]), 0, width - 3)
    return "..." + gu.from_go_bytes(raw[size - (width - 3) :])


@gofunc("abbrev", "int", "string", result="string")
def abbrev(width: int, text: str) -> str:
    return text if width < 4 else _abbreviate(text, 0, width)


@gofunc("abbrevboth", "int", "int", "string", result="string")
def abbrevboth(left: int, right: int, text: str) -> str:
    if right < 4 or (left > 0 and right < 7):
        return text
    return _abbreviate(text, left, right)


@gofunc("indent", "int", "string", result="string")
def indent(spaces: int, text: str) -> str:
    pad = go_repeat(" ", spaces, "indent")
    _check_size((text.count("\n") + 1) * spaces + gu.byte_len(text), "indent")
    return pad + text.replace("\n", "\n" + pad)


@gofunc("nindent", "int", "string", result="string")
def nindent(spaces: int, text: str) -> str:
    return "\n" + indent(spaces, text)


@gofunc("plural", "string", "string", "int", result="string")
def plural(one: str, many: str, count: int) -> str:
    return one if count == 1 else many


# --------------------------------------------------------------------------------------------
# printing values: quote, squote, cat


@gofunc("quote", variadic=ANY, result="string")
def quote(*values: Any) -> str:
    return " ".join(go_quote(strval(v)) for v in values if v is not None)


@gofunc("squote", variadic=ANY, result="string")
def squote(*values: Any) -> str:
    return " ".join(f"'{strval(v)}'" for v in values if v is not None)


@gofunc("cat", variadic=ANY, result="string")
def cat(*values: Any) -> str:
    return " ".join(strval(v) for v in values if v is not None)
