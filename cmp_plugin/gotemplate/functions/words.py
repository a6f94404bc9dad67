"""sprig's word functions: goutils' `untitle`, `swapcase`, `initials`, `nospace`, `wrap`,
`wrapWith` and random strings, and xstrings' `snakecase`, `kebabcase`, `camelcase`, `shuffle`.

Argo CD builds sprig 3.3.0 with xstrings 1.5.0, whose `camelcase` is `ToPascalCase`: each word
capitalised and an upper-case run lowered (`GOLANG_IS_GREAT` -> `GolangIsGreat`); sprig 3.2.3
(xstrings 1.3.3) kept the rest of each word as written (`GOLANGISGREAT`). Argo CD's is here.
"""

from __future__ import annotations

from collections.abc import Callable

from ..values import NotKnowable
from . import gounicode as gu
from .registry import gofunc


def _latin1_rune_bytes(data: bytes) -> str:
    """goutils' `buf.WriteRune(rune(str[i]))`: each byte written as the rune of its value."""
    return data.decode("latin-1")


@gofunc("nospace", "string", result="string")
def nospace(text: str) -> str:
    """goutils.DeleteWhiteSpace: walks bytes, so bytes 0x85 and 0xA0 inside UTF-8 sequences
    count as spaces, and once anything is removed the kept bytes are re-encoded as Latin-1."""
    raw = gu.go_bytes(text)
    kept = bytes(b for b in raw if not gu.is_space(b))
    return text if len(kept) == len(raw) else _latin1_rune_bytes(kept)


@gofunc("initials", "string", result="string")
def initials(text: str) -> str:
    """goutils.Initials: the first byte of each space-separated word, written as a rune."""
    out, gap = bytearray(), True
    for byte in gu.go_bytes(text):
        if gu.is_space(byte):
            gap = True
        elif gap:
            out.append(byte)
            gap = False
    return _latin1_rune_bytes(bytes(out))


@gofunc("untitle", "string", result="string")
def untitle(text: str) -> str:
    """goutils.Uncapitalize: the first rune of each space-separated word lowered."""
    out, following = [], True
    for rune in gu.runes(text):
        if gu.is_space(rune):
            following = True
        elif following:
            rune, following = gu.to_lower(rune), False
        out.append(rune)
    return gu.from_runes(out) if text else text


@gofunc("swapcase", "string", result="string")
def swapcase(text: str) -> str:
    """goutils.SwapCase: upper and title runes lowered; a lower rune title-cased at the start of
    a word, upper-cased elsewhere."""
    out, word_start = [], True
    for rune in gu.runes(text):
        if gu.is_upper(rune) or gu.is_title(rune):
            rune, word_start = gu.to_lower(rune), False
        elif gu.is_lower(rune):
            rune = gu.to_title(rune) if word_start else gu.to_upper(rune)
            word_start = False
        else:
            word_start = gu.is_space(rune)
        out.append(rune)
    return gu.from_runes(out) if text else text


def wrap_custom(text: str, width: int, newline: str, long_words: bool) -> str:
    """goutils.WrapCustom, on bytes: break at the last space before the width."""
    if not text:
        return ""
    newline_raw = gu.go_bytes(newline or "\n")
    raw = gu.go_bytes(text)
    width = max(width, 1)
    size, offset, out = len(raw), 0, bytearray()
    while size - offset > width:
        if raw[offset] == 0x20:
            offset += 1
            continue
        space = raw.rfind(b" ", offset, offset + width + 1)
        if space >= offset:
            out += raw[offset:space] + newline_raw
            offset = space + 1
        elif long_words:
            out += raw[offset : offset + width] + newline_raw
            offset += width
        else:
            space = raw.find(b" ", offset + width)
            if space == -1:
                out += raw[offset:]
                offset = size
            else:
                out += raw[offset:space] + newline_raw
                offset = space + 1
    out += raw[offset:]
    return gu.from_go_bytes(bytes(out))


@gofunc("wrap", "int", "string", result="string")
def wrap(width: int, text: str) -> str:
    return wrap_custom(text, width, "", False)


@gofunc("wrapWith", "int", "string", "string", result="string")
def wrap_with(width: int, newline: str, text: str) -> str:
    return wrap_custom(text, width, newline, True)


# --------------------------------------------------------------------------------------------
# xstrings


def _is_connector(rune: int) -> bool:
    return rune in (0x2D, 0x5F) or gu.is_space(rune)


