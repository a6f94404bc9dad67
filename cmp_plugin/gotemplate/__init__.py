"""Go `text/template`, as Argo CD's ApplicationSet controller runs it on every template string.

Argo CD renders each string of an ApplicationSet's template with Go's `text/template`, its
function map (sprig's `GenericFuncMap` minus `env`, `expandenv`, `getHostByName`, plus
`normalize`, `slugify`, `toYaml`, `fromYaml`, `fromYamlArray`), the generator's parameters as
dot and the ApplicationSet's `goTemplateOptions` (`missingkey=...`). This package is that
engine: `lexing` and `parsing` read a template as Go does, `compiling` turns it into Python
that executes with `execution`'s rules, `builtins` and `functions` are the function map,
`printing` is Go's `fmt`, `values` says which Python value stands for which Go value.

Every string gets one of three outcomes (`Rendered.outcome`):
- `OK`: the text Argo CD produces;
- `ERROR`: Argo CD fails this Application (a parse error, a missing key under
  `missingkey=error`, a wrong argument type, a function's error), with Go's message;
- `UNEVALUATED`: the answer depends on what cannot be known offline: a parameter the preview
  was not given (`values.Unknown`), a function whose result is not fixed (`now`,
  `randAlpha`...); the message names the expression.

A template is compiled once (`compile_template`, cached) and rendered for many parameter sets.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import functions
from .builtins import BUILTINS
from .functions.registry import FUNCTIONS, GoFunction
from .values import (
    MISSING,
    GoError,
    GoSlice,
    GoStringMap,
    Int64,
    NilContainer,
    NotKnowable,
    RandomOrder,
    Unknown,
    json_like,
)

__all__ = [
    "MISSING",
    "GoSlice",
    "GoStringMap",
    "Int64",
    "Outcome",
    "Rendered",
    "Template",
    "TemplateProblem",
    "Unknown",
    "Unsupported",
    "compile_fast_tuple",
    "compile_template",
    "function_names",
    "json_like",
    "missingkey_from_options",
    "render",
    "sanitize_name",
]


class Outcome(enum.Enum):
    OK = "ok"
    ERROR = "error"
    UNEVALUATED = "unevaluated"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One string rendered for one parameter set (see the module docstring for outcomes)."""

    text: str
    outcome: Outcome = Outcome.OK
    message: str = ""  # what went wrong (Go's error without its location prefix), or why not
    go_error: str = ""  # ERROR: Go's whole error text, as Argo CD reports it

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


class Unsupported(Exception):
    """An option Argo CD would not accept (`goTemplateOptions` entry Go does not know)."""


class TemplateProblem(Exception):
    def __init__(self, rendered: Rendered) -> None:
        super().__init__(rendered.message)
        self.rendered = rendered


# --------------------------------------------------------------------------------------------
# the function map


@cache
def _function_map() -> dict[str, GoFunction]:
    """Argo CD's function map then Go's builtins (Go looks the template's map up first)."""
    for module in pkgutil.iter_modules(functions.__path__):
        importlib.import_module(f"{functions.__name__}.{module.name}")
    _adopt_markers()
    return {**BUILTINS, **FUNCTIONS}


def _adopt_markers() -> None:
    """The function map's own classes for a Go nil list or map and for a map's random key
    order, registered under the value model's markers that the executor and printing check."""
    convert = importlib.import_module(f"{functions.__name__}.convert")
    markers = {"RandomOrder": RandomOrder, "NilList": NilContainer, "NilMap": NilContainer}
    for name, marker in markers.items():
        cls = getattr(convert, name, None)
        if isinstance(cls, type) and not issubclass(cls, marker):
            marker.register(cls)


def function_names() -> list[str]:
    """Every function a template may call, sorted."""
    return sorted(_function_map())


def _lookup(name: str) -> GoFunction:
    return _function_map()[name]


def _has_function(name: str) -> bool:
    return name in _function_map()


def sanitize_name(name: str) -> str:
    """Argo CD's `SanitizeName` (`normalize`, and the `nameNormalized` parameter)."""
    from .functions.argocd import sanitize_name as argocd_sanitize_name

    return argocd_sanitize_name(name)


