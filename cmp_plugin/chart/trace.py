"""Where an effective value comes from: every input that set or overrode one key, in order.

The chart combines its inputs in three stages (see `render.effective_values`): the selected
catalogs are merged with sprig `merge` (the earliest catalog keeps a value it already has),
the user's files are merged like Helm's `-f` and coalesced over the chart's `values.yaml`, and
that is laid over the catalogs with `mergeOverwrite`. Rather than restate those rules, a trace
replays them with the engine's own functions, one input more at each step, in the order of
precedence: catalogs, the chart's defaults, then each value file. A step that changes the
value at the key is what set, overrode or removed it; a step whose file sets the key without
changing it (the same value again, or a later catalog that `merge` ignores) is kept too,
marked as having no effect, because that is exactly what a person reading the files asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..data import chart_defaults, chart_defaults_text
from ..errors import UsageError
from ..merge import coalesce, deep_copy, merge_overwrite, sprig_merge
from ..record import Record
from ..sources import MISSING, ValueSource, value_at
from .catalog import Catalog
from .render import combine, effective_values

SET, OVERRODE, REMOVED, NO_EFFECT = "set", "overrode", "removed", "no effect"
DEFAULTS_DISPLAY = "<chart values.yaml>"


class Step(Record):
    """One input that sets the key (or changes it through a parent key)."""

    source: str  # the file (or input) as messages name it
    line: int | None
    kind: str  # "catalog", "chart defaults", "values"
    value: Any  # what this input says at the key (MISSING if only a parent changed it)
    effect: str  # SET, OVERRODE, REMOVED or NO_EFFECT
    result: Any  # the value at the key after this step


class Trace(Record):
    """The effective value of `key` for one render, and the steps that made it."""

    key: str
    keypath: tuple[Any, ...]
    value: Any
    steps: list[Step]
    context: str = ""  # e.g. "group addons, cluster hub, release default"
    suggestion: str | None = None  # a key that is set, when this one is not and is close

    @property
    def is_set(self) -> bool:
        return self.value is not MISSING


def parse_key(text: str) -> tuple[Any, ...]:
    """`a.b.c` as a key path; `\\.` is a dot inside a key, a number indexes a list."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ".":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if not text or any(part == "" for part in parts):
        raise UsageError(f"KEY {text!r}: expected dotted keys such as external-dns.enabled")
    return tuple(parts)


class _Stage(Record):
    """The merged values after one more input, and that input (for its own value and lines)."""

    source: ValueSource
    kind: str
    merged: dict[str, Any]


def trace_key(
    sources: Sequence[ValueSource],
    catalog: Catalog,
    key: str,
    context: str = "",
) -> list[Trace]:
    """Replay the merge of `sources` (in `-f` order) over the chart and `catalog` for `key`.

    One trace for the key, or, when its value is a map, one for each of its leaves (a key
    whose value is not a non-empty map), so that every leaf names the file it comes from.
    """
    keypath = parse_key(key)
    _, merged, used = effective_values(combine(sources), catalog)
    stages = _stages(sources, catalog, used)
    final = value_at(merged, keypath)
    if not stages or stages[-1].merged != merged:  # the replay must end where the engine does
        raise AssertionError(f"the trace of {key!r} does not end where the render does")
    if final is MISSING:
        steps = _steps(stages, keypath)
        return [
            Trace(
                key=key,
                keypath=keypath,
                value=final,
                steps=steps,
                context=context,
                suggestion=_suggest(merged, keypath),
            )
        ]
    return [
        Trace(
            key=_dotted(leaf),
            keypath=leaf,
            value=value_at(merged, leaf),
            steps=_steps(stages, leaf),
            context=context,
        )
        for leaf in _leaves(final, keypath)
    ]


def _stages(
    sources: Sequence[ValueSource],
    catalog: Catalog,
    used: Sequence[str],
) -> list[_Stage]:
    stages = []
    imported: dict[str, Any] = {}
    for name in used:
        entries = catalog.get(name) or {}
        sprig_merge(imported, deep_copy(entries))
        source = catalog.source(name) or ValueSource(
            display=catalog.display_path(name), text="", data=entries, first_line=-1
        )
        stages.append(_Stage(source=source, kind="catalog", merged=deep_copy(imported)))
    defaults = chart_defaults()
    stages.append(
        _Stage(
            source=_defaults_source(),
            kind="chart defaults",
            merged=merge_overwrite(deep_copy(imported), coalesce(defaults, {})),
        )
    )
    for count, source in enumerate(sources, start=1):
        layered = coalesce(defaults, combine(sources[:count]))
        stages.append(
            _Stage(
                source=source, kind="values", merged=merge_overwrite(deep_copy(imported), layered)
            )
        )
    return stages


def _steps(stages: Sequence[_Stage], keypath: tuple[Any, ...]) -> list[Step]:
    steps = []
    before: Any = MISSING
    for stage in stages:
        after = value_at(stage.merged, keypath)
        own = value_at(stage.source.data, keypath)
        if own is not MISSING or after != before:
            line = stage.source.line_of(_deepest_set(stage.source.data, keypath))
            steps.append(
                Step(
                    source=stage.source.display,
                    line=line,
                    kind=stage.kind,
                    value=own,
                    effect=_effect(before, after),
                    result=after,
                )
            )
        before = after
    return steps


def _leaves(value: Any, keypath: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    if not isinstance(value, dict) or not value:
        return [keypath]
    return [leaf for key in sorted(value, key=str) for leaf in _leaves(value[key], (*keypath, key))]


def _dotted(keypath: Sequence[Any]) -> str:
    return ".".join(str(step).replace(".", "\\.") for step in keypath)


def _suggest(merged: dict[str, Any], keypath: tuple[Any, ...]) -> str | None:
    """The closest key that is set beside the deepest part of `keypath` that is."""
    import difflib

    depth = len(_deepest_set(merged, keypath))
    parent = value_at(merged, keypath[:depth])
    if not isinstance(parent, dict):
        return None
    names = [str(name) for name in parent]
    close = difflib.get_close_matches(str(keypath[depth]), names, n=1, cutoff=0.75)
    return _dotted((*keypath[:depth], close[0])) if close else None


def _effect(before: Any, after: Any) -> str:
    if after == before:
        return NO_EFFECT
    if after is MISSING:
        return REMOVED
    return SET if before is MISSING else OVERRODE


def _deepest_set(tree: Any, keypath: Sequence[Any]) -> tuple[Any, ...]:
    """The longest prefix of `keypath` present in `tree` (where a line can be found)."""
    depth = len(keypath)
    while depth and value_at(tree, keypath[:depth]) is MISSING:
        depth -= 1
    return tuple(keypath[:depth])


def _defaults_source() -> ValueSource:
    return ValueSource(display=DEFAULTS_DISPLAY, text=chart_defaults_text(), data=chart_defaults())
