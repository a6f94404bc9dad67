"""The Go-template engine's API and the answers its callers rely on.

Go's semantics themselves are pinned by the conformance corpus (test_gotemplate_conformance.py,
real Go's answers); here: the outcomes and messages the preview reports, what cannot be known
offline, caching and the many-strings renderer, and a property test that the compiled
shortcuts (nested-map lookups, string checks, one expression per template) answer exactly as
the step-by-step translation does, on random templates over random parameters.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmp_plugin.gotemplate import (
    MISSING,
    GoSlice,
    GoStringMap,
    Outcome,
    TemplateProblem,
    Unknown,
    Unsupported,
    _compile,
    compile_fast_tuple,
    compile_template,
    function_names,
    missingkey_from_options,
    render,
)
from cmp_plugin.gotemplate.values import RandomOrder

PARAMS = {
    "name": "Hub-Cluster_NP.example",
    "server": "https://hub.example:443",
    "metadata": {
        "labels": GoStringMap(environment="np", tenant="control-plane", empty=""),
        "annotations": GoStringMap(addons_repo_basepath="addons"),
    },
    "values": GoStringMap(chart="external-dns"),
    "count": 1000000.0,
    "list": ["a", 2.0],
    "nothing": None,
}


# --------------------------------------------------------------------------------------------
# outcomes and messages


def test_every_argument_of_a_call_is_evaluated() -> None:
    # The reference fleet's idiom: Argo CD fails the Application under missingkey=error even
    # though the second argument is set (Go evaluates every argument before the call).
    source = "{{ default .metadata.annotations.nope .name }}"
    rendered = render(source, PARAMS, "error")
    assert rendered.outcome is Outcome.ERROR
    assert rendered.message == 'map has no entry for key "nope"'
    assert rendered.text == source  # nothing rendered: shown as written
    assert render(source, PARAMS, "default").text == "Hub-Cluster_NP.example"


def test_errors_carry_the_message_and_gos_whole_error() -> None:
    rendered = render("x {{ .metadata.labels.nope }}", PARAMS)
    assert rendered.message == 'map has no entry for key "nope"'
    assert rendered.go_error == (
        'template: base:1:5: executing "base" at <.metadata.labels.nope>: '
        'map has no entry for key "nope"'
    )
    call = render("{{ index .list 7 }}", PARAMS)
    assert call.message == "error calling index: index out of range: 7"
    assert call.go_error.startswith('template: base:1:3: executing "base" at <index .list 7>:')
    parse = render("{{ if .name }}x", PARAMS)
    assert (parse.outcome, parse.message) == (Outcome.ERROR, "unexpected EOF")
    assert parse.go_error == "template: base:1: unexpected EOF"


@pytest.mark.parametrize("name", ["required", "include", "tpl", "lookup", "toToml", "env"])
def test_functions_argo_cd_lacks_are_parse_errors(name: str) -> None:
    rendered = render("{{ if false }}{{ " + name + ' "x" . }}{{ end }}', PARAMS)
    assert rendered.outcome is Outcome.ERROR
    assert rendered.message == f'function "{name}" not defined'
    assert name not in function_names()


def test_the_function_map_is_argo_cds() -> None:
    names = set(function_names())
    assert {"and", "or", "index", "printf", "eq", "len", "slice", "call", "urlquery"} <= names
    assert {"default", "toJson", "dict", "trunc", "semverCompare", "regexReplaceAll"} <= names
    assert {"normalize", "slugify", "toYaml", "fromYaml", "fromYamlArray"} <= names
    assert not names & {"env", "expandenv", "getHostByName", "required", "include", "tpl"}


def test_missing_metadata_maps_fail_like_argo_cd() -> None:
    # Argo CD leaves metadata.labels out for a secret without labels.
    rendered = render("{{ .metadata.labels.environment }}", {"name": "c", "metadata": {}})
    assert rendered.outcome is Outcome.ERROR
    assert rendered.message == 'map has no entry for key "labels"'


def test_a_float_parameter_is_not_an_int_argument() -> None:
    rendered = render("{{ trunc .count .name }}", PARAMS)
    assert rendered.message == "wrong type for value; expected int; got float64"
    assert render("{{ trunc 3.0 .name }}", PARAMS).text == "Hub"  # an integral constant is


def test_output_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    assert render("{{ trunc 2 .u }}", {"u": "héllo"}).text == "h\ufffd"
    assert render('{{ "\\xff" }}', {}).text == "\ufffd"


# --------------------------------------------------------------------------------------------
# what cannot be known offline


SECRET = Unknown("the cluster secret's data is not read by the preview")


@pytest.mark.parametrize(
    ("source", "expression"),
    [
        ("{{ .secret.token }}", ".secret.token"),
        ('{{ default "d" .secret }}', ".secret"),
        ("{{ if .secret }}y{{ end }}", "{{if .secret}}y{{end}}"),
        ("{{ .secret }}", "{{.secret}}"),
        ("{{ range .secret }}{{ end }}", "{{range .secret}}{{end}}"),
        ("{{ eq .secret 1 }}", "eq .secret 1"),
    ],
)
def test_an_unknown_parameter_makes_its_expression_unevaluated(
    source: str, expression: str
) -> None:
    rendered = render(source, {"name": "c", "secret": SECRET})
    assert rendered.outcome is Outcome.UNEVALUATED
    assert rendered.text == source
    assert rendered.message == f"not evaluated: {expression}: {SECRET.reason}"
    with pytest.raises(TemplateProblem) as problem:
        compile_template(source).render_text({"name": "c", "secret": SECRET})
    assert problem.value.rendered == rendered


def test_an_unknown_parameter_go_never_reaches_does_not_matter() -> None:
    params = {"name": "c", "secret": SECRET}
    assert render("{{ or .name .secret }}", params).text == "c"
    assert render('{{ eq "a" "a" .secret }}', params).text == "true"
    assert render("{{ if false }}{{ .secret }}{{ end }}ok", params).text == "ok"
    assert render("{{ $s := .secret }}{{ .name }}", params).text == "c"


def test_a_function_without_a_fixed_result_is_unevaluated() -> None:
    rendered = render('{{ now | date "2006" }}', PARAMS)
    assert rendered.outcome is Outcome.UNEVALUATED
    assert rendered.message.startswith("not evaluated: now")
    # ... unless Go's answer is certain whatever the draw.
    assert render("[{{ randAlpha 0 }}]", PARAMS).text == "[]"
    assert render("{{ randInt 5 5 }}", PARAMS).outcome is Outcome.ERROR


class MapOrder(RandomOrder, list):
    """A list filled from a Go map (sprig's `keys`): its order is Go's random map order."""


@pytest.mark.parametrize(
    ("source", "answer"),
    [
        ("{{ .keys }}", None),
        ('{{ printf "%v" .keys }}', None),
        ("{{ range .keys }}{{ . }}{{ end }}", None),
        ("{{ index .keys 0 }}", None),
        ("{{ len .keys }}", "2"),
        ("{{ if .keys }}y{{ end }}", "y"),
        ("{{ .one }}", "[a]"),
    ],
)
def test_the_order_of_a_maps_keys_is_not_knowable(source: str, answer: str | None) -> None:
    rendered = render(source, {"keys": MapOrder(["b", "a"]), "one": MapOrder(["a"])})
    if answer is None:
        assert rendered.outcome is Outcome.UNEVALUATED
        assert "Go's map order is random" in rendered.message
    else:
        assert (rendered.outcome, rendered.text) == (Outcome.OK, answer)


def test_sprigs_keys_come_in_gos_random_map_order() -> None:
    two = '(dict "a" 1 "b" 2)'
    assert render("{{ keys " + two + " }}", {}).outcome is Outcome.UNEVALUATED
    assert render("{{ keys " + two + ' | sortAlpha | join "," }}', {}).text == "a,b"
    assert render('{{ keys (dict "a" 1) }}', {}).text == "[a]"


# --------------------------------------------------------------------------------------------
# API


def test_missingkey_options() -> None:
    assert missingkey_from_options(["missingkey=error"]) == "error"
    assert missingkey_from_options(None) == "default"
    assert missingkey_from_options(["missingkey=invalid"]) == "default"
    assert missingkey_from_options(["missingkey=zero"]) == "zero"
    with pytest.raises(Unsupported):
        missingkey_from_options(["missingkey=sometimes"])


def test_templates_are_compiled_once() -> None:
    source = "{{ .name }}-cached"
    assert compile_template(source) is compile_template(source)
    assert compile_template(source) is not compile_template(source, "zero")
    assert compile_template("no action").is_constant
    assert not compile_template("{{/* a comment */}}").is_constant


def test_fast_tuple_renders_many_strings_at_once() -> None:
    templates = [
        compile_template("{{ .name | trunc 3 }}"),
        compile_template("const"),
        compile_template('{{ default "d" (index .metadata.annotations "x") }}'),
        compile_template('{{ range $i, $v := .list }}{{ $i }}{{ printf "%v" $v }}{{ end }}'),
    ]
    fast = compile_fast_tuple(templates)
    assert fast is not None
    assert fast(PARAMS) == ("Hub", "const", "d", "0a12")
    assert fast(PARAMS) == tuple(t.render(PARAMS).text for t in templates)
    with pytest.raises(Exception):  # noqa: B017 - any failure: callers render one by one
        fast({"metadata": {"annotations": GoStringMap()}})
    assert compile_fast_tuple([compile_template("{{ if }}")]) is None
    assert compile_fast_tuple([])(PARAMS) == ()


def test_value_model_types_are_exported() -> None:
    assert render(
        "{{ typeOf .l }} {{ typeOf .m }}", {"l": GoSlice(["a"]), "m": GoStringMap()}
    ).text == ("[]string map[string]string")
    assert render("{{ .x }}", {"x": MISSING}, "default").text == "<no value>"


# --------------------------------------------------------------------------------------------
# property: the shortcuts answer as the step-by-step translation does

NAMES = ["name", "server", "metadata", "labels", "env", "list", "nothing", "n", "m", "nope"]

scalars = st.one_of(
    st.sampled_from(["", "a", "np", "Hub_1", "é", "0", "true"]),
    st.sampled_from([0.0, 1.0, 2.5, -3.0, 1e6]),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(NAMES), inner, max_size=3),
        st.dictionaries(st.sampled_from(NAMES), st.sampled_from(["", "x", "np"]), max_size=3).map(
            GoStringMap
        ),
        st.lists(st.sampled_from(["a", "b"]), max_size=3).map(lambda items: GoSlice(items)),
    ),
    max_leaves=8,
)
params = st.tuples(
    st.dictionaries(st.sampled_from(NAMES), values, max_size=6),
    st.dictionaries(st.sampled_from(NAMES), values, max_size=3),
).map(lambda pair: {**pair[0], "m": pair[1]})

fields = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map(
    lambda names: "".join("." + n for n in names)
)
literals = st.sampled_from(['"x"', '""', "1", "2.5", "true", "nil", "0", "'a'", "1e3"])
# function -> (fewest, most) arguments
FUNCTIONS = {"default": (2, 2), "upper": (1, 1), "trunc 2": (1, 1), "index": (1, 3), "eq": (2, 3),
             "ne": (2, 2), "lt": (2, 2), "and": (1, 3), "or": (1, 3), "not": (1, 1), "len": (1, 1),
             'printf "%v-%d"': (0, 2), "quote": (1, 2), "toString": (1, 1), "list": (0, 3),
             "empty": (1, 1), "coalesce": (1, 3), "hasKey": (2, 2), "toJson": (1, 1),
             "print": (0, 3), "slice": (1, 2)}  # fmt: skip


@st.composite
def operands(draw: Any, depth: int = 0) -> str:
    choice = draw(st.integers(0, 5 if depth < 2 else 3))
    if choice == 0:
        return draw(literals)
    if choice == 1:
        return "."
    if choice == 2:
        return draw(st.sampled_from(["$", "$v"])) + draw(st.sampled_from(["", ".name", ".n"]))
    if choice == 3:
        return draw(fields)
    return "(" + draw(pipelines(depth + 1)) + ")"


@st.composite
def calls(draw: Any, depth: int, piped: bool) -> str:
    function = draw(st.sampled_from(sorted(FUNCTIONS)))
    fewest, most = FUNCTIONS[function]
    count = draw(st.integers(max(fewest - piped, 0), max(most - piped, 0)))
    return " ".join([function, *(draw(operands(depth)) for _ in range(count))])


@st.composite
def pipelines(draw: Any, depth: int = 0) -> str:
    first = draw(st.one_of(operands(depth), calls(depth, piped=False)))
    rest = draw(st.lists(calls(depth + 1, piped=True), max_size=2))
    return " | ".join([first, *rest])


@st.composite
def templates(draw: Any, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.integers(0, 4 if depth < 2 else 1))
        if kind == 0:
            parts.append(draw(st.sampled_from(["x", " ", "-", "é\n"])))
        elif kind == 1:
            parts.append("{{ " + draw(pipelines()) + " }}")
        elif kind in (2, 3):
            keyword = draw(st.sampled_from(["if", "with", "range"]))
            body = draw(templates(depth + 1))
            otherwise = draw(st.one_of(st.none(), templates(depth + 1)))
            head = "{{ " + keyword + " " + draw(pipelines()) + " }}"
            tail = ("{{ else }}" + otherwise if otherwise is not None else "") + "{{ end }}"
            parts.append(head + body + tail)
        else:
            parts.append("{{ $v = " + draw(pipelines()) + " }}")
    return "".join(parts)


def _answer(template: Any, dot: Any) -> tuple[Any, ...]:
    rendered = template.render(dot)
    return rendered.outcome, rendered.text, rendered.message


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=templates(), dot=params, mode=st.sampled_from(["default", "zero", "error"]))
def test_shortcuts_answer_as_the_step_by_step_translation(source: str, dot: Any, mode: str) -> None:
    source = "{{ $v := .m }}" + source
    fast, slow = _compile(source, mode), _compile(source, mode, fast=False)
    answer = _answer(fast, dot)
    assert answer == _answer(slow, dot)
    assert answer[0] is not Outcome.UNEVALUATED or "internal error" not in answer[2]
    all_at_once = compile_fast_tuple([fast])
    if all_at_once is not None and answer[0] is Outcome.OK:
        assert all_at_once(dot) == (answer[1],)
