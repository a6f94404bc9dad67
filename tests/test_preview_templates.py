"""The Application template, rendered as Argo CD's ApplicationSet controller renders it.

Facts of `applicationset/utils/utils.go` (`RenderTemplateParams`: every string and every
mapping key, nothing at all for an empty parameter set), of `generator_spec_processor.go`
(a top-level generator's `template` merged over the ApplicationSet's) and of
`controllers/template` (`templatePatch`, a strategic merge patch), checked on the preview JSON.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from preview_fixtures import apps, appset, pick, preview, secret

from cmp_plugin.preview.applications import EMPTY_PARAMS_NOTE


def one_list(*elements: dict[str, Any], **generator: Any) -> list[dict[str, Any]]:
    return [{"list": {"elements": list(elements), **generator}}]


# --------------------------------------------------------------------------------------------
# a generator's own template


def test_a_generator_template_is_merged_over_the_application_sets() -> None:
    own = {
        "metadata": {"name": "own-{{ .name }}"},
        # Empty fields of the generator's template take the ApplicationSet's.
        "spec": {
            "destination": {"namespace": "{{ .ns }}", "name": ""},
            "source": {"targetRevision": ""},
        },
    }
    generators = [
        {"list": {"elements": [{"name": "x", "ns": "own-ns"}], "template": own}},
        {"list": {"elements": [{"name": "y"}]}},
    ]
    result = preview(appset(generators))
    assert pick(result, "name", "namespace", "chart", "repoURL", "targetRevision") == [
        ("own-x", "own-ns", "demo", "https://charts.example.com", "1.0.0"),
        ("y-app", "demo", "demo", "https://charts.example.com", "1.0.0"),
    ]
    assert [a.destination for a in result.applications] == ["x", "y"]


def test_a_generator_template_list_is_not_merged_item_by_item() -> None:
    document = appset(
        one_list(
            {"name": "x"}, template={"spec": {"source": {"helm": {"valueFiles": ["own.yaml"]}}}}
        )
    )
    document["spec"]["template"]["spec"]["source"]["helm"] = {"valueFiles": ["a.yaml", "b.yaml"]}
    assert pick(preview(document), "valueFiles") == [(["own.yaml"],)]


def test_the_template_of_a_matrix_child_is_ignored_and_the_matrix_one_is_used() -> None:
    child = {
        "list": {
            "elements": [{"name": "x"}],
            "template": {"metadata": {"name": "child-{{ .name }}"}},
        }
    }
    matrix = {"generators": [child, {"list": {"elements": [{"n": "1"}]}}]}
    assert pick(preview(appset([{"matrix": matrix}])), "name") == [("x-app",)]
    matrix["template"] = {"metadata": {"name": "matrix-{{ .name }}"}}
    assert pick(preview(appset([{"matrix": matrix}])), "name") == [("matrix-x",)]


# --------------------------------------------------------------------------------------------
# mapping keys


def test_mapping_keys_are_rendered() -> None:
    document = appset(one_list({"name": "x", "field": "chart"}))
    source = document["spec"]["template"]["spec"]["source"]
    del source["chart"]
    source["{{ .field }}"] = "keyed-{{ .name }}"  # a key rendered to `chart`
    document["spec"]["template"]["metadata"]["labels"]["{{ .name }}-owner"] = "team"
    (app,) = apps(preview(document))
    assert (app["name"], app["chart"]) == ("x-app", "keyed-x") and "problems" not in app


def test_a_key_that_fails_fails_the_application() -> None:
    document = appset(one_list({"name": "x"}))
    document["spec"]["template"]["metadata"]["annotations"] = {"{{ .missing }}": "v"}
    (app,) = preview(document).applications
    assert app.fails
    assert app.problems == [
        'metadata.annotations.{{ .missing }} (the key): map has no entry for key "missing" '
        "(Argo CD fails this Application)"
    ]


def test_a_rendered_label_key_must_be_a_label_key() -> None:
    document = appset(one_list({"name": "x y"}), name="x")
    document["spec"]["template"]["metadata"]["labels"]["{{ .name }}"] = "v"
    (app,) = preview(document).applications
    assert app.fails and "'x y' is not a valid label key" in app.problems[0]


# --------------------------------------------------------------------------------------------
# an empty parameter set


def test_an_empty_parameter_set_leaves_the_template_as_written() -> None:
    document = appset(one_list({}), name="static", namespace="{{ .ns }}")
    result = preview(document)
    (app,) = apps(result)
    assert (app["name"], app["namespace"]) == ("static", "{{ .ns }}")
    assert app["problems"] == [EMPTY_PARAMS_NOTE]
    assert not result.blocked and result.applications[0].destination == "{{ .name }}"
    # One parameter makes Argo CD render, and `.ns` is then missing.
    (rendered,) = preview(
        appset(one_list({"name": "x"}), name="static", namespace="{{ .ns }}")
    ).applications
    assert rendered.fails


def test_an_empty_parameter_set_still_gets_the_patch() -> None:
    patch = "spec:\n  destination:\n    namespace: patched\n"
    document = appset(one_list({}), name="static", templatePatch=patch)
    assert pick(preview(document), "namespace") == [("patched",)]
    # The patch is rendered with the empty parameter set: a key it names is missing.
    failing = appset(one_list({}), name="static", templatePatch="spec: {project: '{{ .x }}'}")
    assert preview(failing).applications[0].fails


# --------------------------------------------------------------------------------------------
# templatePatch


def patched(patch: str, template: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    document = appset([{"clusters": {}}], templatePatch=patch)
    if template is not None:
        document["spec"]["template"] = template
    return apps(preview(document, [secret("a", "https://a")]))[:1]  # "a", not in-cluster


def test_template_patch_is_rendered_and_merged() -> None:
    patch = (
        "spec:\n"
        "  destination:\n"
        "    namespace: '{{ .name }}-patched'\n"
        "  source:\n"
        "    helm:\n"
        "      valueFiles:\n"
        "        - '{{ .name }}.yaml'\n"
    )
    (app,) = patched(patch)
    assert (app["name"], app["namespace"], app["chart"], app["valueFiles"]) == (
        "a-app",
        "a-patched",
        "demo",
        ["a.yaml"],
    )
    assert "problems" not in app


def template_with_values() -> dict[str, Any]:
    from preview_fixtures import TEMPLATE

    template = copy.deepcopy(TEMPLATE)
    template["spec"]["source"]["helm"] = {
        "valueFiles": ["one.yaml", "two.yaml"],
        "valuesObject": {"image": {"tag": "1"}, "replicas": 1},
    }
    return template


def test_template_patch_replaces_lists_and_deletes_with_null() -> None:
    patch = (
        "spec:\n  source:\n    targetRevision: null\n    helm:\n      valueFiles: [three.yaml]\n"
    )
    (app,) = patched(patch, template_with_values())
    assert (app["targetRevision"], app["valueFiles"]) == ("", ["three.yaml"])


def test_template_patch_as_json() -> None:
    (app,) = patched('{"spec": {"destination": {"namespace": "{{ .name }}-json"}}}')
    assert app["namespace"] == "a-json"


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ("spec: {project: '{{ .missing }}'}", 'map has no entry for key "missing"'),
        ("spec: [", "invalid YAML"),
        ("{spec: {}}", "invalid templatePatch"),  # starts with `{`: read as JSON
        ("- spec", "cannot unmarshal array"),
        ("spec:\n  destination:\n    namespace: 3\n", "cannot unmarshal number"),
        ("metadata:\n  labels:\n    a: yes\n", "cannot unmarshal bool"),  # YAML 1.1's yes
        # valuesObject is a RawExtension: a mapping both sides hold cannot be merged.
        (
            "spec:\n  source:\n    helm:\n      valuesObject:\n        image: {tag: '2'}\n",
            "RawExtension",
        ),
        ("spec:\n  destination:\n    $patch: merge\n", "unknown patch type"),
    ],
)
def test_a_patch_that_fails_fails_the_application(patch: str, message: str) -> None:
    (app,) = patched(patch, template_with_values())
    assert message in app["problems"][0] and app["problems"][0].endswith(
        "(Argo CD fails this Application)"
    )


def test_template_patch_inside_values_object_sets_new_and_scalar_keys() -> None:
    patch = "spec:\n  source:\n    helm:\n      valuesObject:\n        replicas: 2\n        extra: {a: 1}\n"
    (app,) = patched(patch, template_with_values())
    assert "problems" not in app


def test_template_patch_directives() -> None:
    replace = "spec:\n  destination:\n    $patch: replace\n    name: other\n"
    (app,) = patched(replace)
    assert app["namespace"] == "" and "problems" not in app
    delete = "spec:\n  source:\n    $patch: delete\n"
    (app,) = patched(delete)
    assert (app["chart"], app["repoURL"]) == ("", "")
    (app,) = patched("spec:\n  $retainKeys: [source]\n")
    assert "not evaluated" in app["problems"][0] and app["namespace"] == "demo"


def test_template_patch_with_range() -> None:
    """Needs the new engine: `range` in the patch."""
    patch = (
        "spec:\n  source:\n    helm:\n      valueFiles:\n"
        "{{- range .files }}\n        - {{ . }}{{ end }}\n"
    )
    document = appset(one_list({"name": "x", "files": ["a.yaml", "b.yaml"]}), templatePatch=patch)
    assert pick(preview(document), "valueFiles") == [(["a.yaml", "b.yaml"],)]


def test_template_patch_with_to_yaml() -> None:
    """Needs the new engine: `toYaml` and `nindent` in the patch."""
    patch = "spec:\n  destination:\n    {{- toYaml .dest | nindent 4 }}\n"
    document = appset(
        one_list({"name": "x", "dest": {"namespace": "from-yaml"}}), templatePatch=patch
    )
    assert pick(preview(document), "namespace") == [("from-yaml",)]


# --------------------------------------------------------------------------------------------
# what the API server refuses, and where an Application goes


@pytest.mark.parametrize("patch", [None, "metadata: {annotations: {a: b}}"])
def test_the_destination_is_the_server_when_the_name_is_empty(patch: str | None) -> None:
    # With and without a patch (the two ways an Application is built).
    document = appset(one_list({"name": "x", "server": "https://x"}))
    document["spec"]["template"]["spec"]["destination"] = {
        "name": "",
        "server": "{{ .server }}",
        "namespace": "demo",
    }
    if patch:
        document["spec"]["templatePatch"] = patch
    assert [a.destination for a in preview(document).applications] == ["https://x"]


@pytest.mark.parametrize("patch", [None, "metadata: {annotations: {a: b}}"])
def test_a_constant_label_the_api_server_refuses_fails_every_application(
    patch: str | None,
) -> None:
    document = appset(one_list({"name": "x"}, {"name": "y"}))
    document["spec"]["template"]["metadata"]["labels"]["team"] = "not valid!"
    if patch:
        document["spec"]["templatePatch"] = patch
    result = preview(document)
    assert [a.fails for a in result.applications] == [True, True]
    assert "'not valid!' is not a valid label value" in result.applications[0].problems[0]
