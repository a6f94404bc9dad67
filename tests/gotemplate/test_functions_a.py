"""sprig's string and word functions, called directly with the arguments the executor passes.

Expected values are real Go's answers (the go-template-oracle, recorded in
tests/data/conformance/argocd-templates/functions-a.json, which the conformance runner also
plays through the whole engine), except where Argo CD's versions differ from the oracle's
(sprig 3.3.0's `camelcase`), taken from the library's source and documented examples.
A Go string holding invalid UTF-8 is written with `raw(...)` (its bytes).
"""

from __future__ import annotations

import pytest

from cmp_plugin.gotemplate.functions import strings as s
from cmp_plugin.gotemplate.functions import words as w
from cmp_plugin.gotemplate.functions.gounicode import byte_len, from_go_bytes
from cmp_plugin.gotemplate.functions.registry import FUNCTIONS
from cmp_plugin.gotemplate.values import GoError, GoSlice, GoStringMap, NotKnowable


def raw(data: bytes) -> str:
    return from_go_bytes(data)


NAME = "hub-cluster-np"
LONG = "The quick brown fox jumps over the lazy dog"

CASES = [
    # Go's simple case mapping: one rune to one rune
    (s.upper, ("Größe İstanbul ﬁle",), "GRÖßE İSTANBUL ﬁLE"),
    (s.upper, ("straße ǅemal ŉ ǰ ᾳ",), "STRAßE ǄEMAL ŉ ǰ ᾼ"),
    (s.lower, ("Größe İstanbul ﬁle",), "größe istanbul ﬁle"),
    (s.lower, ("ẞ İ ǅ \u03a3",), "ß i ǆ \u03c3"),
    (s.lower, ("\u212a",), "k"),
    (s.upper, ("ǆ",), "Ǆ"),
    (s.upper, (raw(b"\xef\xac"),), "\ufffd\ufffd"),
    (s.title, ("ǆa",), "ǅa"),
    (s.title, ("hello wörld-foo_bar  x.y ǆ",), "Hello Wörld-Foo_bar  X.Y ǅ"),
    (s.title, ("Größe İstanbul ﬁle",), "Größe İstanbul ﬁle"),
    (s.title, ("a\u00a0b",), "A\u00a0B"),
    (w.untitle, ("Hello World ÉCOLE",), "hello world éCOLE"),
    (w.swapcase, ("Hello wOrld ǅx ß",), "hELLO WoRLD ǆX ß"),
    # trimming: unicode.IsSpace, not Python's
    (s.trim, ("  x \t\n",), "x"),
    (s.trim, ("\u00a0 padded \u00a0",), "padded"),
    (s.trim, ("\u2028x\u3000",), "x"),
    (s.trim, ("\x1cx\x1f",), "\x1cx\x1f"),
    (s.trim_all, ("-.", "-.a-b.-"), "a-b"),
    (s.trim_all, ("ßx", "ßxaßx"), "a"),
    (s.trim_all, ("", "-a-"), "-a-"),
    (s.trimall, ("$", "$$5$"), "5"),
    (s.trim_suffix, ("-np", NAME), "hub-cluster"),
    (s.trim_prefix, ("hub-", NAME), "cluster-np"),
    (s.trim_prefix, ("", NAME), NAME),
    # bytes: trunc, substr
    (s.repeat, (3, "ab"), "ababab"),
    (s.repeat, (0, "ab"), ""),
    (s.substr, (0, 3, NAME), "hub"),
    (s.substr, (-1, 3, NAME), "hub"),
    (s.substr, (4, 99, NAME), "cluster-np"),
    (s.substr, (4, -1, NAME), "cluster-np"),
    (s.substr, (1, 3, "ßx"), raw(b"\x9fx")),
    (s.trunc, (5, NAME), "hub-c"),
    (s.trunc, (-2, NAME), "np"),
    (s.trunc, (-99, NAME), NAME),
    (s.trunc, (1, "ß"), raw(b"\xc3")),
    (s.trunc, (-1, "xß"), raw(b"\x9f")),
    (s.trunc, (2, "ﬁx"), raw(b"\xef\xac")),
    # goutils walks bytes
    (w.nospace, ("a b\tc\n",), "abc"),
    (w.nospace, ("hello wörld foo",), "hellowÃ¶rldfoo"),
    (w.nospace, ("wörld",), "wörld"),
    (w.nospace, ("a\u00a0b",), "aÂb"),
    (w.initials, ("John Doe  foo",), "JDf"),
    (w.initials, ("élan vital",), "Ãv"),
    (w.initials, ("",), ""),
    (w.wrap, (10, LONG), "The quick\nbrown fox\njumps over\nthe lazy\ndog"),
    (w.wrap, (3, "abcdef gh"), "abcdef\ngh"),
    (w.wrap, (0, "a b"), "a\nb"),
    (w.wrap_with, (5, "<br>", "abcdefgh ij"), "abcde<br>fgh<br>ij"),
    (w.wrap_with, (5, "", "abcdefgh ij"), "abcde\nfgh\nij"),
    (s.abbrev, (5, "hello world"), "he..."),
    (s.abbrev, (3, "hello world"), "hello world"),
    (s.abbrev, (20, "hello"), "hello"),
    (s.abbrevboth, (5, 10, "1234 5678 9123 4567"), "...5678..."),
    (s.abbrevboth, (5, 6, "1234 5678 9123"), "1234 5678 9123"),
    (s.abbrevboth, (0, 5, "1234 5678"), "12..."),
    (s.abbrevboth, (12, 10, "1234 5678 9123 4567"), "...23 4567"),
    (s.abbrevboth, (6, 8, "abcdefghijklmnopqrstuvwxyz"), "...gh..."),
    (s.contains, ("clu", NAME), True),
    (s.contains, ("", NAME), True),
    (s.contains, ("x", ""), False),
    (s.has_prefix, ("hub", NAME), True),
    (s.has_suffix, ("np", NAME), True),
    # quoting: strconv.Quote
    (
        s.quote,
        ("a\u2028b", "\u00a0 padded \u00a0", "\x1cx\x1f"),
        '"a\\u2028b" "\\u00a0 padded \\u00a0" "\\x1cx\\x1f"',
    ),
    (s.quote, ("é\u00ad\ufffd\U0001f600\x7f\a",), '"é\\u00ad\ufffd\U0001f600\\x7f\\a"'),
    (s.quote, (raw(b"\xc3"),), '"\\xc3"'),
    (s.quote, (None,), ""),
    (s.quote, (3.0, 1.5, True, None), '"3" "1.5" "true"'),
    (s.squote, (NAME, 3.0, None), "'hub-cluster-np' '3'"),
    (s.cat, ("a", 1, None, 1.5, "b"), "a 1 1.5 b"),
    (s.cat, (), ""),
    (s.cat, (None, None), ""),
    (s.indent, (2, "a\nb\n"), "  a\n  b\n  "),
    (s.nindent, (2, "a\nb"), "\n  a\n  b"),
    (s.indent, (0, "a\nb"), "a\nb"),
    (s.replace, ("-", "_", NAME), "hub_cluster_np"),
    (s.replace, ("", "|", "aß"), "|a|ß|"),
    (s.plural, ("one", "many", 1), "one"),
    (s.plural, ("one", "many", 0), "many"),
    # splitting and joining
    (s.split, ("-", NAME), {"_0": "hub", "_1": "cluster", "_2": "np"}),
    (s.split, ("", "aß"), {"_0": "a", "_1": "ß"}),
    (s.splitn, ("-", 2, NAME), {"_0": "hub", "_1": "cluster-np"}),
    (s.splitn, ("-", 0, NAME), {}),
    (s.splitn, ("-", -1, NAME), {"_0": "hub", "_1": "cluster", "_2": "np"}),
    (s.splitn, ("", 2, "abc"), {"_0": "a", "_1": "bc"}),
    (s.split_list, ("-", NAME), ["hub", "cluster", "np"]),
    (s.split_list, (",", ""), [""]),
    (s.split_list, ("", "aß"), ["a", "ß"]),
    (s.join, (",", ["a", None, 2.0, True]), "a,2,true"),
    (s.join, ("/", GoSlice(["x", "y"], "string")), "x/y"),
    (s.join, (",", "abc"), "abc"),
    (s.join, (",", None), ""),
    (s.join, (",", 3), "3"),
    # xstrings
    (w.snakecase, ("FirstName",), "first_name"),
    (w.snakecase, ("HTTPServer",), "http_server"),
    (w.snakecase, ("NoHTTPS",), "no_https"),
    (w.snakecase, ("GO PATH",), "go_path"),
    (w.snakecase, ("GO-PATH",), "go_path"),
    (w.snakecase, ("http2xx",), "http_2xx"),
    (w.snakecase, ("HTTP20xOK",), "http_20x_ok"),
    (w.snakecase, ("Duration2m3s",), "duration_2m3s"),
    (w.snakecase, ("Bld4Floor3rd",), "bld4_floor_3rd"),
    (w.snakecase, ("a1_b2",), "a1_b2"),
    (w.snakecase, ("v1.2.3-Beta",), "v1.2.3_beta"),
    (w.snakecase, ("__A__b--C  d",), "__a__b__c__d"),
    (w.snakecase, ("ÀÉÎ étéÉ",), "àéî_été_é"),
    (w.snakecase, ("中文ABC字",), "中文_abc_字"),
    (w.snakecase, ("a!!B??c",), "a!!b??c"),
    (w.snakecase, ("HTTPServer_v2Id",), "http_server_v2_id"),
    (w.kebabcase, ("FirstName",), "first-name"),
    (w.kebabcase, ("hub_cluster np",), "hub-cluster-np"),
    (w.kebabcase, ("HTTPServer_v2Id",), "http-server-v2-id"),
    (w.camelcase, ("some_words",), "SomeWords"),
    (w.camelcase, ("http_server",), "HttpServer"),
    (w.camelcase, ("some words",), "SomeWords"),
    (w.camelcase, ("_complex__case_",), "_Complex_Case_"),
    # xstrings 1.5.0's ToPascalCase (sprig 3.3.0), documented examples; the oracle's 3.2.3
    # answers "GOLANGISGREAT" and "NoHTTPS"
    (w.camelcase, ("GOLANG_IS_GREAT",), "GolangIsGreat"),
    (w.camelcase, ("no_https",), "NoHttps"),
    (w.shuffle, ("aaa",), "aaa"),
    (w.shuffle, ("",), ""),
    (w.rand_alpha, (0,), ""),
    (w.rand_alpha_num, (-1,), ""),
    (s.hello, (), "Hello!"),
]


