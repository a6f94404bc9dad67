"""The Go-template evaluator: expressions worked out by hand from Go and sprig semantics."""

from __future__ import annotations

import pytest

from cmp_plugin.preview.gotemplate import (
    GoStringMap,
    Outcome,
    TemplateProblem,
    Unsupported,
    compile_fast_tuple,
    compile_template,
    missingkey_from_options,
    render,
)

PARAMS = {
    "name": "Hub-Cluster_NP.example",
    "nameNormalized": "hub-cluster-np.example",
    "server": "https://hub.example:443",
    "project": "",
    "metadata": {
        "labels": GoStringMap(environment="np", tenant="control-plane", empty=""),
        "annotations": GoStringMap(addons_repo_basepath="addons", external_dns_policy="sync"),
    },
    "values": GoStringMap(chart="external-dns", addonChartVersion="1.16.1"),
    "count": 1000000.0,
    "flag": True,
    "nothing": None,
    "list": ["a", 2.0],
    "nested": {"inner": {"leaf": "x"}},
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("plain text", "plain text"),
        ("{{ .name }}", "Hub-Cluster_NP.example"),
        ("{{.nameNormalized}}", "hub-cluster-np.example"),
        ("{{ .metadata.labels.environment }}", "np"),
        ("{{.metadata.annotations.addons_repo_basepath}}", "addons"),
        ("{{ .values.addonChartVersion }}", "1.16.1"),
        (
            "default-{{ .name | trunc 11 }}-x-{{ .values.addonChartVersion }}",
            "default-Hub-Cluster-x-1.16.1",
        ),
        ("{{ trunc 3 .values.chart }}", "ext"),
        ("{{ trunc -3 .values.chart }}", "dns"),
        ("{{ trunc 99 .values.chart }}", "external-dns"),
        ("{{ .name | lower }}", "hub-cluster_np.example"),
        ("{{ upper .metadata.labels.environment }}", "NP"),
        ("{{ .name | lower | trunc 3 }}", "hub"),
        ('{{ default "upsert-only" (index .metadata.annotations "external_dns_policy") }}', "sync"),
        ('{{default "upsert-only" (index .metadata.annotations "missing")}}', "upsert-only"),
        ('{{ index .metadata.annotations "missing" }}', ""),  # map[string]string zero value
        ('{{ index .nested "missing" }}', "<no value>"),  # map[string]any: nil
        ('{{ index .nested "inner" "leaf" }}', "x"),
        ('{{ default "d" .metadata.labels.empty }}', "d"),
        ('{{ .metadata.labels.empty | default "d" }}', "d"),
        ('{{ default "d" .flag }}', "true"),
        ("{{if .metadata.labels.tenant}}{{.metadata.labels.tenant}}{{end}}/x", "control-plane/x"),
        ("{{if .metadata.labels.empty}}yes{{else}}no{{end}}", "no"),
        (
            '{{ if eq .metadata.labels.environment "prod" }}p{{ else if eq .metadata.labels.environment "np" }}n{{ else }}o{{ end }}',
            "n",
        ),
        ("{{ if not .nothing }}nil is false{{ end }}", "nil is false"),
        (
            '{{ if and .flag .metadata.labels.environment }}{{ or .metadata.labels.empty "fallback" }}{{ end }}',
            "fallback",
        ),
        ('{{ if ne .values.chart "x" }}ne{{ end }}', "ne"),
        ("{{ .count }}", "1e+06"),  # float64 from JSON prints with %v
        ("{{ toString .count }}", "1e+06"),
        ("{{ .flag }}", "true"),
        ("{{ .nothing }}", "<no value>"),
        ("{{ toString .nothing }}", "<nil>"),
        ("{{ .list }}", "[a 2]"),
        ("{{ len .list }}", "2"),
        ("{{ .nested }}", "map[inner:map[leaf:x]]"),
        ("{{ quote .metadata.labels.environment }}", '"np"'),
        ('{{ quote "a\\"b" }}', '"a\\"b"'),
        ("{{ squote .values.chart }}", "'external-dns'"),
        ('{{ "literal" }}-{{ 42 }}-{{ true }}', "literal-42-true"),
        ("{{ `raw {{ string }}` }}", "raw {{ string }}"),
        ("a  {{- .metadata.labels.environment -}}  b", "anpb"),
        ("a {{/* a comment */}}b", "a b"),
        ('{{ replace "-" "_" .values.chart }}', "external_dns"),
        ('{{ trimSuffix "-dns" .values.chart }}', "external"),
        ('{{ trimPrefix "external-" .values.chart }}', "dns"),
        ('{{ trim "  x  " }}', "x"),
        ('{{ if hasPrefix "ext" .values.chart }}y{{ end }}', "y"),
        ('{{ if contains "nal" .values.chart }}y{{ end }}', "y"),
        ("{{ normalize .name }}", "hub-cluster-np.example"),
        ('{{ coalesce .metadata.labels.empty "" "third" }}', "third"),
        ("{{ empty .metadata.labels.empty }}", "true"),
        ('{{ (index .metadata.labels "environment") | upper }}', "NP"),
    ],
)
def test_evaluates(source: str, expected: str) -> None:
    rendered = render(source, PARAMS)
    assert rendered.outcome is Outcome.OK, rendered.message
    assert rendered.text == expected
    # The interpreter gives the same text as the compiled fast path.
    template = compile_template(source)
    assert template.render_text(PARAMS) == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ .metadata.labels.missing }}", 'map has no entry for key "missing"'),
        ("{{ .values.missing }}", 'map has no entry for key "missing"'),
        ("{{ .nope.deeper }}", 'map has no entry for key "nope"'),
        # `if` does not protect a missing key: the field is evaluated first.
        ("{{ if .metadata.labels.missing }}x{{ end }}", 'map has no entry for key "missing"'),
        ('{{ default "d" .metadata.labels.missing }}', 'map has no entry for key "missing"'),
        ("{{ .name.field }}", "can't evaluate field field in type string"),
        ("{{ .nothing.field }}", "nil pointer evaluating"),
        ("{{ trunc 3 .count }}", "expected string; got float64"),
        ("{{ lower .nothing }}", "expected string"),
        ('{{ trunc "3" .name }}', "expected int"),
        ("{{ index .list 5 }}", "index out of range"),
        ('{{ eq .count "1" }}', "incompatible types"),
        ("{{ .name | .values }}", "not a method but has arguments"),
        ("{{ trunc 3 }}", "wrong number of args for trunc"),
        ("{{ .name", "unclosed action"),
        ("{{ if .flag }}x", "if without end"),
        ("{{ end }}", "unexpected"),
        ('{{ required "needs a tenant" .metadata.labels.empty }}', "needs a tenant"),
    ],
)
def test_errors_argo_cd_would_report(source: str, message: str) -> None:
    rendered = render(source, PARAMS)
    assert rendered.outcome is Outcome.ERROR
    assert message in rendered.message
    assert rendered.text == source  # nothing rendered: shown as written


