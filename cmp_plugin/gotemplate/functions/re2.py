"""Go's regular expressions (RE2 syntax) compiled to Python's `re`.

The Go syntax is parsed here, with Go's errors for what RE2 refuses (backreferences,
lookaround, possessive or nested repetition, counts over 1000), and written as a Python
pattern that means the same: Go's `\\d`, `\\s`, `\\w`, `\\b` and POSIX classes are ASCII; `$`
without `(?m)` is the end of the text only (`\\Z`); `(?i)` folds case by Go's simple folding
orbits (`k` matches the Kelvin sign), a class or `\\w` folded before it is negated; `(?U)`
swaps greedy and lazy; `\\p{...}` classes are looked up as Go 1.26 does (`reclasses`). Go's
leftmost-first matching is what Python's backtracking does for these patterns. Capturing
groups are numbered as in Go; names are kept here (`Compiled.names`), so `$name` expansion
follows Go's rules.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..values import NotKnowable
from .gounicode import fold_orbit
from .reclasses import MAX_RUNE, Ranges, fold, lookup, negate, normalize, uncertain_rune

MAX_REPEAT = 1000
_ASCII = {
    "d": [(0x30, 0x39)],
    "s": [(0x9, 0xA), (0xC, 0xD), (0x20, 0x20)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
}
_POSIX = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x0, 0x7F)],
    "blank": [(0x9, 0x9), (0x20, 0x20)],
    "cntrl": [(0x0, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)],
    "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)],
    "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x9, 0xD), (0x20, 0x20)],
    "upper": [(0x41, 0x5A)],
    "word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}


class RegexError(ValueError):
    """Go's regexp/syntax error: `error parsing regexp: <code>: `<expr>``."""

    def __init__(self, code: str, expr: str) -> None:
        super().__init__(f"error parsing regexp: {code}: `{expr}`")


@dataclass(frozen=True, slots=True)
class Compiled:
    pattern: re.Pattern[str]
    groups: int
    names: dict[str, int]
    unicode: frozenset[str] = frozenset()  # the tables its \p classes read ("category", "script")


@functools.lru_cache(maxsize=512)
def compile_go(expr: str) -> Compiled:
    """Go's `regexp.Compile`; raises RegexError as Go's error reads."""
    parser = _Parser(expr)
    python = parser.parse()
    try:
        pattern = re.compile(python)
    except (re.error, OverflowError, RecursionError):  # pragma: no cover - a translation bug
        raise NotKnowable(f"regular expression {expr!r} is beyond the preview") from None
    return Compiled(pattern, parser.groups, parser.names, frozenset(parser.unicode))


def check_text(compiled: Compiled, text: str) -> None:
    """NotKnowable when `text` holds a rune whose class in Argo CD's Unicode (15.0) may
    differ from these tables' (see reclasses)."""
    if not compiled.unicode or text.isascii():
        return
    for char in set(text):
        if ord(char) >= 0x80 and uncertain_rune(ord(char), compiled.unicode):
            raise NotKnowable(
                f"U+{ord(char):04X} may be classed otherwise by Argo CD's Unicode 15.0"
            )


def _char(code: int) -> str:
    return chr(code) if chr(code).isalnum() and code < 0x80 else f"\\U{code:08x}"


def _class_text(ranges: Ranges) -> str:
    # An invalid byte (U+DC80..U+DCFF here) reads as U+FFFD in Go, never as a surrogate.
    ranges = negate([(0xDC80, 0xDCFF), *negate(ranges)])
    if any(lo <= 0xFFFD <= hi for lo, hi in ranges):
        ranges = normalize([*ranges, (0xDC80, 0xDCFF)])
    if not ranges:
        return "(?!)"
    body = "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in ranges)
    return f"[{body}]"


