"""Go `text/template` evaluation of the strings Argo CD renders per generated Application.

The ApplicationSet controller renders every string of an ApplicationSet's template with Go's
`text/template`, the sprig functions and the generator's parameters as dot, under the
ApplicationSet's `goTemplateOptions` (argocd-fleet emits `missingkey=error`). This module
evaluates the subset those templates use:

- text and actions, `{{-`/`-}}` trimming, comments;
- field chains (`.name`, `.metadata.labels.environment`, `.values.chart`), `.`, literals
  (strings, numbers, `true`/`false`, `nil`), parenthesised pipelines, `|` pipelines;
- `if`/`else if`/`else`/`end`;
- the functions in `FUNCTIONS`: Go's `index`, `eq`, `ne`, `not`, `and`, `or`, `len`, sprig's
  `default`, `trunc`, `lower`, `upper`, `toString`, `quote`, `squote`, `trim`, `trimPrefix`,
  `trimSuffix`, `replace`, `contains`, `hasPrefix`, `hasSuffix`, `empty`, `coalesce`,
  `required`, and Argo CD's `normalize`.

Every string gets one of three outcomes (`Rendered.outcome`):
- `OK`: the text Argo CD would produce;
- `ERROR`: Argo CD fails this Application (a missing key under `missingkey=error`, a value of
  the wrong type for a function, a malformed action), with Go's message;
- `UNEVALUATED`: a construct this module does not evaluate (`range`, `with`, variables, a
  function not listed...). The text is returned as written, never guessed.

A template is parsed once (`compile_template`) and rendered for many parameter sets. Under
`missingkey=error` it is also translated into one Python expression, so the common case costs
a few dictionary lookups; any exception in that fast path re-runs the interpreter, which alone
decides the outcome and the message.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..gotext import format_float

# --------------------------------------------------------------------------------------------
# values


class GoStringMap(dict):
    """A Go `map[string]string` (cluster labels, annotations, generator `values`).

    It differs from a `map[string]any` in one visible way: `index` of a missing key, and a
    missing key under `missingkey=zero`, give `""` rather than a nil that prints `<no value>`.
    """

    __slots__ = ()


class _Missing:
    """Go's invalid `reflect.Value`: a missing key under `missingkey=default`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()
NO_VALUE = "<no value>"


class Outcome(enum.Enum):
    OK = "ok"
    ERROR = "error"
    UNEVALUATED = "unevaluated"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One string rendered for one parameter set (see the module docstring for outcomes)."""

    text: str
    outcome: Outcome = Outcome.OK
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


class ExecError(Exception):
    """Argo CD fails to render: the Go template execution (or parse) error."""


class Unsupported(Exception):
    """A construct this module does not evaluate; the string stays as written."""


def go_type(value: Any) -> str:
    if value is None or value is MISSING:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, GoStringMap):
        return "map[string]string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return type(value).__name__


def _fmt_v(value: Any) -> str:
    """Go's `%v` for a value inside a composite (nil prints as `<nil>`)."""
    if value.__class__ is str:
        return value
    if value is None or value is MISSING:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, list):
        return "[" + " ".join(_fmt_v(item) for item in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_fmt_v(v)}" for k, v in sorted(value.items())) + "]"
    return str(value)


def print_value(value: Any) -> str:
    """What `{{ value }}` prints: nil and missing values print `<no value>`."""
    if value.__class__ is str:
        return value
    if value is None or value is MISSING:
        return NO_VALUE
    return _fmt_v(value)


def truth(value: Any) -> bool:
    """Go's `if` truth: false, 0, nil, missing and empty strings, maps and lists are false."""
    if value is MISSING:
        return False
    return bool(value)


# --------------------------------------------------------------------------------------------
# functions (Go builtins, sprig, Argo CD)


def _want_str(value: Any, name: str) -> str:
    if value.__class__ is str:
        return value
    if value is None or value is MISSING:
        raise ExecError(f"error calling {name}: invalid value; expected string")
    raise ExecError(f"wrong type for value; expected string; got {go_type(value)}")


