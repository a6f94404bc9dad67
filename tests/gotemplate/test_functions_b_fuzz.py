"""Any arguments of their Go types make FUNCS-B's functions return a Go value, fail as Go does
(`GoError`) or decline (`NotKnowable`): never a Python exception, which the engine would report
as an internal error."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cmp_plugin.gotemplate.functions import (  # they register
    convert,
    dates,
    defaults,
    dicts,
    jsonfn,
    lists,
    numeric,
    reflection,
)
from cmp_plugin.gotemplate.functions.registry import ANY, FUNCTIONS
from cmp_plugin.gotemplate.values import (
    GoError,
    GoSlice,
    GoStringMap,
    Int64,
    NotKnowable,
    Unknown,
    type_name,
)

MODULES = {
    m.__name__ for m in (convert, dates, defaults, dicts, jsonfn, lists, numeric, reflection)
}
NAMES = sorted(name for name, f in FUNCTIONS.items() if f.body.__module__ in MODULES)

text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("0123456789.-+_xeEpP:Z \u2028<>&\udc80\udcff"),
    ),
    max_size=12,
)
go_int = st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1)
times = st.builds(dates.GoTime.utc, st.integers(min_value=-(10**19), max_value=10**19)) | st.builds(
    lambda wall: dates.GoTime(None, wall, None, None, in_local=True), go_int
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    go_int,
    go_int.map(Int64),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
    times,
    st.builds(Unknown, st.just("a secret's data")),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(text, inner, max_size=4),
        st.dictionaries(text, text, max_size=3).map(GoStringMap),
        st.lists(text, max_size=4).map(GoSlice),
        st.lists(go_int, max_size=3).map(lambda items: GoSlice(items, "int")),
        st.lists(inner, max_size=3).map(convert.RandomOrderList),
        st.just(convert.NilList()),
        st.just(convert.NilMap()),
    ),
    max_leaves=12,
)
by_type = {
    "interface {}": values,
    "string": text,
    "int": go_int,
    "float64": st.floats(allow_nan=True, allow_infinity=True),
    "bool": st.booleans(),
    "map[string]interface {}": st.one_of(st.none(), st.dictionaries(text, values, max_size=4)),
    "time.Time": times,
}


@st.composite
def calls(draw: Any) -> tuple[str, list[Any]]:
    name = draw(st.sampled_from(NAMES))
    signature = FUNCTIONS[name].signature
    args = [draw(by_type[param]) for param in signature.params]
    if signature.variadic:
        args += draw(st.lists(by_type[signature.variadic], max_size=4))
    return name, args


def _small(name: str, args: list[Any]) -> bool:
    """Go would build a slice of billions of numbers here; so would this test."""
    if name in ("until", "untilStep", "seq"):
        return all(abs(a) < 10**6 for a in args if isinstance(a, int))
    return True


@settings(max_examples=1500)
@given(calls())
def test_only_go_outcomes_escape(call: tuple[str, list[Any]]) -> None:
    name, args = call
    if not _small(name, args):
        return
    try:
        result = FUNCTIONS[name].body(*args)
    except (GoError, NotKnowable):
        return
    declared = FUNCTIONS[name].signature.result
    with contextlib.suppress(NotKnowable):  # an Unknown passed through (`list`, `default`)
        actual = type_name(result)  # a value of the model...
        assert declared in (ANY, actual)  # ...of the Go type the function returns