class _Parser:
    def __init__(self, expr: str) -> None:
        self.expr = expr
        self.pos = 0
        self.groups = 0
        self.names: dict[str, int] = {}
        self.unicode: set[str] = set()  # the tables its \p classes read

    # -- helpers
    def _error(self, code: str, start: int, end: int | None = None) -> RegexError:
        return RegexError(code, self.expr[start : self.pos if end is None else end])

    def _peek(self, text: str) -> bool:
        return self.expr.startswith(text, self.pos)

    def parse(self) -> str:
        text = self._alternation({"i": False, "m": False, "s": False, "U": False}, depth=0)
        if self.pos < len(self.expr):  # only a `)` stops the top level
            raise RegexError("unexpected )", self.expr)
        return text

    # -- structure
    def _alternation(self, flags: dict[str, bool], depth: int) -> str:
        branches = [self._sequence(flags, depth)]
        while self._peek("|"):
            self.pos += 1
            branches.append(self._sequence(flags, depth))
        return "|".join(branches)

    def _sequence(self, flags: dict[str, bool], depth: int) -> str:
        items: list[str] = []
        repeated, repeated_at = False, 0  # the last item already carries a repetition (from)
        while self.pos < len(self.expr) and self.expr[self.pos] not in "|)":
            start = self.pos
            quantifier = self._quantifier(flags)
            if quantifier is not None:
                if not items:
                    raise self._error("missing argument to repetition operator", start)
                if repeated:
                    raise self._error("invalid nested repetition operator", repeated_at)
                items[-1] = f"(?:{items[-1]}){quantifier}"
                repeated, repeated_at = True, start
                continue
            atom = self._atom(flags, depth)
            if atom is not None:
                items.append(atom)
                repeated = False
        return "".join(items)

    def _quantifier(self, flags: dict[str, bool]) -> str | None:
        ch = self.expr[self.pos]
        if ch in "*+?":
            self.pos += 1
            op = ch
        elif ch == "{":
            bounds = self._repeat_bounds()
            if bounds is None:
                return None
            op = bounds
        else:
            return None
        lazy = self._peek("?")
        if lazy:
            self.pos += 1
        if lazy != flags["U"]:
            op += "?"
        return op

    def _repeat_bounds(self) -> str | None:
        match = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.expr, self.pos)
        if not match:
            return None  # a literal `{`
        start = self.pos
        self.pos = match.end()
        low = int(match.group(1))
        high = low if match.group(2) is None else int(match.group(3)) if match.group(3) else None
        if low > MAX_REPEAT or (high is not None and (high > MAX_REPEAT or high < low)):
            raise self._error("invalid repeat count", start)
        if high == low:
            return f"{{{low}}}"
        return f"{{{low},{'' if high is None else high}}}"

    def _atom(self, flags: dict[str, bool], depth: int) -> str | None:
        ch = self.expr[self.pos]
        if ch == "(":
            return self._group(flags, depth)
        self.pos += 1
        if ch == "[":
            return _class_text(self._class(flags))
        if ch == ".":
            return "(?s:.)" if flags["s"] else "[^\\n]"
        if ch == "^":
            return "(?m:^)" if flags["m"] else "\\A"
        if ch == "$":
            return "(?m:$)" if flags["m"] else "\\Z"
        if ch == "\\":
            return self._escape(flags, in_class=False)
        return self._literal(ord(ch), flags)

    def _literal(self, code: int, flags: dict[str, bool]) -> str:
        if flags["i"]:
            orbit = fold_orbit(code)
            if len(orbit) > 1:
                return _class_text([(o, o) for o in orbit])
        return re.escape(chr(code))

    def _group(self, flags: dict[str, bool], depth: int) -> str | None:
        start = self.pos
        self.pos += 1
        if depth > 1000:
            raise self._error("expression nests too deeply", 0, len(self.expr))
        name = None
        if self._peek("?"):
            named = re.compile(r"\?P?<([^>]*)>").match(self.expr, self.pos)
            if named:
                name = named.group(1)
                self.pos = named.end()
                if not re.fullmatch(r"[A-Za-z0-9_]+", name) or name in self.names:
                    code = (
                        "duplicate capture group name"
                        if name in self.names
                        else "invalid named capture"
                    )
                    raise self._error(code, start)
            else:
                scoped = self._flags(flags, start)
                if scoped is None:
                    return None  # `(?i)`: the flags changed for the rest of the group
                inner = self._alternation(scoped, depth + 1)
                return self._close(start, f"(?:{inner})")
        self.groups += 1
        if name is not None:
            self.names[name] = self.groups
        inner = self._alternation(dict(flags), depth + 1)
        return self._close(start, f"({inner})")

    def _close(self, start: int, text: str) -> str:
        if not self._peek(")"):
            raise RegexError("missing closing )", self.expr)
        self.pos += 1
        return text

    def _flags(self, flags: dict[str, bool], start: int) -> dict[str, bool] | None:
        """`(?flags)` (changes `flags`, returns None) or `(?flags:` (returns the new flags)."""
        match = re.compile(r"\?([imsU]*)(?:-([imsU]+))?([:)])").match(self.expr, self.pos)
        if not match:
            raise self._error("invalid or unsupported Perl syntax", start, self.pos + 2)
        self.pos = match.end()
        target = dict(flags) if match.group(3) == ":" else flags
        for letter in match.group(1):
            target[letter] = True
        for letter in match.group(2) or "":
            target[letter] = False
        return target if match.group(3) == ":" else None

    # -- escapes and classes
    def _escape(self, flags: dict[str, bool], in_class: bool) -> str:
        start = self.pos - 1
        if self.pos >= len(self.expr):
            raise RegexError("trailing backslash at end of expression", "")
        ch = self.expr[self.pos]
        self.pos += 1
        if not in_class:
            if ch in "AzbB":
                return {"A": "\\A", "z": "\\Z", "b": "(?a:\\b)", "B": "(?a:\\B)"}[ch]
            if ch == "Q":
                end = self.expr.find("\\E", self.pos)
                text = self.expr[self.pos :] if end < 0 else self.expr[self.pos : end]
                self.pos = len(self.expr) if end < 0 else end + 2
                return "".join(self._literal(ord(c), flags) for c in text)
        ranges = self._escape_class(ch, start, flags)
        if ranges is not None:
            return _class_text(ranges)
        return self._literal(self._escape_rune(ch, start), flags)

    def _escape_class(self, ch: str, start: int, flags: dict[str, bool]) -> Ranges | None:
        """`\\d`, `\\W`, `\\p{Greek}`...: the class, folded under `(?i)`, then negated."""
        if ch.lower() in _ASCII:
            return _group(_ASCII[ch.lower()], ch.isupper(), flags)
        if ch in "pP":
            ranges, negated = self._unicode_class(ch == "P", start)
            return _group(ranges, negated, flags)
        return None

    def _unicode_class(self, negated: bool, start: int) -> tuple[Ranges, bool]:
        if self._peek("{"):
            end = self.expr.find("}", self.pos)
            if end < 0:
                raise self._error("invalid character class range", start, len(self.expr))
            name = self.expr[self.pos + 1 : end]
            self.pos = end + 1
        elif self.pos < len(self.expr):
            name = self.expr[self.pos]
            self.pos += 1
        else:
            raise self._error("invalid character class range", start)
        if name.startswith("^"):
            name, negated = name[1:], not negated
        found = lookup(name)
        if found is None:
            raise self._error("invalid character class range", start)
        ranges, source = found
        self.unicode.add(source)
        return ranges, negated

    def _escape_rune(self, ch: str, start: int) -> int:
        simple = {"a": 7, "f": 12, "t": 9, "n": 10, "r": 13, "v": 11}
        if ch in simple:
            return simple[ch]
        if ch in "01234567":
            found = re.compile("[0-7]{0,2}").match(self.expr, self.pos)
            digits = found.group() if found else ""  # `{0,2}` always matches
            if ch != "0" and not digits:
                raise self._error("invalid escape sequence", start)
            self.pos += len(digits)
            return int(ch + digits, 8)
        if ch == "x":
            match = re.compile(r"\{([0-9A-Fa-f]+)\}|[0-9A-Fa-f]{2}").match(self.expr, self.pos)
            if not match or int(match.group(1) or match.group(), 16) > MAX_RUNE:
                self.pos = match.end() if match else min(len(self.expr), self.pos + 2)
                raise self._error("invalid escape sequence", start)
            self.pos = match.end()
            return int(match.group(1) or match.group(), 16)
        if ch.isascii() and not ch.isalnum():
            return ord(ch)
        raise self._error("invalid escape sequence", start)

    def _class(self, flags: dict[str, bool]) -> Ranges:
        """`[...]`: named classes as they are, single runes and ranges folded under `(?i)`."""
        start = self.pos - 1
        negated = self._peek("^")
        if negated:
            self.pos += 1
        ranges: Ranges = []
        literals: Ranges = []
        first = True
        while True:
            if self.pos >= len(self.expr):
                raise RegexError("missing closing ]", self.expr[start:])
            ch = self.expr[self.pos]
            if ch == "]" and not first:
                self.pos += 1
                break
            first = False
            posix = re.compile(r"\[:(\^?)([a-z]+):\]").match(self.expr, self.pos)
            if posix and posix.group(2) in _POSIX:
                self.pos = posix.end()
                ranges.extend(_group(_POSIX[posix.group(2)], bool(posix.group(1)), flags))
                continue
            lo = self._class_rune(ranges, flags)
            if lo is None:
                continue
            if self._peek("-") and not self.expr.startswith("-]", self.pos):
                dash = self.pos
                self.pos += 1
                hi = self._class_rune(ranges, flags)
                if hi is None or hi < lo:
                    raise self._error("invalid character class range", dash - len(chr(lo)))
                literals.append((lo, hi))
            else:
                literals.append((lo, lo))
        ranges.extend(fold(literals) if flags["i"] else literals)
        return negate(ranges) if negated else ranges

    def _class_rune(self, ranges: Ranges, flags: dict[str, bool]) -> int | None:
        """One rune of a class, or None when an escape added a whole class to `ranges`."""
        ch = self.expr[self.pos]
        self.pos += 1
        if ch != "\\":
            return ord(ch)
        start = self.pos - 1
        if self.pos >= len(self.expr):
            raise RegexError("trailing backslash at end of expression", "")
        esc = self.expr[self.pos]
        self.pos += 1
        group = self._escape_class(esc, start, flags)
        if group is not None:
            ranges.extend(group)
            return None
        return self._escape_rune(esc, start)


def _group(ranges: Ranges, negated: bool, flags: dict[str, bool]) -> Ranges:
    """Go's appendGroup: a named class folded under `(?i)`, then negated if it says so."""
    ranges = fold(ranges) if flags["i"] else list(ranges)
    return negate(ranges) if negated else ranges


def quote_meta(text: str) -> str:
    """Go's `regexp.QuoteMeta`."""
    return re.sub(r"([\\.+*?()|\[\]{}^$])", r"\\\1", text)