def _want_int(value: Any, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ExecError(f"wrong type for value; expected int; got {go_type(value)}")


def _nil(value: Any) -> Any:
    return None if value is MISSING else value


def _empty(value: Any) -> bool:
    """sprig `empty`."""
    return not truth(value)


def fn_default(default: Any, *given: Any) -> Any:
    if not given or _empty(given[0]):
        return _nil(default)
    return given[0]


def fn_trunc(length: Any, text: Any) -> str:
    n = _want_int(length, "trunc")
    s = _want_str(text, "trunc")
    if not s.isascii():  # Go slices bytes, not characters
        raw = s.encode()
        cut = raw[len(raw) + n :] if n < 0 and len(raw) + n > 0 else raw[:n] if n >= 0 else raw
        return cut.decode("utf-8", "replace")
    if n < 0:
        return s[len(s) + n :] if len(s) + n > 0 else s
    return s[:n]


def fn_lower(text: Any) -> str:
    return _want_str(text, "lower").lower()


def fn_upper(text: Any) -> str:
    return _want_str(text, "upper").upper()


def fn_to_string(value: Any) -> str:
    return _fmt_v(value)


def _go_quote(text: str) -> str:
    """Go's `strconv.Quote` for the printable text templates hold."""
    out = ['"']
    for ch in text:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        elif not ch.isprintable() and ch != " ":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def fn_quote(*values: Any) -> str:
    return " ".join(_go_quote(_fmt_v(v)) for v in values if v is not None and v is not MISSING)


def fn_squote(*values: Any) -> str:
    return " ".join(f"'{_fmt_v(v)}'" for v in values if v is not None and v is not MISSING)


def fn_to_json(value: Any) -> str:
    """sprig `toJson`: Go's encoding/json (compact, map keys sorted, `<`, `>`, `&` escaped)."""
    if value is MISSING:
        value = None
    text = json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fn_dict(*pairs: Any) -> dict[str, Any]:
    """sprig `dict "k1" v1 "k2" v2`: a map from alternating keys and values."""
    if len(pairs) % 2:
        pairs = (*pairs, "")
    return {_fmt_v(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


def fn_trim(text: Any) -> str:
    return _want_str(text, "trim").strip(" \t\n\r\v\f")


def fn_trim_prefix(prefix: Any, text: Any) -> str:
    p, s = _want_str(prefix, "trimPrefix"), _want_str(text, "trimPrefix")
    return s[len(p) :] if p and s.startswith(p) else s


def fn_trim_suffix(suffix: Any, text: Any) -> str:
    p, s = _want_str(suffix, "trimSuffix"), _want_str(text, "trimSuffix")
    return s[: -len(p)] if p and s.endswith(p) else s


def fn_replace(old: Any, new: Any, text: Any) -> str:
    o, n, s = (_want_str(v, "replace") for v in (old, new, text))
    if not o:  # Go inserts `new` around every rune; Python's str.replace does the same.
        return s.replace("", n)
    return s.replace(o, n)


def fn_contains(sub: Any, text: Any) -> bool:
    return _want_str(sub, "contains") in _want_str(text, "contains")


def fn_has_prefix(prefix: Any, text: Any) -> bool:
    return _want_str(text, "hasPrefix").startswith(_want_str(prefix, "hasPrefix"))


def fn_has_suffix(suffix: Any, text: Any) -> bool:
    return _want_str(text, "hasSuffix").endswith(_want_str(suffix, "hasSuffix"))


def fn_empty(value: Any) -> bool:
    return _empty(value)


def fn_coalesce(*values: Any) -> Any:
    for value in values:
        if not _empty(value):
            return value
    return None


def fn_required(message: Any, value: Any) -> Any:
    if value is None or value is MISSING or value == "":
        raise ExecError(f"error calling required: {_want_str(message, 'required')}")
    return value


_INVALID_DNS = re.compile(r"[^-a-z0-9.]")


def fn_normalize(text: Any) -> str:
    """Argo CD's `SanitizeName`, also the `nameNormalized` parameter."""
    return sanitize_name(_want_str(text, "normalize"))


def sanitize_name(name: str) -> str:
    name = _INVALID_DNS.sub("-", name.lower())[:253]
    return name.strip("-.")


def fn_index(item: Any, *keys: Any) -> Any:
    """Go's `index`: a missing map key gives the element type's zero value, not an error."""
    if item is None or item is MISSING:
        raise ExecError("error calling index: index of untyped nil")
    for key in keys:
        key = _nil(key)
        if item is None:
            raise ExecError("error calling index: index of nil pointer")
        if isinstance(item, dict):
            if key.__class__ is not str:
                raise ExecError(
                    f"error calling index: value has type {go_type(key)}; should be string"
                )
            zero = "" if isinstance(item, GoStringMap) else None
            item = item.get(key, zero)
        elif isinstance(item, list | str):
            if not isinstance(key, int) or isinstance(key, bool):
                raise ExecError(
                    f"error calling index: cannot index slice/array with type {go_type(key)}"
                )
            if key < 0 or key >= len(item):
                raise ExecError(f"error calling index: index out of range: {key}")
            item = item[key] if isinstance(item, list) else item.encode()[key]
        else:
            raise ExecError(f"error calling index: can't index item of type {go_type(item)}")
    return item


def _basic_kind(value: Any) -> str:
    if value is None or value is MISSING:
        return "nil"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    return "complex"


def _equal(a: Any, b: Any) -> bool:
    ka, kb = _basic_kind(a), _basic_kind(b)
    if ka == "complex" or kb == "complex":
        raise ExecError("error calling eq: non-comparable type")
    if ka == "nil" or kb == "nil":
        return ka == kb
    if ka != kb:
        raise ExecError("error calling eq: incompatible types for comparison")
    return bool(a == b)


def fn_eq(first: Any, *others: Any) -> bool:
    if not others:
        raise ExecError("error calling eq: missing argument for comparison")
    return any(_equal(first, other) for other in others)


def fn_ne(first: Any, second: Any) -> bool:
    return not _equal(first, second)


def fn_not(value: Any) -> bool:
    return not truth(value)


def fn_len(value: Any) -> int:
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, list | dict):
        return len(value)
    raise ExecError(f"error calling len: len of type {go_type(value)}")


# name -> (function, minimum arguments, maximum arguments or None for variadic)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int | None]] = {
    "default": (fn_default, 1, None),
    "trunc": (fn_trunc, 2, 2),
    "lower": (fn_lower, 1, 1),
    "upper": (fn_upper, 1, 1),
    "toString": (fn_to_string, 1, 1),
    "quote": (fn_quote, 0, None),
    "squote": (fn_squote, 0, None),
    "toJson": (fn_to_json, 1, 1),
    "dict": (fn_dict, 0, None),
    "trim": (fn_trim, 1, 1),
    "trimPrefix": (fn_trim_prefix, 2, 2),
    "trimSuffix": (fn_trim_suffix, 2, 2),
    "replace": (fn_replace, 3, 3),
    "contains": (fn_contains, 2, 2),
    "hasPrefix": (fn_has_prefix, 2, 2),
    "hasSuffix": (fn_has_suffix, 2, 2),
    "empty": (fn_empty, 1, 1),
    "coalesce": (fn_coalesce, 0, None),
    "required": (fn_required, 2, 2),
    "normalize": (fn_normalize, 1, 1),
    "index": (fn_index, 1, None),
    "eq": (fn_eq, 1, None),
    "ne": (fn_ne, 2, 2),
    "not": (fn_not, 1, 1),
    "len": (fn_len, 1, 1),
    "and": (lambda *a: a, 1, None),  # evaluated lazily by the interpreter
    "or": (lambda *a: a, 1, None),
}

# Names Go's parser or Argo CD's function map know but this module does not evaluate.
_KEYWORDS = {"range", "with", "define", "template", "block", "break", "continue"}

# --------------------------------------------------------------------------------------------
# syntax tree


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Field:
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dot:
    pass


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any


@dataclass(frozen=True, slots=True)
class Ident:
    name: str


@dataclass(frozen=True, slots=True)
class Command:
    args: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Pipeline:
    commands: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class Action:
    pipeline: Pipeline


@dataclass(frozen=True, slots=True)
class If:
    pipeline: Pipeline
    then: tuple[Any, ...]
    otherwise: tuple[Any, ...]


# --------------------------------------------------------------------------------------------
# lexer and parser

_SPACE = " \t\r\n"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIELD = re.compile(r"(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_NUMBER = re.compile(r"[+-]?(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)")
_STRING_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a",
                   "b": "\b", "f": "\f", "v": "\v", "'": "'"}  # fmt: skip


def _lex_action(source: str, pos: int) -> tuple[list[tuple[str, Any]], int, bool]:
    """Tokens of one action from `pos` (after `{{` and a left trim marker) to its `}}`.

    Returns the tokens, the position after `}}` and whether a right trim marker was present.
    """
    tokens: list[tuple[str, Any]] = []
    n = len(source)
    while True:
        if pos >= n:
            raise ExecError("template: unclosed action")
        ch = source[pos]
        if ch in _SPACE:
            end = pos
            while end < n and source[end] in _SPACE:
                end += 1
            if source.startswith("-}}", end):
                return tokens, end + 3, True
            pos = end
            continue
        if source.startswith("}}", pos):
            return tokens, pos + 2, False
        if ch == '"':
            value, pos = _lex_string(source, pos)
            tokens.append(("str", value))
        elif ch == "`":
            end = source.find("`", pos + 1)
            if end < 0:
                raise ExecError("template: unterminated raw quoted string")
            tokens.append(("str", source[pos + 1 : end]))
            pos = end + 1
        elif ch in "(|)":
            tokens.append((ch, ch))
            pos += 1
        elif ch == "." and (m := _FIELD.match(source, pos)):
            tokens.append(("field", tuple(m.group(0)[1:].split("."))))
            pos = m.end()
        elif ch == "." and not (pos + 1 < n and source[pos + 1].isdigit()):
            tokens.append(("dot", "."))
            pos += 1
        elif ch.isdigit() or (ch in "+-." and _NUMBER.match(source, pos)):
            m = _NUMBER.match(source, pos)
            if not m:
                raise Unsupported(f"number syntax at {source[pos : pos + 10]!r}")
            tokens.append(("num", _number(m.group(0))))
            pos = m.end()
        elif m := _IDENT.match(source, pos):
            word = m.group(0)
            pos = m.end()
            if pos < n and source[pos] == ".":
                raise Unsupported(f"field access on {word!r}")
            tokens.append(("ident", word))
        elif ch == "$":
            raise Unsupported("template variables ($)")
        else:
            raise Unsupported(f"syntax {source[pos : pos + 10]!r}")


def _lex_string(source: str, pos: int) -> tuple[str, int]:
    out: list[str] = []
    i = pos + 1
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == '"':
            return "".join(out), i + 1
        if ch == "\n":
            break
        if ch == "\\":
            nxt = source[i + 1 : i + 2]
            if nxt not in _STRING_ESCAPES:
                raise Unsupported(f"string escape \\{nxt}")
            out.append(_STRING_ESCAPES[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    raise ExecError("template: unterminated quoted string")


def _number(text: str) -> int | float:
    clean = text.replace("_", "")
    try:
        return int(clean, 0)
    except ValueError:
        return float(clean)


class _Parser:
    """Turns the source into a node list; `ExecError` for malformed templates."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[str, Any]] = []  # ("text", str) | ("action", tokens)
        self._else_tokens: list[tuple[str, Any]] = []
        self._split()
        self.index = 0

    def _split(self) -> None:
        source = self.source
        pos = 0
        trim_next = False
        while True:
            start = source.find("{{", pos)
            text = source[pos:] if start < 0 else source[pos:start]
            if trim_next:
                text = text.lstrip(_SPACE)
            if start < 0:
                if text:
                    self.items.append(("text", text))
                return
            inner = start + 2
            if source.startswith("-", inner) and source[inner + 1 : inner + 2] in tuple(_SPACE):
                text = text.rstrip(_SPACE)
                inner += 2
            if text:
                self.items.append(("text", text))
            comment = _comment(source, inner)
            if comment is not None:
                pos, trim_next = comment
                continue
            tokens, pos, trim_next = _lex_action(source, inner)
            self.items.append(("action", tokens))

    def parse(self) -> tuple[Any, ...]:
        nodes, stop = self._list()
        if stop is not None:
            raise ExecError(f"template: unexpected {{{{{stop}}}}}")
        return nodes

    def _list(self) -> tuple[tuple[Any, ...], str | None]:
        """Nodes up to `end`/`else`, which is returned (None at the end of the source)."""
        nodes: list[Any] = []
        while self.index < len(self.items):
            kind, payload = self.items[self.index]
            self.index += 1
            if kind == "text":
                nodes.append(Text(payload))
                continue
            tokens = payload
            if not tokens:
                raise ExecError("template: missing value for command")
            head = tokens[0]
            if head == ("ident", "end"):
                if len(tokens) > 1:
                    raise ExecError("template: unexpected token in end")
                return tuple(nodes), "end"
            if head == ("ident", "else"):
                self._else_tokens = tokens[1:]
                return tuple(nodes), "else"
            if head == ("ident", "if"):
                nodes.append(self._if(tokens[1:]))
                continue
            if head[0] == "ident" and head[1] in _KEYWORDS:
                raise Unsupported(f"{{{{{head[1]}}}}} actions")
            nodes.append(Action(_pipeline(tokens)))
        return tuple(nodes), None

    def _if(self, tokens: list[tuple[str, Any]]) -> If:
        pipeline = _pipeline(tokens)
        then, stop = self._list()
        if stop is None:
            raise ExecError("template: unexpected EOF (if without end)")
        if stop == "end":
            return If(pipeline, then, ())
        rest = self._else_tokens
        if rest and rest[0] == ("ident", "if"):
            # `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing the outer `end`.
            return If(pipeline, then, (self._if(rest[1:]),))
        if rest:
            raise Unsupported("else with a pipeline other than if")
        otherwise, stop = self._list()
        if stop != "end":
            raise ExecError("template: expected end after else")
        return If(pipeline, then, otherwise)


def _comment(source: str, inner: int) -> tuple[int, bool] | None:
    if not source.startswith("/*", inner):
        return None
    end = source.find("*/", inner + 2)
    if end < 0:
        raise ExecError("template: unclosed comment")
    after = end + 2
    if source.startswith("}}", after):
        return after + 2, False
    if source.startswith(" -}}", after):
        return after + 4, True
    raise ExecError("template: comment ends before closing delimiter")


def _pipeline(tokens: list[tuple[str, Any]]) -> Pipeline:
    pipeline, rest = _pipeline_until(tokens, 0, closing=None)
    if rest != len(tokens):
        raise ExecError("template: unexpected right paren")
    return pipeline


def _pipeline_until(
    tokens: list[tuple[str, Any]], pos: int, closing: str | None
) -> tuple[Pipeline, int]:
    commands: list[Command] = []
    args: list[Any] = []
    while pos < len(tokens):
        kind, value = tokens[pos]
        if kind == ")":
            if closing is None:
                raise ExecError("template: unexpected right paren")
            break
        pos += 1
        if kind == "|":
            if not args:
                raise ExecError("template: missing command before |")
            commands.append(Command(tuple(args)))
            args = []
        elif kind == "(":
            inner, pos = _pipeline_until(tokens, pos, closing=")")
            if pos >= len(tokens) or tokens[pos][0] != ")":
                raise ExecError("template: unclosed left paren")
            pos += 1
            if pos < len(tokens) and tokens[pos][0] == "field":
                raise Unsupported("field access on a parenthesised pipeline")
            args.append(inner)
        elif kind == "field":
            args.append(Field(value))
        elif kind == "dot":
            args.append(Dot())
        elif kind in ("str", "num"):
            args.append(Literal(value))
        elif kind == "ident":
            if value in ("true", "false"):
                args.append(Literal(value == "true"))
            elif value == "nil":
                args.append(Literal(None))
            elif value in FUNCTIONS:
                args.append(Ident(value))
            elif value in _KEYWORDS or value in ("if", "else", "end"):
                raise ExecError(f"template: unexpected {value} in command")
            else:
                raise Unsupported(f"function {value!r}")
        else:  # pragma: no cover - the lexer emits no other kinds
            raise Unsupported(f"token {value!r}")
    if not args:
        raise ExecError("template: missing value for command")
    commands.append(Command(tuple(args)))
    for command in commands[1:]:
        if isinstance(command.args[0], Literal | Dot):
            raise ExecError("template: non executable command in pipeline stage")
    return Pipeline(tuple(commands)), pos


# --------------------------------------------------------------------------------------------
# interpreter (exact outcomes and messages)

_FINAL_NONE = object()  # no value piped into a command


class _Interpreter:
    def __init__(self, missingkey: str) -> None:
        self.missingkey = missingkey

    def render(self, nodes: Sequence[Any], dot: Any) -> str:
        out: list[str] = []
        self._walk(nodes, dot, out)
        return "".join(out)

    def _walk(self, nodes: Sequence[Any], dot: Any, out: list[str]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, Action):
                out.append(print_value(self.pipeline(node.pipeline, dot)))
            else:  # If
                if truth(self.pipeline(node.pipeline, dot)):
                    self._walk(node.then, dot, out)
                else:
                    self._walk(node.otherwise, dot, out)

    def pipeline(self, pipeline: Pipeline, dot: Any) -> Any:
        value: Any = _FINAL_NONE
        for command in pipeline.commands:
            value = self.command(command, dot, value)
        return value

    def command(self, command: Command, dot: Any, final: Any) -> Any:
        head = command.args[0]
        if isinstance(head, Ident):
            return self.call(head.name, command.args[1:], dot, final)
        if len(command.args) > 1 or final is not _FINAL_NONE:
            if isinstance(head, Field):
                raise ExecError(f"{head.names[-1]} is not a method but has arguments")
            raise ExecError("can't give argument to non-function")
        if isinstance(head, Literal) and head.value is None:
            raise ExecError("nil is not a command")
        return self.arg(head, dot)

    def arg(self, node: Any, dot: Any) -> Any:
        if isinstance(node, Field):
            return self.field(dot, node.names)
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Dot):
            return dot
        if isinstance(node, Pipeline):
            return self.pipeline(node, dot)
        # An identifier as an argument is a call without arguments.
        return self.call(node.name, (), dot, _FINAL_NONE)

    def call(self, name: str, arg_nodes: Sequence[Any], dot: Any, final: Any) -> Any:
        function, least, most = FUNCTIONS[name]
        count = len(arg_nodes) + (final is not _FINAL_NONE)
        if count < least or (most is not None and count > most):
            raise ExecError(f"wrong number of args for {name}: want {least} got {count}")
        if name in ("and", "or"):
            return self._and_or(name == "and", arg_nodes, dot, final)
        args = [self.arg(node, dot) for node in arg_nodes]
        if final is not _FINAL_NONE:
            args.append(final)
        return function(*args)

    def _and_or(self, is_and: bool, arg_nodes: Sequence[Any], dot: Any, final: Any) -> Any:
        value: Any = None
        thunks: list[Any] = list(arg_nodes)
        if final is not _FINAL_NONE:
            thunks.append(Literal(final))
        for node in thunks:
            value = self.arg(node, dot)
            if truth(value) != is_and:
                return value
        return value

    def field(self, receiver: Any, names: Sequence[str]) -> Any:
        for name in names:
            if receiver is MISSING:
                if self.missingkey == "error":
                    raise ExecError(f'nil data; no entry for key "{name}"')
                return MISSING
            if receiver is None:
                raise ExecError(f"nil pointer evaluating interface {{}}.{name}")
            if not isinstance(receiver, dict):
                raise ExecError(f"can't evaluate field {name} in type {go_type(receiver)}")
            if name in receiver:
                receiver = receiver[name]
            elif self.missingkey == "error":
                raise ExecError(f'map has no entry for key "{name}"')
            elif self.missingkey == "zero":
                receiver = "" if isinstance(receiver, GoStringMap) else None
            else:
                receiver = MISSING
        return receiver


# --------------------------------------------------------------------------------------------
# fast path: one Python expression per template (missingkey=error only)

_FAST_GLOBALS: dict[str, Any] = {
    "__builtins__": {},
    "str": str,
    "_GoStringMap": GoStringMap,
    "_print": print_value,
    **{f"_f_{name}": function for name, (function, _, _) in FUNCTIONS.items()},
}


def _fast_expr(nodes: Sequence[Any]) -> str | None:
    """A Python expression equal to the template on success, or None if not translated."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(repr(node.text))
        elif isinstance(node, Action):
            value = _fast_pipeline(node.pipeline)
            if value is None:
                return None
            parts.append(f"(_v if (_v := {value}).__class__ is str else _print(_v))")
        else:
            cond = _fast_pipeline(node.pipeline)
            then = _fast_expr(node.then)
            otherwise = _fast_expr(node.otherwise)
            if cond is None or then is None or otherwise is None:
                return None
            parts.append(f"({then} if {cond} else {otherwise})")
    if not parts:
        return "''"
    return " + ".join(parts)


def _fast_pipeline(pipeline: Pipeline) -> str | None:
    value: str | None = None
    for command in pipeline.commands:
        value = _fast_command(command, value)
        if value is None:
            return None
    return value


def _fast_command(command: Command, final: str | None) -> str | None:
    head = command.args[0]
    if not isinstance(head, Ident):
        if len(command.args) > 1 or final is not None:
            return None
        return _fast_arg(head)
    _, least, most = FUNCTIONS[head.name]
    count = len(command.args) - 1 + (final is not None)
    if count < least or (most is not None and count > most) or head.name in ("and", "or"):
        return None
    args = [_fast_arg(node) for node in command.args[1:]]
    if final is not None:
        args.append(final)
    if any(arg is None for arg in args):
        return None
    if head.name == "default" and len(args) == 2:
        # sprig `empty` is Python falsiness for every value a fast path can see.
        return f"(_d if (_d := {args[1]}) else {args[0]})"
    length = command.args[1] if len(command.args) > 1 else None
    if (
        head.name == "trunc"
        and isinstance(length, Literal)
        and length.value.__class__ is int
        and length.value >= 0
    ):
        # ASCII text: bytes and characters agree, so slicing the str is Go's slicing.
        cut = f"_t[:{length.value}]"
        value = args[1]
        return f"({cut} if (_t := {value}).__class__ is str and _t.isascii() else _f_trunc({args[0]}, _t))"
    key = command.args[2] if len(command.args) == 3 and final is None else None
    if head.name == "index" and isinstance(key, Literal) and key.value.__class__ is str:
        return f"(_m.get({args[1]}, '') if (_m := {args[0]}).__class__ is _GoStringMap else _f_index(_m, {args[1]}))"
    return f"_f_{head.name}({', '.join(args)})"  # type: ignore[arg-type]


def _fast_arg(node: Any) -> str | None:
    if isinstance(node, Field):
        return "dot" + "".join(f"[{name!r}]" for name in node.names)
    if isinstance(node, Dot):
        return "dot"
    if isinstance(node, Literal):
        return None if node.value is None else repr(node.value)
    if isinstance(node, Pipeline):
        inner = _fast_pipeline(node)
        return None if inner is None else f"({inner})"
    return None


# --------------------------------------------------------------------------------------------
# compiled templates


@dataclass(frozen=True, slots=True)
class Template:
    """One template string, parsed once; `render` it for each parameter set."""

    source: str
    missingkey: str
    nodes: tuple[Any, ...] | None  # None: not evaluable, see `problem`
    problem: Rendered | None
    fast: Callable[[Any], str] | None
    expression: str | None = None  # the fast path's Python expression of `dot`

    @property
    def is_constant(self) -> bool:
        return self.problem is None and all(isinstance(n, Text) for n in self.nodes or ())

    def render(self, dot: Any) -> Rendered:
        if self.problem is not None:
            return self.problem
        if self.fast is not None:
            try:
                return Rendered(self.fast(dot))
            except Exception:  # the interpreter decides what went wrong
                pass
        try:
            return Rendered(_Interpreter(self.missingkey).render(self.nodes or (), dot))
        except ExecError as err:
            return Rendered(self.source, Outcome.ERROR, str(err))
        except Unsupported as err:
            return Rendered(self.source, Outcome.UNEVALUATED, f"not evaluated: {err}")
        except RecursionError:
            return Rendered(self.source, Outcome.UNEVALUATED, "not evaluated: nested too deeply")

    def render_text(self, dot: Any) -> str:
        """The rendered text; raises `TemplateProblem` for any outcome but OK."""
        if self.fast is not None:
            try:
                return self.fast(dot)
            except Exception:
                pass
        rendered = self.render(dot)
        if rendered.outcome is not Outcome.OK:
            raise TemplateProblem(rendered)
        return rendered.text


class TemplateProblem(Exception):
    def __init__(self, rendered: Rendered) -> None:
        super().__init__(rendered.message)
        self.rendered = rendered


MISSINGKEY_MODES = {"default": "default", "invalid": "default", "zero": "zero", "error": "error"}


def missingkey_from_options(options: Sequence[str] | None) -> str:
    """The `missingkey` mode of `goTemplateOptions` (Go's default when not given).

    Raises `Unsupported` for an option Go does not know (Go panics, Argo CD fails).
    """
    mode = "default"
    for option in options or ():
        key, _, value = str(option).partition("=")
        if key != "missingkey" or value not in MISSINGKEY_MODES:
            raise Unsupported(f"goTemplateOptions entry {option!r}")
        mode = MISSINGKEY_MODES[value]
    return mode


_CACHE: dict[tuple[str, str], Template] = {}
_CACHE_LIMIT = 200_000


def compile_template(source: str, missingkey: str = "error") -> Template:
    """Parse `source` once (cached); the result renders any number of parameter sets."""
    key = (source, missingkey)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    template = _compile(source, missingkey)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = template
    return template


def _compile(source: str, missingkey: str) -> Template:
    if "{{" not in source:
        text = source
        return Template(source, missingkey, (Text(text),), None, lambda _dot: text, repr(text))
    try:
        nodes = _Parser(source).parse()
    except ExecError as err:
        return Template(source, missingkey, None, Rendered(source, Outcome.ERROR, str(err)), None)
    except Unsupported as err:
        problem = Rendered(source, Outcome.UNEVALUATED, f"not evaluated: {err}")
        return Template(source, missingkey, None, problem, None)
    fast = None
    expression = _fast_expr(nodes) if missingkey == "error" else None
    if expression is not None:
        try:
            fast = eval(f"lambda dot: {expression}", dict(_FAST_GLOBALS))
        except (SyntaxError, RecursionError, MemoryError):
            # Too deep for Python's parser (200 parentheses): the interpreter alone decides.
            fast, expression = None, None
    return Template(source, missingkey, nodes, None, fast, expression)


def compile_fast_tuple(templates: Sequence[Template]) -> Callable[[Any], tuple[str, ...]] | None:
    """One function rendering all `templates` for one dot, or None if one has no fast path.

    It raises on any problem (call each template's `render` then); on success its results are
    exactly what `render` gives, in order.
    """
    if any(t.expression is None for t in templates):
        return None
    body = ", ".join(t.expression for t in templates)  # type: ignore[misc]
    try:
        return eval(f"lambda dot: ({body},)", dict(_FAST_GLOBALS))
    except (SyntaxError, RecursionError, MemoryError):
        return None


def render(source: str, params: Any, missingkey: str = "error") -> Rendered:
    """One-off rendering; compile with `compile_template` to render many parameter sets."""
    return compile_template(source, missingkey).render(params)