def test_missing_metadata_maps_fail_like_argo_cd() -> None:
    # Argo CD leaves metadata.labels out for a secret without labels.
    rendered = render("{{ .metadata.labels.environment }}", {"name": "c", "metadata": {}})
    assert rendered.outcome is Outcome.ERROR
    assert 'no entry for key "labels"' in rendered.message


@pytest.mark.parametrize(
    "source",
    [
        "{{ range .list }}{{ . }}{{ end }}",
        "{{ with .nested }}{{ .inner }}{{ end }}",
        "{{ $x := .name }}{{ $x }}",
        '{{ printf "%s-%s" .name .server }}',
        "{{ .name | sha256sum }}",
        '{{ template "x" }}',
        "{{ 'c' }}",
        '{{ (index .nested "inner").leaf }}',
    ],
)
def test_unsupported_is_marked_not_guessed(source: str) -> None:
    rendered = render(source, PARAMS)
    assert rendered.outcome is Outcome.UNEVALUATED
    assert rendered.text == source
    assert rendered.message.startswith("not evaluated:")
    with pytest.raises(TemplateProblem):
        compile_template(source).render_text(PARAMS)


def test_unsupported_parts_make_the_whole_string_unevaluated() -> None:
    source = 'prefix-{{ .name }}-{{ printf "%d" 1 }}'
    rendered = render(source, PARAMS)
    assert (rendered.outcome, rendered.text) == (Outcome.UNEVALUATED, source)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("default", "<no value>|<no value>|<no value>"),
        ("zero", "|<no value>|<no value>"),
    ],
)
def test_other_missingkey_modes(mode: str, expected: str) -> None:
    source = "{{ .metadata.labels.missing }}|{{ .nested.missing }}|{{ .missing }}"
    rendered = render(source, PARAMS, missingkey=mode)
    assert rendered.outcome is Outcome.OK
    assert rendered.text == expected


def test_missingkey_default_on_a_missing_parent() -> None:
    assert render("{{ .a.b }}", {}, missingkey="default").text == "<no value>"
    assert render("{{ if .a }}y{{ else }}n{{ end }}", {}, missingkey="default").text == "n"


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


def test_fast_tuple_renders_many_strings_at_once() -> None:
    templates = [
        compile_template("{{ .name | trunc 3 }}"),
        compile_template("const"),
        compile_template('{{ default "d" (index .metadata.annotations "x") }}'),
    ]
    fast = compile_fast_tuple(templates)
    assert fast is not None
    assert fast(PARAMS) == ("Hub", "const", "d")
    with pytest.raises(KeyError):
        fast({"metadata": {"annotations": GoStringMap()}})
    assert compile_fast_tuple([compile_template("{{ range .x }}{{ end }}")]) is None


def test_trunc_cuts_bytes_like_go() -> None:
    assert render("{{ trunc 2 .u }}", {"u": "héllo"}).text == "h\ufffd"
    assert render("{{ trunc 3 .u }}", {"u": "héllo"}).text == "hé"


def test_to_json_and_dict_as_the_hub_bootstrap_uses_them() -> None:
    from cmp_plugin.preview.gotemplate import render as render_template

    params = {"name": "hub", "metadata": {"labels": {"tier": "<gold>", "env": "prod"}}}
    rendered = render_template('{{ toJson (dict "name" .name "labels" .metadata.labels) }}', params)
    # Go's encoding/json: compact, keys sorted, <, > and & escaped.
    assert rendered.text == '{"labels":{"env":"prod","tier":"\\u003cgold\\u003e"},"name":"hub"}'
    nested = render_template("{{ toJson .values }}", {"values": {"b": [1, True, None], "a": "x"}})
    assert nested.text == '{"a":"x","b":[1,true,null]}'
