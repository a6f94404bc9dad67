"""sprig's regex functions over Go's RE2 syntax and matching rules.

Expected values are real Go's (the go-template-oracle, recorded in functions-a.json), but for
`(?<name>...)`, which Argo CD's Go (1.22 and later) accepts and the oracle's 1.19 refuses.
"""

from __future__ import annotations

import pytest

from cmp_plugin.gotemplate.functions import regex as r
from cmp_plugin.gotemplate.functions.convert import go_sprint
from cmp_plugin.gotemplate.functions.gounicode import from_go_bytes
from cmp_plugin.gotemplate.functions.jsonfn import marshal
from cmp_plugin.gotemplate.values import GoError, GoSlice


@pytest.mark.parametrize(
    ("expr", "text", "expected"),
    [
        ("^[a-z]+-[0-9]+$", "abc-123", True),
        ("^[a-z]+$", "abc\n", False),  # Go's `$` is the end of the text only
        ("(", "abc", False),
        ("a$", "a\n", False),
        ("(?m)a$", "a\n", True),
        (r"a\z", "a", True),
        ("(?i)k", "\u212a", True),  # Go's folding orbit k, K, Kelvin sign
        ("(?i)ß", "ẞ", True),
        ("(?i)straße", "STRASSE", False),  # simple folding only
        ("a(?i:B)c", "aBC", False),
        ("a{,2}", "a{,2}", True),  # not a repetition: literal
        ("a{x", "a{x", True),
        ("x]", "x]", True),
        ("[]a]", "]", True),
        (r"\x41\x{42}\101\Q.*\E", "ABA.*", True),
        (r"^\.\-\<$", ".-<", True),
    ],
)
def test_regex_match(expr, text, expected):
    assert r.regex_match(expr, text) is expected


@pytest.mark.parametrize(
    ("expr", "text", "repl", "expected"),
    [
        ("[^a-z0-9]+", "Hub_Cluster NP", "-", "-ub-luster-"),
        ("x*", "abc", "-", "-a-b-c-"),
        ("a*", "baaac", "-", "-b-c-"),
        (r"(\w+)-(\w+)", "external-dns", "${2}_$1", "dns_external"),
        ("(a)(b)?", "ac", "[$2|$1x|${1}x|$$|$9|$]", "[||ax|$||$]c"),
        (
            r"(?P<first>\w+) (?P<second>\w+)",
            "hello world",
            "$second $first ${first}!",
            "world hello hello!",
        ),
        ("(?<x>a)", "a", "[$x]", "[a]"),
        (r"\w", "aé1_", ".", ".é.."),
        (r"\s", "a\u00a0b\vc\td", ".", "a\u00a0b\vc.d"),
        (r"\d", "1٣", ".", ".٣"),
        (r"\b", "é a", "|", "é |a|"),
        ("[[:^alpha:][:digit:]]", "a1-é", ".", "a..."),
        (r"\pL", "a1é", ".", ".1."),
        (r"\p{Lu}", "aBÉ", ".", "a.."),
        (r"[\P{L}]", "a1é", ".", "a.é"),
        (".", from_go_bytes(b"\xef\xac"), ".", ".."),
        ("[^a]", from_go_bytes(b"\xc3"), ".", "."),
    ],
)
def test_regex_replace_all(expr, text, repl, expected):
    assert r.regex_replace_all(expr, text, repl) == expected


def test_literal_replacement_expands_nothing():
    assert r.regex_replace_all_literal("(a)", "banana", "$1") == "b$1n$1n$1"
    assert r.must_regex_replace_all_literal("n", "banana", "${x}") == "ba${x}a${x}a"


@pytest.mark.parametrize(
    ("expr", "text", "limit", "printed", "as_json"),
    [
        ("[0-9]+", "a1b22c333", -1, "[1 22 333]", '["1","22","333"]'),
        ("[0-9]+", "a1b22c333", 2, "[1 22]", '["1","22"]'),
        ("[0-9]+", "a1", 0, "[]", "null"),
        ("x", "a", -1, "[]", "null"),
        ("x*", "axxb", -1, "[ xx ]", '["","xx",""]'),
        ("", "abc", -1, "[   ]", '["","","",""]'),
        ("a|", "baaa", -1, "[ a a a]", '["","a","a","a"]'),
        ("(?m)^\\w", "ab\ncd", -1, "[a c]", '["a","c"]'),
        ("(?i)[a-c]+", "xAbCz", -1, "[AbC]", '["AbC"]'),
        ("(?U)a+", "aaa", -1, "[a a a]", '["a","a","a"]'),
        ("(?U)a+?", "aaa", -1, "[aaa]", '["aaa"]'),
    ],
)
def test_regex_find_all(expr, text, limit, printed, as_json):
    found = r.regex_find_all(expr, text, limit)
    assert isinstance(found, GoSlice) and found.elem == "string"
    assert go_sprint(found) == printed
    assert marshal(found) == as_json


def test_regex_find():
    assert r.regex_find("[0-9]+", "ab12cd345") == "12"
    assert r.regex_find("x", "abc") == ""
    assert r.regex_find("(?s)a.b", "a\nb") == "a\nb"
    assert r.regex_find("a.b", "a\nb") == ""
    assert r.regex_find("a(?i:B)c", "aBc") == "aBc"


@pytest.mark.parametrize(
    ("expr", "text", "limit", "as_json"),
    [
        ("z+", "pizza", -1, '["pi","a"]'),
        ("z+", "pizza", 0, "null"),
        ("z+", "pizza", 1, '["pizza"]'),
        ("", "abc", -1, '["a","b","c"]'),
        ("a", "", -1, '[""]'),
        ("a*", "baaac", -1, '["b","c"]'),
        ("z", "pizza", 2, '["pi","za"]'),
    ],
)
def test_regex_split(expr, text, limit, as_json):
    assert marshal(r.regex_split(expr, text, limit)) == as_json


def test_quote_meta():
    assert (
        r.regex_quote_meta("1.5+[x](y){z}^$|?*\\-")
        == "1\\.5\\+\\[x\\]\\(y\\)\\{z\\}\\^\\$\\|\\?\\*\\\\-"
    )


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("(", "missing closing ): `(`"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("a*+", "invalid nested repetition operator: `*+`"),
        ("[a", "missing closing ]: `[a`"),
        ("(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
        ("(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
        (r"\1", "invalid escape sequence: `\\1`"),
        (r"a\Z", "invalid escape sequence: `\\Z`"),
        ("a{1001}", "invalid repeat count: `{1001}`"),
    ],
)
def test_bad_expressions(expr, message):
    with pytest.raises(GoError) as must:
        r.must_regex_match(expr, "")
    assert str(must.value) == f"error parsing regexp: {message}"
    with pytest.raises(GoError) as panics:
        r.regex_find(expr, "")
    assert str(panics.value) == f"regexp: Compile(`{expr}`): error parsing regexp: {message}"