@pytest.mark.parametrize(("function", "args", "expected"), CASES)
def test_function_answers_as_go(function, args, expected):
    assert function(*args) == expected


@pytest.mark.parametrize(
    ("function", "args", "message"),
    [
        (s.repeat, (-1, "ab"), "strings: negative Repeat count"),
        (s.indent, (-1, "a"), "strings: negative Repeat count"),
        (s.substr, (5, 2, NAME), "slice bounds out of range [5:2]"),
        (s.substr, (99, -1, NAME), "slice bounds out of range [99:14]"),
        (s.substr, (-1, -1, NAME), "slice bounds out of range [:-1]"),
        (s.substr, (-1, 99, NAME), "slice bounds out of range [:99] with length 14"),
    ],
)
def test_go_panics_are_errors(function, args, message):
    with pytest.raises(GoError, match=message.replace("[", r"\[").replace("]", r"\]")):
        function(*args)


def test_results_have_go_types():
    assert isinstance(s.split("-", NAME), GoStringMap)
    listed = s.split_list("-", NAME)
    assert isinstance(listed, GoSlice) and listed.elem == "string"
    assert FUNCTIONS["splitList"].signature.result == "[]string"
    assert FUNCTIONS["split"].signature.result == "map[string]string"
    assert FUNCTIONS["repeat"].signature.params == ("int", "string")


def test_invalid_utf8_keeps_go_byte_lengths():
    cut = s.trunc(2, "ﬁx")
    assert byte_len(cut) == 2
    assert byte_len(s.upper(cut)) == 6  # each invalid byte maps to U+FFFD, 3 bytes


@pytest.mark.parametrize(
    ("name", "args"),
    [("shuffle", ("ab",)), ("randAlpha", (3,)), ("randNumeric", (1,)), ("randAscii", (2,))],
)
def test_random_results_are_not_knowable(name, args):
    function = FUNCTIONS[name]
    assert not function.knowable
    with pytest.raises(NotKnowable):
        function.body(*args)


def test_huge_results_are_not_built():
    with pytest.raises(NotKnowable):
        s.repeat(1 << 30, "ab")