def _is_alphabet(rune: int) -> bool:
    """xstrings' isAlphabet: a letter but not a CJK ideograph."""
    if not gu.is_letter(rune):
        return False
    return not (0x4E00 <= rune <= 0x9FCC or 0x3400 <= rune <= 0x4D85 or 0x20000 <= rune <= 0x2B81D)


@gofunc("camelcase", "string", result="string")
def camelcase(text: str) -> str:
    """xstrings.ToPascalCase (1.5.0): words split at `-`, `_` and spaces, each capitalised; an
    upper-case run after a word's capital is lowered; leading connectors are kept."""
    if not text:
        return ""
    runes = gu.runes(text)
    out: list[int] = []
    first_upper, i, r0 = False, 0, 0
    while i < len(runes):
        r0 = runes[i]
        i += 1
        if not _is_connector(r0):
            first_upper = gu.is_upper(r0)
            r0 = gu.to_upper(r0)
            break
        out.append(r0)
    if i == len(runes):
        out.append(r0)  # xstrings writes the last rune again when nothing follows it
        return gu.from_runes(out)
    for r in runes[i:]:
        r1, r0 = r0, r
        if _is_connector(r0) and _is_connector(r1):
            out.append(r1)
            continue
        if _is_connector(r1):
            first_upper = gu.is_upper(r0)
            r0 = gu.to_upper(r0)
        else:
            if first_upper:
                if gu.is_upper(r0):
                    r0 = gu.to_lower(r0)
                else:
                    first_upper = False
            out.append(r1)
    out.append(r0)
    return gu.from_runes(out)


# word kinds of xstrings' nextWord
_INVALID, _NUMBER, _UPPER, _ALPHABET, _CONNECTOR, _PUNCT, _OTHER = range(7)


def _valid_rune(text: str, prev: int) -> tuple[int, int]:
    """xstrings' nextValidRune: the first rune that is not U+FFFD (invalid bytes and U+FFFD
    itself skipped) and the characters read; `prev` when there is none."""
    for size, ch in enumerate(text, 1):
        rune = gu.RUNE_ERROR if gu.is_invalid_byte(ch) else ord(ch)
        if rune != gu.RUNE_ERROR:
            return rune, size
    return prev, len(text)


def _take_while(text: str, rune: int, offset: int, keep: Callable[[int], bool]) -> tuple[int, str]:
    """Consume runes while `keep(rune)`; the new offset and what remains."""
    remaining = text[offset:]
    while remaining:
        rune, size = _valid_rune(remaining, rune)
        if not keep(rune):
            break
        offset += size
        remaining = remaining[size:]
    return offset, remaining


def _next_word(text: str) -> tuple[int, str, str]:
    """xstrings' nextWord: the kind of the first word of `text`, the word, the rest."""
    if not text:
        return _INVALID, "", ""
    rune, offset = _valid_rune(text, gu.RUNE_ERROR)
    if rune == gu.RUNE_ERROR:
        return _INVALID, text[:offset], text[offset:]
    if _is_connector(rune):
        kind, keep = _CONNECTOR, _is_connector
    elif gu.is_punct(rune):
        kind, keep = _PUNCT, gu.is_punct
    elif gu.is_upper(rune):
        return _upper_word(text, rune, offset)
    elif _is_alphabet(rune):
        kind, keep = _ALPHABET, _is_lower_alphabet
    elif gu.is_number(rune):
        kind, keep = _NUMBER, gu.is_number
    else:
        kind, keep = _OTHER, _is_other
    offset, remaining = _take_while(text, rune, offset, keep)
    return kind, text[:offset], remaining


def _is_lower_alphabet(rune: int) -> bool:
    return _is_alphabet(rune) and not gu.is_upper(rune)


def _is_other(rune: int) -> bool:
    return not (
        _is_connector(rune) or _is_alphabet(rune) or gu.is_number(rune) or gu.is_punct(rune)
    )


