"""Character classes of Go's regular expressions as code-point ranges: `\\p{...}` looked up as
Go 1.26's `regexp/syntax` does, case folding, negation.

Go 1.25 changed the lookup (go.dev/issue/70780), and Argo CD's Go 1.26 has the change: a
name is first made canonical (`_`, `-` and spaces dropped, the first letter upper case, the
rest lower case), then looked up as `Any`, `Assigned`, `ASCII`, `LC`, a general category
(`Cn` included), a script, or one of Unicode's category aliases (`Letter`, `digit`,
`Uppercase_Letter`). So `\\p{greek}` and `\\p{Letter}` work, and a script of several words
(`\\p{Old_Italic}`, `\\p{SignWriting}`) is an error, since `unicode.Scripts` keeps those keys
as they are.

Where the code points come from, and what that leaves unknown: the categories are Python's
`unicodedata` (Unicode 14.0), the scripts Go 1.19's tables (`goscripts_data`, Unicode 13.0);
Argo CD's Go 1.26 has Unicode 15.0. Between those versions no assigned code point changed its
category, and two changed their script (U+16FE2 and U+16FE3, Common to Han); the rest are code
points assigned later (and the question whether Go's `C` holds the unassigned ones). A text
holding such a code point is not knowable for an expression with a `\\p` class
(`uncertain_rune`). The scripts Unicode 14.0 and 15.0 added hold none of the older code points,
so `\\p{Vithkuqi}` is known to be empty on them.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata

from .goscripts_data import SCRIPTS
from .gounicode import fold_orbit
from .gounicode_data import CASE_RANGES

MAX_RUNE = 0x10FFFF
Ranges = list[tuple[int, int]]

_CATEGORIES = frozenset({
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
    "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm",
    "So", "Z", "Zl", "Zp", "Zs",
})  # fmt: skip
# unicode.CategoryAliases (Unicode's PropertyValueAliases for gc), by canonical name.
_ALIASES = {
    "Casedletter": "LC", "Closepunctuation": "Pe", "Combiningmark": "M",
    "Connectorpunctuation": "Pc", "Control": "Cc", "Cntrl": "Cc", "Currencysymbol": "Sc",
    "Dashpunctuation": "Pd", "Decimalnumber": "Nd", "Digit": "Nd", "Enclosingmark": "Me",
    "Finalpunctuation": "Pf", "Format": "Cf", "Initialpunctuation": "Pi", "Letter": "L",
    "Letternumber": "Nl", "Lineseparator": "Zl", "Lowercaseletter": "Ll", "Mark": "M",
    "Mathsymbol": "Sm", "Modifierletter": "Lm", "Modifiersymbol": "Sk",
    "Nonspacingmark": "Mn", "Number": "N", "Openpunctuation": "Ps", "Other": "C",
    "Otherletter": "Lo", "Othernumber": "No", "Otherpunctuation": "Po", "Othersymbol": "So",
    "Paragraphseparator": "Zp", "Privateuse": "Co", "Punct": "P", "Punctuation": "P",
    "Separator": "Z", "Spaceseparator": "Zs", "Spacingmark": "Mc", "Surrogate": "Cs",
    "Symbol": "S", "Titlecaseletter": "Lt", "Unassigned": "Cn", "Uppercaseletter": "Lu",
}  # fmt: skip
# Scripts of Unicode 14.0 and 15.0 whose names Go 1.26 finds (one word each).
_NEWER_SCRIPTS = frozenset({"Kawi", "Tangsa", "Toto", "Vithkuqi"})
_MOVED = frozenset({0x16FE2, 0x16FE3})  # Common in Unicode 13.0, Han in 15.0


def canonical_name(name: str) -> str:
    """Go's canonicalName: separators dropped, the first letter up, the others down."""
    out, first = [], True
    for c in name:
        if c in "_- ":
            continue
        if first:
            out.append(c.upper() if "a" <= c <= "z" else c)
            first = False
        else:
            out.append(c.lower() if "A" <= c <= "Z" else c)
    return "".join(out)


