"""Differential fuzzing of the Go-template engine against real Go (a development tool; CI has no
Go and never runs it).

Usage:
  python tools/fuzz_gotemplate.py ORACLE [--cases N] [--seed S] [--out FINDINGS.json]
  python tools/fuzz_gotemplate.py ORACLE --ask TEMPLATE [--mode M] [--ctx JSON]

ORACLE is a built go-template-oracle (docs/preview-engine.md, "Conformance corpus"). The first
form generates N random templates from a grammar (pipelines, parenthesised calls, variables,
if/with/range/define/template/block, break/continue, trim markers, comments, Go's builtins and
a broad sample of sprig) over random parameter sets shaped like Argo CD's cluster and list
generators, under every missingkey mode, and compares the engine with real Go by the
conformance runner's rule (same text, or both errors). A template the engine leaves
unevaluated or fails with an internal error is a finding too. The second form asks both about
one template (to minimise a finding by hand).

Functions whose answer differs between the oracle (Go 1.19, sprig 3.2.3) and Argo CD (Go 1.26,
sprig 3.3.0), and those whose result is random or depends on the clock, are not generated.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.setrecursionlimit(10_000)

from test_gotemplate_conformance import go_value  # noqa: E402  (the runner's reading)

from cmp_plugin.gotemplate import Outcome, compile_template  # noqa: E402

# name -> argument kinds (s string, i int, f float, b bool, l list, d dict, a anything, r regex,
# p a path, v a version, c constraint); the return kind last.
FUNCS: dict[str, tuple[str, str]] = {
    "trim": ("s", "s"), "trimAll": ("ss", "s"), "trimPrefix": ("ss", "s"),
    "trimSuffix": ("ss", "s"), "upper": ("s", "s"), "lower": ("s", "s"), "title": ("s", "s"),
    "untitle": ("s", "s"), "repeat": ("is", "s"), "substr": ("iis", "s"), "trunc": ("is", "s"),
    "abbrev": ("is", "s"), "abbrevboth": ("iis", "s"), "contains": ("ss", "b"),
    "hasPrefix": ("ss", "b"), "hasSuffix": ("ss", "b"), "quote": ("a", "s"),
    "squote": ("a", "s"), "cat": ("aa", "s"), "indent": ("is", "s"), "nindent": ("is", "s"),
    "replace": ("sss", "s"), "plural": ("ssi", "s"), "split": ("ss", "d"),
    "splitn": ("sis", "d"), "splitList": ("ss", "l"), "join": ("sa", "s"),
    "snakecase": ("s", "s"), "kebabcase": ("s", "s"), "swapcase": ("s", "s"),
    "initials": ("s", "s"), "nospace": ("s", "s"), "wrap": ("is", "s"),
    "wrapWith": ("iss", "s"), "default": ("aa", "a"), "empty": ("a", "b"),
    "coalesce": ("aa", "a"), "all": ("aa", "b"), "any": ("aa", "b"), "ternary": ("aab", "a"),
    "deepCopy": ("a", "a"), "toString": ("a", "s"), "toStrings": ("a", "l"), "atoi": ("s", "i"),
    "int": ("a", "i"), "int64": ("a", "i"), "float64": ("a", "f"), "toDecimal": ("a", "i"),
    "toJson": ("a", "s"), "toPrettyJson": ("a", "s"), "toRawJson": ("a", "s"),
    "fromJson": ("s", "d"), "mustToJson": ("a", "s"), "typeOf": ("a", "s"),
    "kindOf": ("a", "s"), "kindIs": ("sa", "b"), "typeIs": ("sa", "b"),
    "deepEqual": ("aa", "b"), "list": ("aa", "l"), "first": ("l", "a"), "rest": ("l", "l"),
    "last": ("l", "a"), "initial": ("l", "l"), "append": ("la", "l"), "prepend": ("la", "l"),
    "concat": ("ll", "l"), "reverse": ("l", "l"), "uniq": ("l", "l"), "without": ("la", "l"),
    "has": ("al", "b"), "sortAlpha": ("l", "l"), "compact": ("l", "l"), "chunk": ("il", "l"),
    "mustFirst": ("l", "a"), "mustRest": ("l", "l"), "mustLast": ("l", "a"),
    "mustAppend": ("la", "l"), "mustHas": ("al", "b"), "mustUniq": ("l", "l"),
    "dict": ("sasa", "d"), "get": ("ds", "a"), "set": ("dsa", "d"), "unset": ("ds", "d"),
    "hasKey": ("ds", "b"), "pluck": ("sd", "l"), "pick": ("ds", "d"), "omit": ("ds", "d"),
    "dig": ("ssad", "a"), "merge": ("dd", "d"), "add": ("ii", "i"), "add1": ("i", "i"),
    "sub": ("ii", "i"), "div": ("ii", "i"), "mod": ("ii", "i"), "mul": ("ii", "i"),
    "max": ("ii", "i"), "min": ("ii", "i"), "biggest": ("ii", "i"), "floor": ("f", "f"),
    "ceil": ("f", "f"), "round": ("fi", "f"), "addf": ("ff", "f"), "add1f": ("f", "f"),
    "subf": ("ff", "f"), "mulf": ("ff", "f"), "divf": ("ff", "f"), "maxf": ("ff", "f"),
    "minf": ("ff", "f"), "until": ("i", "l"), "untilStep": ("iii", "l"), "seq": ("ii", "l"),
    "b64enc": ("s", "s"), "b64dec": ("s", "s"), "b32enc": ("s", "s"), "b32dec": ("s", "s"),
    "sha1sum": ("s", "s"), "sha256sum": ("s", "s"), "adler32sum": ("s", "s"),
    "base": ("p", "s"), "dir": ("p", "s"), "clean": ("p", "s"), "ext": ("p", "s"),
    "isAbs": ("p", "b"), "regexMatch": ("rs", "b"), "regexFind": ("rs", "s"),
    "regexFindAll": ("rsi", "l"), "regexReplaceAll": ("rss", "s"),
    "regexReplaceAllLiteral": ("rss", "s"), "regexSplit": ("rsi", "l"),
    "regexQuoteMeta": ("s", "s"), "semverCompare": ("cv", "b"), "semver": ("v", "a"),
    "eq": ("aa", "b"), "ne": ("aa", "b"), "lt": ("aa", "b"), "le": ("aa", "b"),
    "gt": ("aa", "b"), "ge": ("aa", "b"), "and": ("aa", "a"), "or": ("aa", "a"),
    "not": ("a", "b"), "len": ("a", "i"), "index": ("aa", "a"), "print": ("aa", "s"),
    "println": ("a", "s"), "printf": ("Fa", "s"), "html": ("a", "s"), "js": ("a", "s"),
    "urlquery": ("a", "s"), "call": ("a", "a"), "slice": ("ai", "a"),
    "duration": ("a", "s"),
}  # fmt: skip
VARIADIC = {"list", "cat", "coalesce", "all", "any", "print", "println", "printf", "dict",
            "and", "or", "index", "eq", "merge", "concat", "pick", "omit", "without", "tuple"}  # fmt: skip
STRINGS = ["", "a", "abc", "Hello World", "hub-cluster", "a-b_c.d", " x ", "ünï", "1", "10",
           "08", "0x1F", "1.5", "true", "-3", "a,b,c", "x/y/z.txt", "/abs/p", "1.2.3", "v2",
           "<&>", "a\\nb", "aGVsbG8=", "NBSWY3DP", "{\\\"k\\\":1}", "[1,2]", "null", "é"]  # fmt: skip
REGEXES = ["a", "[a-z]+", "^h", "(x)?", "\\\\d+", "-", ".*", "(a|b)", "[", "x*", "\\\\w+$"]
FORMATS = [
    "%v",
    "%s",
    "%d",
    "%q",
    "%5.2f",
    "%x",
    "%T",
    "%v-%v",
    "%t",
    "%03d|%-4s|",
    "%%",
    "%e",
    "%g",
    "%8.3g",
    "%+d",
    "%X",
    "%o",
    "%b",
    "%c",
    "%U",
    "%#v",
    "%+v",
    "%6.2s",
    "%-8v|",
    "%08.3f",
    "%[2]d %[1]v",
    "%*d",
    "%.*f",
    "%#x",
    "% x",
    "%+q",
    "%#q",
    "%v%",
    "%!",
    "%.0f",
    "%10.4e",
    "%G",
    "%#o",
    "%x %X",
    "%.3v",
    "%5t",
    "%-5.1q",
    "%[3]v",
]
PATHS = ["a/b/c.txt", "/x/../y", "", ".", "a//b/", "/", "c.tar.gz"]
VERSIONS = ["1.2.3", "v1.0", "2.0.0-rc.1", "bad", "1"]
CONSTRAINTS = [">=1.0.0", "^1.2", "~2.0", "<1.0.0 || >=2.0.0", "1.x", "bogus"]
FIELDS = {
    "s": [".name", ".server", ".metadata.labels.env", ".metadata.annotations.region",
          ".values.chart", ".nested.leaf", ".metadata.labels.nope"],
    "i": [".replicas", ".zero", ".values.replicas", ".nested.n"],
    "f": [".ratio", ".replicas", ".big", ".tiny", ".huge"],
    "b": [".enabled", ".disabled"],
    "l": [".list", ".maps", ".emptyList", ".strs", ".nested.items"],
    "d": [".nested", ".metadata.labels", ".values", ".emptyMap", ".metadata", "."],
    "a": [".nothing", ".missing", ".missing.deeper", ".nothing.x", ".metadata.labels.nope",
          "$", ".", ".list", ".name", ".values.nope", "(index .maps 0).name", ".maps",
          ".metadata.labels.env.x", ".name.x", "$.metadata.annotations", ".strs", ".huge",
          "(index .list 4).k", ".nested.items"],
}  # fmt: skip


def random_context(rng: random.Random) -> dict[str, Any]:
    """A parameter set like a cluster generator's (or a list element's, merged in)."""
    labels = {"env": rng.choice(["dev", "prod", ""]), "tenant": rng.choice(["a", "b-c"])}
    if rng.random() < 0.3:
        labels.pop("env")
    ctx: dict[str, Any] = {
        "name": rng.choice(["in-cluster", "hub-np", "Member_01", ""]),
        "server": rng.choice(["https://kubernetes.default.svc", "https://10.0.0.1:6443"]),
        "metadata": {
            "labels": {"__strmap__": labels},
            "annotations": {"__strmap__": {"region": rng.choice(["eu-west-2", "us"])}},
        },
        "values": {"__strmap__": {"chart": "external-dns", "replicas": rng.choice(["3", "x"])}},
    }
    if rng.random() < 0.7:  # list-generator element fields (JSON: float64 numbers)
        ctx.update(
            replicas=rng.choice([0, 1, 3, 2.5, -1]),
            zero=0,
            ratio=rng.choice([1.5, 0.1, -2.25]),
            big=rng.choice([1e21, 1000000, 123456789]),
            enabled=rng.choice([True, False]),
            disabled=False,
            nothing=None,
            list=rng.choice([["a", 2, True, None, {"k": "v"}], [], ["x"], [1, 2, 3]]),
            maps=[{"name": "m1", "v": 1}, {"name": "m2", "v": 2.5}],
            emptyList=[],
            emptyMap={},
            strs={"__strslice__": rng.choice([["b", "a"], [], ["z"]])},
            nested={"leaf": "x", "n": rng.choice([2, 0.5]), "items": [{"a": 1}, "s"], "m": {}},
            tiny=rng.choice([1e-7, 0.000001, -0.0, 5e-324]),
            huge=rng.choice([1e20, 123456789012.0, 1.7976931348623157e308, 2**53 + 1]),
        )
    return ctx


class Generator:
    """Random templates from Go's template grammar."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.scopes: list[list[str]] = [[]]
        self.in_range = 0
        self.defined: list[str] = []

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def variables(self) -> list[str]:
        return [name for scope in self.scopes for name in scope]

    def literal(self, kind: str) -> str:
        r = self.rng
        if kind == "s" or (kind == "a" and self.chance(0.3)):
            return r.choice(['"' + r.choice(STRINGS) + '"', "`raw " + r.choice(STRINGS) + "`"])
        if kind == "i" or (kind == "a" and self.chance(0.3)):
            return r.choice(
                [
                    "0",
                    "1",
                    "2",
                    "3",
                    "-1",
                    "10",
                    "010",
                    "0x1F",
                    "'a'",
                    "7",
                    "100",
                    "1_000",
                    "0b101",
                    "0o17",
                    "+3",
                    "'\\n'",
                    "'é'",
                    "-0",
                ]
            )
        if kind == "f" or (kind == "a" and self.chance(0.3)):
            return r.choice(
                [
                    "1.5",
                    "0.1",
                    "-2.5",
                    "1e3",
                    "2.0",
                    "0.5",
                    "1e21",
                    "1e-7",
                    "123456789.0",
                    "0x1p4",
                    "1_000.5",
                    "-0.0",
                    ".5",
                    "2i",
                    "1e100",
                ]
            )
        if kind == "b":
            return r.choice(["true", "false"])
        if kind == "r":
            return '"' + r.choice(REGEXES) + '"'
        if kind == "p":
            return '"' + r.choice(PATHS) + '"'
        if kind == "v":
            return '"' + r.choice(VERSIONS) + '"'
        if kind == "c":
            return '"' + r.choice(CONSTRAINTS) + '"'
        if kind == "F":
            return '"' + r.choice(FORMATS) + '"'
        return r.choice(["nil", "true", '"z"', "2", "-9223372036854775808", "1e100"])

    def operand(self, kind: str, depth: int) -> str:
        r = self.rng
        roll = r.random()
        variables = self.variables()
        if kind in "rpvcF":
            return self.literal(kind) if roll < 0.9 else self.operand("s", depth)
        if roll < 0.45:
            return self.literal(kind)
        if roll < 0.75:
            return r.choice(FIELDS.get(kind, FIELDS["a"]) if self.chance(0.9) else FIELDS["a"])
        if roll < 0.82 and variables:
            return r.choice(variables) + r.choice(["", "", "", "", ".name", ".x", ".labels"])
        if depth < 3:
            inner = self.pipeline(depth + 1, kind)
            return (
                "(" + inner + ")" + (r.choice([".name", ".leaf", ".x"]) if self.chance(0.1) else "")
            )
        return self.literal(kind)

    def call(self, depth: int, kind: str, piped: str = "") -> str:
        """A call returning `kind`; `piped`: the kind of the value piped into it."""
        r = self.rng
        names = [n for n, (_, ret) in FUNCS.items() if kind == "a" or ret in (kind, "a")]
        if piped:
            names = [n for n in FUNCS if FUNCS[n][0][-1:] in (piped, "a")] or list(FUNCS)
        name = r.choice(names or list(FUNCS))
        params = FUNCS[name][0]
        if name in VARIADIC and self.chance(0.5):
            params = params + "a" * r.randint(0, 2)
        if self.chance(0.05):  # a wrong count
            params = params[:-1] if params and self.chance(0.5) else params + "a"
        if piped and params:
            params = params[:-1]
        args = [self.operand(p, depth) for p in params]
        return " ".join([name, *args])

    def pipeline(self, depth: int = 0, kind: str = "a") -> str:
        r = self.rng
        if self.chance(0.6):
            first = self.call(depth, kind)
            returned = FUNCS[first.split(" ", 1)[0]][1]
        else:
            first, returned = self.operand(kind, depth), kind
        stages = [first]
        for _ in range(r.choice([0, 0, 0, 1, 1, 2])):
            stages.append(self.call(depth + 1, "a", returned if returned != "a" else "s"))
            returned = FUNCS[stages[-1].split(" ", 1)[0]][1]
        return " | ".join(stages)

    def action(self, body: str) -> str:
        left = "{{- " if self.chance(0.15) else "{{ "
        right = " -}}" if self.chance(0.15) else " }}"
        return left + body + right

    def text(self) -> str:
        return self.rng.choice(["x", " ", "\n", "-", "é ", " \n\t", "|", ",", "[", "]"])

    def block(self, depth: int) -> str:
        parts = []
        for _ in range(self.rng.randint(1, 3 if depth < 2 else 2)):
            parts.append(self.statement(depth))
        return "".join(parts)

    def statement(self, depth: int) -> str:
        r = self.rng
        roll = r.random()
        if depth >= 3 or roll < 0.2:
            return self.text() if self.chance(0.3) else self.action(self.pipeline())
        if roll < 0.32:
            name = f"$v{len(self.variables())}"
            out = self.action(f"{name} := {self.pipeline()}")
            self.scopes[-1].append(name)
            return out
        if roll < 0.38 and self.variables():
            return self.action(f"{r.choice(self.variables())} = {self.pipeline()}")
        if roll < 0.5:
            return self.conditional("if", depth)
        if roll < 0.6:
            return self.conditional("with", depth)
        if roll < 0.75:
            return self.ranged(depth)
        if roll < 0.8:
            return "{{/* note */}}" if self.chance(0.5) else "{{- /* trim */ -}}"
        if roll < 0.85 and self.in_range:
            return self.action(r.choice(["break", "continue"]))
        if roll < 0.92 and self.defined:
            target = r.choice(self.defined)
            argument = r.choice(["", " .", " $", " .metadata", " .list", " (list 1 2)"])
            return self.action(f'template "{target}"{argument}')
        return self.text()

    def scoped(self, depth: int) -> str:
        self.scopes.append([])
        try:
            return self.block(depth + 1)
        finally:
            self.scopes.pop()

    def conditional(self, keyword: str, depth: int) -> str:
        r = self.rng
        head = self.pipeline()
        if self.chance(0.2):
            head = f"$h{len(self.variables())} := {head}"
            self.scopes[-1].append(head.split(" ", 1)[0])
        out = self.action(f"{keyword} {head}") + self.scoped(depth)
        while keyword == "if" and self.chance(0.25):  # `else with` is Go 1.23
            out += self.action(f"else {keyword} {self.pipeline()}") + self.scoped(depth)
        if self.chance(0.5):
            out += self.action("else") + self.scoped(depth)
        return out + self.action("end") + (self.text() if r.random() < 0.3 else "")

    def ranged(self, depth: int) -> str:
        r = self.rng
        declared = r.choice([[], ["$v"], ["$i", "$v"]])
        declared = [f"{name}{len(self.variables())}" for name in declared]
        head = ", ".join(declared) + " := " if declared else ""
        kind = r.choice(["l", "l", "d", "a", "i", "s"])
        self.scopes.append(declared)
        self.in_range += 1
        try:
            body = self.block(depth + 1)
        finally:
            self.in_range -= 1
            self.scopes.pop()
        out = self.action(f"range {head}{self.pipeline(kind=kind)}") + body
        if self.chance(0.3):
            out += self.action("else") + self.scoped(depth)
        return out + self.action("end")

    def focused(self) -> str:
        """One or two short actions: most of them evaluate rather than fail."""
        return "".join(self.action(self.pipeline(2)) for _ in range(self.rng.randint(1, 2)))

    def template(self) -> str:
        if self.chance(0.4):
            return self.focused()
        prefix = ""
        for index in range(self.rng.choice([0, 0, 0, 1, 2])):
            name = f"t{index}"
            self.scopes.append([])
            body = self.block(2)
            self.scopes.pop()
            if self.chance(0.3):
                prefix += self.action(f'block "{name}" .') + body + self.action("end")
            else:
                prefix += self.action(f'define "{name}"') + body + self.action("end")
            self.defined.append(name)
        if self.defined and self.chance(0.2):  # a redefinition, maybe empty
            name = self.rng.choice(self.defined)
            body = self.rng.choice(["", " ", "{{/* c */}}", "new", "{{ . }}"])
            prefix += self.action(f'define "{name}"') + body + self.action("end")
        return prefix + self.block(0)


