"""sprig's regular-expression functions, with Go's `regexp` semantics (`re2` translates the
syntax). The plain forms panic on a bad expression (`regexp.MustCompile`), the `must` forms
return the error, and `regexMatch` answers false. Go's rules for successive matches are kept:
an empty match right after a previous match is skipped (`regexReplaceAll "x*" "abc" "-"` is
`-a-b-c-`), and `$1`, `${1}`, `$name` in a replacement follow `Regexp.Expand` (`$1x` names
group `1x`, which does not exist: it expands to nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..values import GoError, GoSlice
from .convert import NilList
from .re2 import Compiled, RegexError, check_text, compile_go, quote_meta
from .registry import gofunc


def _compile(expr: str, must: bool, text: str) -> Compiled:
    """The compiled expression to run on `text` (checked against the Unicode tables)."""
    try:
        compiled = compile_go(expr)
    except RegexError as exc:
        if must:
            raise GoError(str(exc)) from None
        from ..printing import quote as go_quote

        quoted = f"`{expr}`" if "`" not in expr and expr.isprintable() else go_quote(expr)
        raise GoError(f"regexp: Compile({quoted}): {exc}") from None
    check_text(compiled, text)
    return compiled


def _matches(compiled: Compiled, text: str, limit: int) -> Iterator[re.Match[str]]:
    """Go's allMatches: successive matches, an empty one right after a match skipped."""
    if limit < 0:
        limit = len(text) + 1
    pos, count, prev_end = 0, 0, -1
    while count < limit and pos <= len(text):
        match = compiled.pattern.search(text, pos)
        if match is None:
            return
        accept = True
        if match.end() == pos:  # an empty match: step one character on
            accept = match.start() != prev_end
            pos += 1
        else:
            pos = match.end()
        prev_end = match.end()
        if accept:
            count += 1
            yield match


class NilStrings(GoSlice, NilList):
    """A Go nil `[]string` (no match): prints `[]`, `toJson` gives `null`."""

    __slots__ = ()


def _nil_strings() -> GoSlice:
    return NilStrings([], "string")


def _find_all(expr: str, text: str, limit: int, must: bool) -> GoSlice:
    compiled = _compile(expr, must, text)
    if limit == 0:
        return _nil_strings()
    found = [m.group() for m in _matches(compiled, text, limit)]
    return GoSlice(found, "string") if found else _nil_strings()


def expand(template: str, match: re.Match[str], compiled: Compiled) -> str:
    """Go's `Regexp.Expand`: `$$`, `$1`, `${1}`, `$name`, `${name}`; an unknown group is ""."""
    out, i = [], 0
    while i < len(template):
        dollar = template.find("$", i)
        if dollar < 0:
            out.append(template[i:])
            break
        out.append(template[i:dollar])
        i = dollar + 1
        if template.startswith("$", i):
            out.append("$")
            i += 1
            continue
        braced = re.compile(r"\{([A-Za-z0-9_]+)\}").match(template, i)
        bare = re.compile(r"[A-Za-z0-9_]+").match(template, i)
        found = braced or bare
        if found is None:
            out.append("$")  # a malformed reference is kept as written
            continue
        name = found.group(1) if braced else found.group()
        i = found.end()
        out.append(_group(name, match, compiled))
    return "".join(out)


def _group(name: str, match: re.Match[str], compiled: Compiled) -> str:
    if name.isdigit() and name.isascii():
        index = int(name)
        if index > compiled.groups:
            return ""
    elif name in compiled.names:
        index = compiled.names[name]
    else:
        return ""
    return match.group(index) or ""