def lookup(name: str) -> tuple[Ranges, str] | None:
    """(ranges, "category" or "script") of `\\p{name}`, or None when Go knows no such class.
    `Assigned` is given as its ranges (Go negates `Cn`)."""
    name = canonical_name(name)
    if name == "Any":
        return [(0, MAX_RUNE)], "category"
    if name == "Assigned":
        return negate(list(category_ranges("Cn"))), "category"
    if name == "Ascii":
        return [(0, 0x7F)], "category"
    if name == "Lc":
        return list(category_ranges("LC")), "category"
    if name in _CATEGORIES:
        return list(category_ranges(name)), "category"
    scripts = _script_names()
    if name in scripts:
        return list(script_ranges(name)), "script"
    if name in _NEWER_SCRIPTS:
        return [], "script"
    if name in _ALIASES:
        return list(category_ranges(_ALIASES[name])), "category"
    return None


@functools.cache
def _script_names() -> frozenset[str]:
    """The scripts Go 1.26 can find: those whose key is already canonical."""
    return frozenset(name for name in SCRIPTS if canonical_name(name) == name)


@functools.cache
def _categories() -> dict[str, Ranges]:
    """Every two-letter general category's ranges, from Python's unicodedata in one pass."""
    out: dict[str, Ranges] = {}
    previous, start = "", 0
    for code in range(MAX_RUNE + 2):
        category = unicodedata.category(chr(code)) if code <= MAX_RUNE else ""
        if category != previous:
            if previous:
                out.setdefault(previous, []).append((start, code - 1))
            previous, start = category, code
    return out


@functools.lru_cache(maxsize=64)
def category_ranges(name: str) -> tuple[tuple[int, int], ...]:
    """A general category (`L`, `Lu`, `LC`, `Cn`...); `C` is without `Cn`, as in Go's tables."""
    if name == "LC":
        parts = ["Lu", "Ll", "Lt"]
    elif len(name) == 1:
        parts = [c for c in _CATEGORIES if c[0] == name and len(c) == 2 and c != "Cn"]
    else:
        parts = [name]
    tables = _categories()
    return tuple(normalize([r for part in parts for r in tables.get(part, [])]))


@functools.lru_cache(maxsize=64)
def script_ranges(name: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in SCRIPTS[name].split():
        lo, _, hi = part.partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return tuple(out)


@functools.cache
def _assigned_13() -> tuple[list[int], list[int]]:
    """Every code point some script of Unicode 13.0 holds, as sorted (starts, ends)."""
    ranges = normalize([r for name in SCRIPTS for r in script_ranges(name)])
    return [lo for lo, _ in ranges], [hi for _, hi in ranges]


def uncertain_rune(code: int, sources: frozenset[str]) -> bool:
    """Whether Argo CD's Unicode 15.0 may class `code` otherwise than these tables do."""
    category = unicodedata.category(chr(code))
    if category == "Cn":
        return True
    if "script" in sources and category not in ("Co", "Cs"):
        starts, ends = _assigned_13()
        index = bisect.bisect_right(starts, code) - 1
        return code in _MOVED or index < 0 or code > ends[index]
    return False


def normalize(ranges: Ranges) -> Ranges:
    out: Ranges = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def negate(ranges: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in normalize(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_RUNE:
        out.append((start, MAX_RUNE))
    return out


@functools.cache
def _cased() -> tuple[int, ...]:
    """Every rune with a case mapping: the only ones whose folding orbit is not themselves."""
    return tuple(code for lo, hi, *_ in CASE_RANGES for code in range(lo, hi + 1))


def fold(ranges: Ranges) -> Ranges:
    """The ranges and every rune that folds to one of them (Go's appendFoldedRange, or a
    table with its FoldCategory or FoldScript)."""
    ranges = normalize(ranges)
    starts = [lo for lo, _ in ranges]
    extra = list(ranges)
    for code in _cased():
        index = bisect.bisect_right(starts, code) - 1
        if index >= 0 and code <= ranges[index][1]:
            extra.extend((o, o) for o in fold_orbit(code))
    return normalize(extra)