MUTATIONS = ["{{", "}}", "(", ")", "|", '"', "$", ":=", "=", " ", "-", ".", "end", "else",
             "$x", ",", "'", "`", "/*", "*/", "nil", "break", "{{end}}", "{{else}}"]  # fmt: skip


SOUP = ["(", ")", "|", "$", "$x", "$y", ":=", "=", ",", ".", ".name", ".metadata.labels",
        ".nested.m", ".list", "$.name", ".a1", ".true", "nil", "true", "false", "1", "-1",
        "+.5", ".5e3", "0x1.8p1", "1__0", "0_7", "07_7", "08", "1.2.3", "0x", "1e", "'ab'",
        "'\\''", "'\\x41'", '"\\q"', '"\\u00e9"', '"\\101"', '"a b"', "`r\nw`", "2i",
        "1+2i", "0i", "print", "len", "index", "slice", "printf", "eq", "and", "not", "html",
        "js", "upper", "list", "dict", "default", "toJson", "add", "keys", "if", "else",
        "end", "range", "with", "break", "continue", "template", "define", "block", '"t0"',
        "/* c */", "-", "\n", ".x.y", "(1)", "(.name)", "(list 1 2).x", "$.", "..",
        "9223372036854775808", "-9223372036854775809", "18446744073709551615", "1e400",
        "0b2", "0o8", "0X1F", "0B1", "0O7", "1E3", "0x_1", "'\\u00e9'", "'é'", "''"]  # fmt: skip