def _upper_word(text: str, rune: int, offset: int) -> tuple[int, str, str]:
    """An upper-case word: `Word`, or an upper-case run (`HTTP` of `HTTPServer`)."""
    remaining = text[offset:]
    if not remaining:
        return _UPPER, text[:offset], remaining
    rune, size = _valid_rune(remaining, rune)
    if gu.is_upper(rune):
        last = size
        offset += size
        remaining = remaining[size:]
        while remaining:
            rune, size = _valid_rune(remaining, rune)
            if not gu.is_upper(rune):
                break
            last = size
            offset += size
            remaining = remaining[size:]
        if remaining and _is_alphabet(rune):  # `HTTPStatus`: the `S` starts the next word
            offset -= last
            remaining = text[offset:]
    elif _is_alphabet(rune):
        offset, remaining = _take_while(text, rune, offset, _is_lower_alphabet)
    return _UPPER, text[:offset], remaining


def _write_lower(out: list[str], kind: int, word: str, connector: str) -> None:
    """xstrings' toLower: upper-case words and connectors rewritten, other words kept."""
    if kind not in (_UPPER, _CONNECTOR):
        out.append(word)
        return
    for rune in gu.runes(word):
        if _is_connector(rune):
            out.append(connector)
        else:
            out.append(chr(gu.to_lower(rune)) if gu.is_upper(rune) else gu.from_runes([rune]))


def lower_case_words(text: str, connector: str) -> str:
    """xstrings' camelCaseToLowerCase (`ToSnakeCase`, `ToKebabCase`)."""
    if not text:
        return ""
    out: list[str] = []
    kind, word, remaining = _next_word(text)
    while remaining:
        if kind != _CONNECTOR:
            _write_lower(out, kind, word, connector)
        prev, last = kind, word
        kind, word, remaining = _next_word(remaining)
        if prev == _NUMBER:
            while kind in (_ALPHABET, _NUMBER):
                _write_lower(out, kind, word, connector)
                kind, word, remaining = _next_word(remaining)
            if kind not in (_INVALID, _PUNCT, _CONNECTOR):
                out.append(connector)
        elif prev == _CONNECTOR:
            _write_lower(out, prev, last, connector)
        elif prev == _PUNCT:
            pass
        elif kind != _NUMBER:
            if kind not in (_CONNECTOR, _PUNCT):
                out.append(connector)
        elif remaining:
            kind, word, remaining = _number_after_word(out, word, remaining, connector)
    _write_lower(out, kind, word, connector)
    return "".join(out)


def _number_after_word(
    out: list[str], number: str, remaining: str, connector: str
) -> tuple[int, str, str]:
    """A number after a word: part of it (`Bld4Floor` -> `bld4_floor`) unless letters follow
    the number (`HTTP2xx` -> `http_2xx`)."""
    kind, word, remaining = _next_word(remaining)
    if kind != _ALPHABET:
        _write_lower(out, _NUMBER, number, connector)
        if kind not in (_CONNECTOR, _PUNCT):
            out.append(connector)
        return kind, word, remaining
    out.append(connector)
    _write_lower(out, _NUMBER, number, connector)
    while kind in (_ALPHABET, _NUMBER):
        _write_lower(out, kind, word, connector)
        kind, word, remaining = _next_word(remaining)
    if kind not in (_INVALID, _CONNECTOR, _PUNCT):
        out.append(connector)
    return kind, word, remaining


@gofunc("snakecase", "string", result="string")
def snakecase(text: str) -> str:
    return lower_case_words(text, "_")


@gofunc("kebabcase", "string", result="string")
def kebabcase(text: str) -> str:
    return lower_case_words(text, "-")


@gofunc("shuffle", "string", result="string", knowable=False)
def shuffle(text: str) -> str:
    """xstrings.Shuffle: the runes in a random order (fixed only when they are all alike)."""
    runes = gu.runes(text)
    if len(set(runes)) <= 1:
        return gu.from_runes(runes) if text else text
    raise NotKnowable("shuffle: the order of the runes is random")


def _random(name: str, count: int) -> str:
    """goutils.CryptoRandom*: no count gives "" (a negative one is an error sprig drops)."""
    if count <= 0:
        return ""
    raise NotKnowable(f"{name}: a random string")


@gofunc("randAlphaNum", "int", result="string", knowable=False)
def rand_alpha_num(count: int) -> str:
    return _random("randAlphaNum", count)


@gofunc("randAlpha", "int", result="string", knowable=False)
def rand_alpha(count: int) -> str:
    return _random("randAlpha", count)


@gofunc("randAscii", "int", result="string", knowable=False)
def rand_ascii(count: int) -> str:
    return _random("randAscii", count)


@gofunc("randNumeric", "int", result="string", knowable=False)
def rand_numeric(count: int) -> str:
    return _random("randNumeric", count)