# --------------------------------------------------------------------------------------------
# templates


def _valid_text(text: str) -> str:
    """The rendered text as Argo CD stores it: each byte that is not UTF-8 becomes U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in text)
    return text


@dataclass(frozen=True, slots=True)
class Template:
    """One template string, compiled once; `render` it for each parameter set."""

    source: str
    missingkey: str
    run: Callable[[Any], str] | None  # None: `problem` is the answer for any parameters
    problem: Rendered | None = None
    is_constant: bool = False  # no action at all: the text is the source

    def render(self, dot: Any) -> Rendered:
        if self.run is None:
            assert self.problem is not None
            return self.problem
        try:
            return Rendered(_valid_text(self.run(dot)))
        except GoError as err:
            return Rendered(self.source, Outcome.ERROR, err.core, str(err))
        except NotKnowable as err:
            return Rendered(self.source, Outcome.UNEVALUATED, f"not evaluated: {err}")
        except RecursionError:
            message = "not evaluated: templates nested too deeply for the preview"
            return Rendered(self.source, Outcome.UNEVALUATED, message)
        except Exception as err:  # a bug of ours: say so rather than guess
            message = f"not evaluated: internal error ({type(err).__name__}: {err})"
            return Rendered(self.source, Outcome.UNEVALUATED, message)

    def render_text(self, dot: Any) -> str:
        """The rendered text; raises `TemplateProblem` for any outcome but OK."""
        if self.run is not None:
            try:
                return _valid_text(self.run(dot))
            except Exception:  # `render` says what went wrong
                pass
        raise TemplateProblem(self.render(dot))


MISSINGKEY_MODES = {"default": "default", "invalid": "default", "zero": "zero", "error": "error"}


def missingkey_from_options(options: Sequence[str] | None) -> str:
    """The `missingkey` mode of `goTemplateOptions` (Go's `default` when not given).

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
    """Parse and compile `source` once (cached); the result renders any number of dots."""
    key = (source, missingkey)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    template = _compile(source, MISSINGKEY_MODES.get(missingkey, missingkey))
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = template
    return template


def _compile(source: str, missingkey: str, fast: bool = True) -> Template:
    """`fast=False` translates without shortcuts (a property test compares the two)."""
    if "{{" not in source:
        return Template(source, missingkey, lambda _dot: source, is_constant=True)
    from .compiling import Compiler
    from .parsing import ParseError, parse

    try:
        trees = parse(source, _has_function)
        functions_by_tree = Compiler(source, trees, missingkey, _lookup, fast).compile()
    except ParseError as err:
        problem = Rendered(source, Outcome.ERROR, err.core, str(err))
        return Template(source, missingkey, None, problem)
    except (RecursionError, SyntaxError, MemoryError):
        message = "not evaluated: the template is nested too deeply for the preview"
        return Template(source, missingkey, None, Rendered(source, Outcome.UNEVALUATED, message))
    main = functions_by_tree["base"]
    return Template(source, missingkey, main, is_constant=False)


def compile_fast_tuple(templates: Sequence[Template]) -> Callable[[Any], tuple[str, ...]] | None:
    """One function rendering all `templates` for one dot, or None if one cannot render.

    It raises on any problem (call each template's `render` then); on success its results are
    exactly what `render` gives, in order.
    """
    if any(t.run is None for t in templates):
        return None
    env: dict[str, Any] = {"_valid": _valid_text}
    parts = []
    for index, template in enumerate(templates):
        env[f"_r{index}"] = template.run
        parts.append(f"(_t if (_t := _r{index}(dot)).isascii() else _valid(_t))")
    tuple_text = f"({', '.join(parts)},)" if parts else "()"
    code = f"def render_all(dot):\n    return {tuple_text}\n"
    exec(compile(code, "<go templates>", "exec"), env)
    return env["render_all"]


def render(source: str, params: Any, missingkey: str = "error") -> Rendered:
    """One-off rendering; compile with `compile_template` to render many parameter sets."""
    return compile_template(source, missingkey).render(params)