VALUES = ['"abc"', '""', '"ünï"', '"a,b"', '"1.5"', '"08"', "0", "-3", "7", "1.5", "-0.0",
          "1e21", "1e-7", "true", "false", "nil", "'a'", "2i", ".name", ".replicas", ".ratio",
          ".tiny", ".huge", ".big", ".list", ".emptyList", ".strs", ".metadata.labels", ".values",
          ".nested", ".emptyMap", ".nothing", ".missing", ".maps", ".metadata.labels.env",
          "(add 1 2)", "(list 1 \"a\")", "(list)", '(dict "a" 1)', "(dict)", "(until 3)",
          '(splitList "," "a,b")', '(semver "1.2.3")', '(toDate "2006-01-02Z07:00" "2020-03-04Z")',
          "(duration 90)", '(toDecimal "5")', "(float64 3)", "(int 3)", "(int64 -2)",
          '(fromJson "{\\"a\\":[1,2.5,null]}")', '(b64dec "aGk=")', "(rest (list))",
          '(split "," "a,b")', "(list nil)", "(list (list 1) (dict))", '(atoi "x")']  # fmt: skip


def matrix(rng: random.Random) -> str:
    """One function (or printf verb) over values of every Go type this engine models."""
    name = rng.choice(list(FUNCS))
    count = len(FUNCS[name][0]) + (rng.randint(-1, 2) if name in VARIADIC else 0)
    args = [rng.choice(VALUES) for _ in range(max(count, 0))]
    if name == "printf":
        args[:1] = ['"' + rng.choice(FORMATS) + '"']
    if rng.random() < 0.3 and args:
        return "{{ " + " ".join([args[-1], "|", name, *args[:-1]]) + " }}"
    return "{{ " + " ".join([name, *args]) + " }}"