def _replace_all(compiled: Compiled, text: str, replace: Callable[[re.Match[str]], str]) -> str:
    """Go's replaceAll: no replacement for an empty match right after another match."""
    out, last_end, pos = [], 0, 0
    while pos <= len(text):
        match = compiled.pattern.search(text, pos)
        if match is None:
            break
        out.append(text[last_end : match.start()])
        if match.end() > last_end or match.start() == 0:
            out.append(replace(match))
        last_end = match.end()
        pos = pos + 1 if pos + 1 > match.end() else match.end()
    out.append(text[last_end:])
    return "".join(out)


def _split(expr: str, text: str, limit: int, must: bool) -> GoSlice:
    compiled = _compile(expr, must, text)
    if limit == 0:
        return _nil_strings()
    if expr and not text:
        return GoSlice([""], "string")
    parts: list[str] = []
    begin = end = 0
    for match in _matches(compiled, text, limit):
        if limit > 0 and len(parts) == limit - 1:
            break
        end = match.start()
        if match.end() != 0:
            parts.append(text[begin:end])
        begin = match.end()
    if end != len(text):
        parts.append(text[begin:])
    return GoSlice(parts, "string")


@gofunc("regexMatch", "string", "string", result="bool")
def regex_match(expr: str, text: str) -> bool:
    try:
        compiled = compile_go(expr)
    except RegexError:
        return False
    check_text(compiled, text)
    return compiled.pattern.search(text) is not None


@gofunc("mustRegexMatch", "string", "string", error=True, result="bool")
def must_regex_match(expr: str, text: str) -> bool:
    return _compile(expr, True, text).pattern.search(text) is not None


@gofunc("regexFindAll", "string", "string", "int", result="[]string")
def regex_find_all(expr: str, text: str, limit: int) -> GoSlice:
    return _find_all(expr, text, limit, False)


@gofunc("mustRegexFindAll", "string", "string", "int", error=True, result="[]string")
def must_regex_find_all(expr: str, text: str, limit: int) -> GoSlice:
    return _find_all(expr, text, limit, True)


def _find(expr: str, text: str, must: bool) -> str:
    match = _compile(expr, must, text).pattern.search(text)
    return match.group() if match else ""


@gofunc("regexFind", "string", "string", result="string")
def regex_find(expr: str, text: str) -> str:
    return _find(expr, text, False)


@gofunc("mustRegexFind", "string", "string", error=True, result="string")
def must_regex_find(expr: str, text: str) -> str:
    return _find(expr, text, True)


def _replace(expr: str, text: str, repl: str, must: bool, literal: bool) -> str:
    compiled = _compile(expr, must, text)
    if literal:
        return _replace_all(compiled, text, lambda _m: repl)
    return _replace_all(compiled, text, lambda m: expand(repl, m, compiled))


@gofunc("regexReplaceAll", "string", "string", "string", result="string")
def regex_replace_all(expr: str, text: str, repl: str) -> str:
    return _replace(expr, text, repl, False, False)


@gofunc("mustRegexReplaceAll", "string", "string", "string", error=True, result="string")
def must_regex_replace_all(expr: str, text: str, repl: str) -> str:
    return _replace(expr, text, repl, True, False)


@gofunc("regexReplaceAllLiteral", "string", "string", "string", result="string")
def regex_replace_all_literal(expr: str, text: str, repl: str) -> str:
    return _replace(expr, text, repl, False, True)


@gofunc("mustRegexReplaceAllLiteral", "string", "string", "string", error=True, result="string")
def must_regex_replace_all_literal(expr: str, text: str, repl: str) -> str:
    return _replace(expr, text, repl, True, True)


@gofunc("regexSplit", "string", "string", "int", result="[]string")
def regex_split(expr: str, text: str, limit: int) -> GoSlice:
    return _split(expr, text, limit, False)


@gofunc("mustRegexSplit", "string", "string", "int", error=True, result="[]string")
def must_regex_split(expr: str, text: str, limit: int) -> GoSlice:
    return _split(expr, text, limit, True)


@gofunc("regexQuoteMeta", "string", result="string")
def regex_quote_meta(text: str) -> str:
    return quote_meta(text)