def soup(rng: random.Random) -> str:
    """A few actions of random tokens: what the lexer and parser accept or refuse."""
    out = []
    for _ in range(rng.randint(1, 3)):
        tokens = [rng.choice(SOUP) for _ in range(rng.randint(1, 5))]
        left, right = (
            rng.choice(["{{", "{{ ", "{{- ", "{{-"]),
            rng.choice(["}}", " }}", " -}}", "-}}"]),
        )
        out.append(rng.choice(["", "a ", "\n"]) + left + " ".join(tokens) + right)
    return "".join(out)


def mutate(rng: random.Random, source: str) -> str:
    """`source` with a few characters deleted, replaced or inserted (parse-error paths)."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(source) + 1)
        roll = rng.random()
        if roll < 0.3 and source:
            source = source[:at] + source[at + rng.randint(1, 3) :]
        else:
            source = source[:at] + rng.choice(MUTATIONS) + source[at:]
    return source


def _limit_memory() -> None:  # a template like `repeat 1e9 "x"` must not take the machine
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def ask_oracle(oracle: str, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    requests = [
        {"id": str(i), "template": c["template"], "mode": c["mode"], "ctx": c["ctx"]}
        for i, c in enumerate(cases)
    ]
    try:
        run = subprocess.run(
            [oracle],
            input=json.dumps(requests),
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        run = subprocess.CompletedProcess([oracle], 1, "", "timeout")
    if run.returncode == 0:
        return json.loads(run.stdout)
    if len(cases) == 1:  # Go itself died (a fatal error is no answer): skip the case
        crash = run.stderr.strip().splitlines()[:1]
        print("oracle died:", json.dumps(cases[0]["template"]), crash, file=sys.stderr)
        return [{"ok": None, "out": "", "err": "oracle died"}]
    half = len(cases) // 2
    return ask_oracle(oracle, cases[:half]) + ask_oracle(oracle, cases[half:])


# Go 1.19 errors that Argo CD's Go 1.26 does not give: `{{ else with }}` (Go 1.23) and
# `range` over an integer (Go 1.22).
GO_126_ACCEPTS = re.compile(r"unexpected <with> in else|range can't iterate over -?\d+$")


def judge(case: dict[str, Any], go: dict[str, Any]) -> str | None:
    """Why the engine and Go disagree on `case`, or None."""
    if go["ok"] is None:
        return None
    if not go["ok"] and GO_126_ACCEPTS.search(go["err"]):
        return None
    rendered = compile_template(case["template"], case["mode"]).render(go_value(case["ctx"]))
    case["ours"] = [rendered.outcome.value, rendered.text, rendered.message]
    if rendered.outcome is Outcome.UNEVALUATED:
        return "internal" if "internal error" in rendered.message else "unevaluated"
    if go["ok"] != (rendered.outcome is Outcome.OK):
        return "outcome"
    if go["ok"] and go["out"] != rendered.text:
        return "text"
    return None


def fuzz(oracle: str, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.15:
            source = soup(rng)
        elif roll < 0.45:
            source = matrix(rng)
        else:
            source = Generator(rng).template()
        if rng.random() < 0.2:
            source = mutate(rng, source)
        mode = rng.choice(["default", "zero", "error"])
        cases.append({"template": source, "mode": mode, "ctx": random_context(rng)})
    findings = []
    for start in range(0, len(cases), 500):
        batch = cases[start : start + 500]
        for case, go in zip(batch, ask_oracle(oracle, batch), strict=True):
            why = judge(case, go)
            if why is not None:
                case.update(why=why, go=[go["ok"], go["out"], go["err"]])
                findings.append(case)
    return findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("oracle")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="fuzz-findings.json")
    parser.add_argument("--ask")
    parser.add_argument("--mode", default="default")
    parser.add_argument("--ctx")
    args = parser.parse_args()
    if args.ask is not None:
        ctx = json.loads(args.ctx) if args.ctx else random_context(random.Random(0))
        case = {"template": args.ask, "mode": args.mode, "ctx": ctx}
        go = ask_oracle(args.oracle, [case])[0]
        print("go:  ", json.dumps([go["ok"], go["out"], go["err"]], ensure_ascii=False))
        print("why: ", judge(case, go))
        print("ours:", json.dumps(case["ours"], ensure_ascii=False))
        return 0
    findings = fuzz(args.oracle, args.cases, args.seed)
    Path(args.out).write_text(json.dumps(findings, indent=1, ensure_ascii=False) + "\n")
    by_kind: dict[str, int] = {}
    for finding in findings:
        by_kind[finding["why"]] = by_kind.get(finding["why"], 0) + 1
    print(f"{args.cases} cases, {len(findings)} findings {by_kind} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
