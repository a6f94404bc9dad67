"""The generators of an ApplicationSet, previewed as Argo CD's ApplicationSet controller runs them.

Each test is one fact of `applicationset/generators/*.go` (and `generator_spec_processor.go`,
`value_interpolation.go`), on a handful of cluster secrets, checked on the preview JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from preview_fixtures import apps, appset, pick, preview, secret

from cmp_plugin.preview.applications import applications_for

IN_CLUSTER = "https://kubernetes.default.svc"


def dev_and_prod() -> list[dict[str, Any]]:
    return [secret("a", "https://a", env="dev"), secret("b", "https://b", env="prod")]


def only(env: str) -> dict[str, Any]:
    return {"selector": {"matchLabels": {"env": env}}}


def exists(key: str) -> dict[str, Any]:
    return {"selector": {"matchExpressions": [{"key": key, "operator": "Exists"}]}}


# --------------------------------------------------------------------------------------------
# clusters


def test_project_comes_from_the_secret_and_is_empty_without_one() -> None:
    document = appset([{"clusters": {}}], namespace="ns-{{ .project }}")
    clusters = [secret("a", "https://a", project="team-a"), secret("b", "https://b")]
    assert pick(preview(document, clusters), "cluster", "name", "namespace") == [
        ("a", "a-app", "ns-team-a"),
        ("b", "b-app", "ns-"),
        # The local cluster Argo CD adds to an empty selector has project "" too.
        ("in-cluster", "in-cluster-app", "ns-"),
    ]


def test_a_secret_without_a_name_is_named_empty() -> None:
    document = appset(
        [{"clusters": only("dev")}], name="app-{{ .name }}x", namespace="{{ .nameNormalized }}z"
    )
    nameless = secret("https://n.example.com", "https://n.example.com", nameless=True, env="dev")
    result = preview(document, [nameless])
    # The preview shows the cluster by its server; its parameters have name "".
    assert pick(result, "cluster", "name", "namespace") == [("https://n.example.com", "app-x", "z")]
    assert result.applications[0].destination == ""


def test_secrets_are_keyed_by_name_after_the_selector() -> None:
    dev = secret("https://dev", "https://dev", nameless=True, env="dev")
    prod = secret("https://prod", "https://prod", nameless=True, env="prod")
    name = 'app-{{ .server | trimPrefix "https://" }}'
    # The selector lists one secret: it alone has the name "".
    assert [
        a.name for a in preview(appset([{"clusters": only("dev")}], name), [dev, prod]).applications
    ] == ["app-dev"]
    both = {"matchExpressions": [{"key": "env", "operator": "In", "values": ["dev", "prod"]}]}
    result = preview(appset([{"clusters": {"selector": both}}], name), [dev, prod])
    (app,) = result.applications  # two secrets named "": Argo CD keeps one of them
    assert (app.name, app.cluster) == ("app-prod", "https://prod")
    assert app.problems == [
        "the cluster secrets https://dev, https://prod all have the name '': Argo CD's cluster "
        "generator keeps one of them (which one is not defined); the preview keeps https://prod"
    ]


@pytest.mark.parametrize(
    ("generator", "expected"),
    [
        ({}, ["a", "in-cluster"]),
        ({"selector": {}}, ["a", "in-cluster"]),
        ({"selector": {"matchLabels": {}}}, ["a", "in-cluster"]),
        # A selector that asks for anything skips the local cluster, which has no labels.
        ({"selector": {"matchExpressions": [{"key": "x", "operator": "DoesNotExist"}]}}, ["a"]),
    ],
)
def test_the_local_cluster_joins_an_empty_selector(
    generator: dict[str, Any], expected: list[str]
) -> None:
    result = preview(appset([{"clusters": generator}]), [secret("a", "https://a")])
    assert [app.cluster for app in result.applications] == expected


def test_a_selected_secret_with_the_local_address_replaces_the_local_cluster() -> None:
    hub = secret("hub", IN_CLUSTER)
    assert [
        a.cluster
        for a in preview(appset([{"clusters": {}}]), [secret("a", "https://a"), hub]).applications
    ] == ["a", "hub"]
    # Argo CD looks among the secrets the generator listed: one without the cluster
    # secret-type label is not a cluster secret.
    not_listed = {"name": "hub", "server": IN_CLUSTER, "labels": {}}
    result = preview(appset([{"clusters": {}}]), [secret("a", "https://a"), not_listed])
    assert [(a.cluster, a.name) for a in result.applications] == [
        ("a", "a-app"),
        ("in-cluster", "in-cluster-app"),
    ]


def test_values_are_rendered_with_the_cluster_parameters() -> None:
    values = {"ns": "{{ .name }}-{{ .project }}-{{ .metadata.labels.env }}", "plain": "x"}
    document = appset(
        [{"clusters": {**only("dev"), "values": values}}],
        namespace="{{ .values.ns }}.{{ .values.plain }}",
    )
    clusters = [secret("a", "https://a", project="p1", env="dev")]
    assert pick(preview(document, clusters), "namespace") == [("a-p1-dev.x",)]


def test_values_do_not_see_values() -> None:
    values = {"a": "1", "b": "{{ .values.a }}"}
    result = preview(appset([{"clusters": {**only("dev"), "values": values}}]), dev_and_prod())
    assert result.applications == []
    assert 'map has no entry for key "values"' in result.errors[0]


# --------------------------------------------------------------------------------------------
# list


def test_the_list_generator_has_no_values() -> None:
    document = appset(
        [{"list": {"elements": [{"name": "one"}], "values": {"x": "1"}}}],
        namespace="{{ .values.x }}",
    )
    result = preview(document)
    (app,) = result.applications
    assert app.fails and 'map has no entry for key "values"' in app.problems[0]
    assert "the list generator has no values" in result.notes[0]


def test_elements_yaml_reads_keys_and_values_as_argo_cd_does() -> None:
    """sigs.k8s.io/yaml (go-yaml v2): a key `y` or `n` is a boolean, written as "true" or
    "false"; `0o17` and `1e3` are numbers; `12:30` stays a string."""
    generator = {"elementsYaml": "- name: a\n  y: yes\n  n: 0o17\n  e: 1e3\n  t: 12:30\n"}
    result = preview(
        appset(
            [{"list": generator}],
            namespace='{{ index . "true" }}-{{ index . "false" }}-{{ .e }}-{{ .t }}',
        )
    )
    assert pick(result, "name", "namespace") == [("a-app", "true-15-1000-12:30")]


def test_elements_yaml_comes_after_elements() -> None:
    generator = {
        "elements": [{"name": "a", "num": 1}],
        "elementsYaml": "- name: b\n  num: 1000000\n- name: c\n  num: 2.5\n",
    }
    result = preview(appset([{"list": generator}], namespace="n{{ .num }}"))
    # YAML numbers reach the template as float64, printed with %v.
    assert pick(result, "name", "namespace") == [
        ("a-app", "n1"),
        ("b-app", "n1e+06"),
        ("c-app", "n2.5"),
    ]


@pytest.mark.parametrize("text", ["name: a\n", "- 1\n", "- [a]\n"])
def test_elements_yaml_must_be_a_list_of_objects(text: str) -> None:
    result = preview(appset([{"list": {"elementsYaml": text}}]))
    assert result.applications == [] and "ElementsYaml" in result.errors[0]


# --------------------------------------------------------------------------------------------
# matrix: the second generator rendered with the first one's parameters


def test_matrix_renders_list_elements_and_their_keys() -> None:
    second = {
        "list": {"elements": [{"ns": "{{ .name }}-ns", "{{ .metadata.labels.env }}-key": "v"}]}
    }
    document = appset(
        [{"matrix": {"generators": [{"clusters": only("dev")}, second]}}],
        name='{{ .name }}-{{ index . "dev-key" }}',
        namespace="{{ .ns }}",
    )
    clusters = [*dev_and_prod(), secret("c", "https://c", env="dev")]
    assert pick(preview(document, clusters), "name", "namespace") == [
        ("a-v", "a-ns"),
        ("c-v", "c-ns"),
    ]


def test_matrix_renders_the_second_cluster_selector() -> None:
    first = {"list": {"elements": [{"env": "dev"}, {"env": "prod"}]}}
    second = {"clusters": {"selector": {"matchLabels": {"env": "{{ .env }}"}}}}
    document = appset([{"matrix": {"generators": [first, second]}}], name="{{ .name }}-{{ .env }}")
    clusters = [*dev_and_prod(), secret("c", "https://c", env="test")]
    assert pick(preview(document, clusters), "cluster", "name") == [("a", "a-dev"), ("b", "b-prod")]


def test_matrix_pre_resolves_the_second_generators_values() -> None:
    first = {"list": {"elements": [{"team": "alpha"}]}}
    # `.team` is the list's: rendered first. `.name` is not: kept for the cluster generator.
    values = {"owner": "{{ .team }}", "where": "{{ .name }}"}
    second = {"clusters": {**only("dev"), "values": values}}
    for options in (["missingkey=error"], ["missingkey=default"]):
        document = appset(
            [{"matrix": {"generators": [first, second]}}],
            namespace="{{ .values.owner }}-{{ .values.where }}",
            options=options,
        )
        # Under missingkey=default too: the first pass always runs with missingkey=error.
        assert pick(preview(document, dev_and_prod()), "namespace") == [("alpha-a",)]


def test_a_value_naming_both_generators_fails_the_matrix() -> None:
    first = {"list": {"elements": [{"team": "alpha"}]}}
    second = {"clusters": {**only("dev"), "values": {"ns": "{{ .name }}-{{ .team }}"}}}
    result = preview(appset([{"matrix": {"generators": [first, second]}}]), dev_and_prod())
    # Kept as written by the first pass (no .name in the list), then `.team` is missing.
    assert result.applications == []
    assert 'map has no entry for key "team"' in result.errors[0]
    assert "failed to get params for second generator in the matrix generator" in result.errors[0]


def test_a_matrix_interpolation_error_fails_the_application_set() -> None:
    first = {"list": {"elements": [{"x": "1"}]}}
    second = {"list": {"elements": [{"y": "{{ .missing }}"}]}}
    result = preview(appset([{"matrix": {"generators": [first, second]}}], name="n{{ .x }}"))
    assert result.applications == [] and result.blocked
    assert 'map has no entry for key "missing"' in result.errors[0]


def test_an_empty_first_parameter_set_renders_nothing_of_the_second() -> None:
    first = {"list": {"elements": [{}]}}
    second = {"list": {"elements": [{"name": "n", "ns": "{{ .x }}"}]}}
    document = appset(
        [{"matrix": {"generators": [first, second]}}], name="static", namespace="{{ .ns }}"
    )
    (app,) = apps(preview(document))
    assert app["namespace"] == "{{ .x }}" and "problems" not in app


def test_matrix_git_paths_and_post_selector_on_path_segments(tmp_path: Path) -> None:
    for env in ("dev", "prod"):
        folder = tmp_path / "envs" / env
        folder.mkdir(parents=True)
        (folder / "a.yaml").write_text(f"component: {env}-comp\n")
    second = {
        "git": {
            "repoURL": "x",
            "revision": "main",
            "files": [{"path": "envs/{{ .metadata.labels.env }}/*.yaml"}],
        },
        # path.segments is a Go []string: flattened, it is one value printed as `[envs dev]`.
        "selector": {"matchLabels": {"path.segments": "[envs dev]"}},
    }
    document = appset(
        [{"matrix": {"generators": [{"clusters": exists("env")}, second]}}],
        namespace="{{ .component }}",
    )
    found = applications_for(document, dev_and_prod(), str(tmp_path))
    assert [(a.cluster, a.namespace) for a in found] == [("a", "dev-comp")]


# --------------------------------------------------------------------------------------------
# nesting


def test_a_matrix_three_levels_deep_is_dropped() -> None:
    inner = {
        "matrix": {
            "generators": [
                {"list": {"elements": [{"b": "1"}]}},
                {"list": {"elements": [{"c": "1"}]}},
            ]
        }
    }
    middle = {"matrix": {"generators": [{"list": {"elements": [{"a": "1"}]}}, inner]}}
    outer = {"matrix": {"generators": [{"list": {"elements": [{"name": "x"}]}}, middle]}}
    result = preview(appset([outer]))
    assert result.applications == []
    assert "child generator generated no parameters" in result.errors[0]
    assert "nested two levels deep is dropped" in result.notes[0]


def test_a_generator_inside_a_matrix_sets_exactly_one_kind() -> None:
    two = {"list": {"elements": [{"a": "1"}]}, "clusters": {}}
    result = preview(appset([{"matrix": {"generators": [two, {"list": {"elements": [{}]}}]}}]))
    assert "found more than one generator in matrix.Generators" in result.errors[0]


def test_each_kind_of_a_top_level_generator_runs() -> None:
    generator = {"list": {"elements": [{"name": "x"}]}, "clusters": only("dev")}
    assert pick(preview(appset([generator]), dev_and_prod()), "name") == [("x-app",), ("a-app",)]


def test_an_unknown_generator_is_dropped_with_a_note() -> None:
    result = preview(appset([{"clusterz": {}}]), dev_and_prod())
    assert result.applications == [] and result.errors == []
    assert result.notes == ["unknown generator 'clusterz' (the API server drops it)"]


# --------------------------------------------------------------------------------------------
# post-selectors


def test_a_post_selector_inside_a_matrix_filters_its_parameter_sets() -> None:
    tiers = {
        "list": {"elements": [{"app": "web", "tier": "front"}, {"app": "db", "tier": "back"}]},
        "selector": {"matchLabels": {"tier": "front"}},
    }
    # Cluster labels are a map[string]string: flattened too, key by key.
    clusters_gen = {"clusters": {}, "selector": {"matchLabels": {"metadata.labels.env": "dev"}}}
    document = appset(
        [{"matrix": {"generators": [clusters_gen, tiers]}}], name="{{ .name }}-{{ .app }}"
    )
    assert pick(preview(document, dev_and_prod()), "name") == [("a-web",)]


def test_a_post_selector_value_is_any_string() -> None:
    generator = {"clusters": {}, "selector": {"matchLabels": {"server": "https://a"}}}
    assert pick(preview(appset([generator]), dev_and_prod()), "cluster") == [("a",)]


def test_a_post_selector_sees_values_as_go_prints_them() -> None:
    elements = [
        {"name": "x", "n": 1000000, "tags": ["a", "b"]},
        {"name": "y", "n": 2, "tags": ["b"]},
    ]
    selector = {"matchLabels": {"n": "1e+06", "tags.1": "b"}}
    assert pick(
        preview(appset([{"list": {"elements": elements}, "selector": selector}])), "name"
    ) == [("x-app",)]


def test_a_post_selector_with_an_invalid_key_fails() -> None:
    generator = {
        "list": {"elements": [{"name": "x"}]},
        "selector": {"matchLabels": {"bad key!": "x"}},
    }
    result = preview(appset([generator]))
    assert result.applications == [] and "error parsing label selector" in result.errors[0]


# --------------------------------------------------------------------------------------------
# flatList


def flat(document: dict[str, Any]) -> dict[str, Any]:
    document["spec"]["template"]["spec"]["destination"]["name"] = "in-cluster"
    return document


def test_flat_list_gives_one_parameter_set_holding_every_cluster() -> None:
    generator = {"clusters": {"selector": {"matchLabels": {"tier": "web"}}, "flatList": True}}
    document = flat(appset([generator], name="all-{{ len .clusters }}"))
    clusters = [secret("a", "https://a", tier="web"), secret("b", "https://b", tier="web")]
    assert pick(preview(document, clusters), "name") == [("all-2",)]
    # No cluster matches: still one parameter set, with no clusters.
    assert pick(preview(document, [secret("c", "https://c")]), "name") == [("all-0",)]


def test_a_post_selector_on_a_flat_list() -> None:
    # `clusters` is a []map[string]any, not a []interface{}: flattened, it is one value,
    # printed by %v (maps with their keys sorted).
    listed = (
        "[map[metadata:map[labels:map[argocd.argoproj.io/secret-type:cluster tier:web]] "
        "name:a nameNormalized:a project: server:https://a]]"
    )
    generator = {
        "clusters": {"selector": {"matchLabels": {"tier": "web"}}, "flatList": True},
        "selector": {"matchLabels": {"clusters": listed}},
    }
    document = flat(appset([generator], name="all-{{ len .clusters }}"))
    assert pick(preview(document, [secret("a", "https://a", tier="web")]), "name") == [("all-1",)]
    assert preview(document, [secret("b", "https://b", tier="web")]).applications == []


def test_flat_list_clusters_can_be_ranged_over() -> None:
    """Needs the new engine: `range` with variables over `.clusters`."""
    generator = {"clusters": {"selector": {"matchLabels": {"tier": "web"}}, "flatList": True}}
    namespace = '{{ range $c := .clusters }}{{ if eq $c.name "b" }}has-b{{ end }}{{ end }}'
    document = flat(appset([generator], name="all", namespace=namespace))
    clusters = [secret("a", "https://a", tier="web"), secret("b", "https://b", tier="web")]
    assert pick(preview(document, clusters), "namespace") == [("has-b",)]


# --------------------------------------------------------------------------------------------
# goTemplateOptions


@pytest.mark.parametrize(
    ("options", "namespace"),
    [
        ([], "x<no value>"),
        (["missingkey=default"], "x<no value>"),
        (["missingkey=invalid"], "x<no value>"),
        # The zero value of a map[string]string's element: "".
        (["missingkey=zero"], "x"),
        (["missingkey=error", "missingkey=zero"], "x"),  # the last one wins
    ],
)
def test_missingkey_options(options: list[str], namespace: str) -> None:
    document = appset(
        [{"clusters": only("dev")}], namespace="x{{ .metadata.labels.tier }}", options=options
    )
    assert pick(preview(document, dev_and_prod()), "namespace") == [(namespace,)]


def test_missingkey_error_fails_the_application() -> None:
    document = appset([{"clusters": only("dev")}], namespace="x{{ .metadata.labels.tier }}")
    (app,) = preview(document, dev_and_prod()).applications
    assert app.fails and 'map has no entry for key "tier"' in app.problems[0]


@pytest.mark.parametrize("option", ["missingkey=maybe", "strict", ""])
def test_an_unknown_option_fails_the_application_set(option: str) -> None:
    result = preview(appset([{"clusters": only("dev")}], options=[option]), dev_and_prod())
    assert result.applications == [] and result.blocked
    assert "goTemplateOptions" in result.errors[0]


def test_the_local_cluster_of_an_empty_selector_has_no_metadata_to_render_with() -> None:
    # The local in-cluster joins the first generator and has no `metadata`: rendering the
    # second generator's spec with it fails the whole matrix, as in Argo CD.
    second = {"list": {"elements": [{"env": "{{ .metadata.labels.env }}"}]}}
    result = preview(
        appset([{"matrix": {"generators": [{"clusters": {}}, second]}}]), dev_and_prod()
    )
    assert result.applications == []
    assert 'map has no entry for key "metadata"' in result.errors[0]


def test_matrix_interpolation_with_printf() -> None:
    """Needs the new engine: `printf` in the second generator's elements."""
    second = {"list": {"elements": [{"ns": '{{ printf "%s-%s" .name .metadata.labels.env }}'}]}}
    document = appset(
        [{"matrix": {"generators": [{"clusters": only("dev")}, second]}}], namespace="{{ .ns }}"
    )
    assert pick(preview(document, dev_and_prod()), "namespace") == [("a-dev",)]


def test_values_nested_in_the_second_generator_are_pre_resolved_too() -> None:
    # A merge as the matrix's second generator: Argo CD renders it as a typed generator, so
    # the values of the clusters generator inside it get the same first pass.
    first = {"list": {"elements": [{"team": "alpha"}]}}
    clusters_gen = {"clusters": {**only("dev"), "values": {"who": "{{ .team }}-{{ .name }}"}}}
    extra = {"list": {"elements": [{"name": "a", "extra": "e"}]}}
    merge = {"merge": {"mergeKeys": ["name"], "generators": [clusters_gen, extra]}}
    document = appset([{"matrix": {"generators": [first, merge]}}], namespace="{{ .values.who }}")
    result = preview(document, dev_and_prod())
    # `{{ .team }}-{{ .name }}` names `.name`, which the list lacks: kept, then the cluster
    # generator renders it without `.team`: the matrix fails.
    assert result.applications == []
    assert 'map has no entry for key "team"' in result.errors[0]
    clusters_gen["clusters"]["values"] = {"who": "{{ .team }}"}
    assert pick(preview(document, dev_and_prod()), "cluster", "namespace") == [("a", "alpha")]


def test_templates_inside_the_second_generator() -> None:
    first = {"list": {"elements": [{"x": "1"}]}}
    # A plain generator's own template is rendered with the first's parameters (then
    # ignored): a missing key there fails the matrix.
    own = {"metadata": {"name": "{{ .missing }}"}}
    second = {"list": {"elements": [{"name": "n"}], "template": own}}
    result = preview(appset([{"matrix": {"generators": [first, second]}}]))
    assert result.applications == [] and 'no entry for key "missing"' in result.errors[0]
    # A nested matrix has no template at all: nothing of it is rendered.
    nested = {
        "matrix": {
            "generators": [{"list": {"elements": [{"name": "n"}]}}, {"list": {"elements": [{}]}}],
            "template": own,
        }
    }
    result = preview(appset([{"matrix": {"generators": [first, nested]}}]))
    assert pick(result, "name") == [("n-app",)] and result.errors == []


def test_a_cluster_whose_server_is_not_known_yet_leaves_its_server_unevaluated() -> None:
    # A fleet member before registration: no cluster secret, so no address. A template that
    # reads `.server` cannot be answered offline, and the preview says why instead of "".
    document = appset([{"clusters": only("dev")}], namespace="ns-{{ .server }}")
    result = preview(document, [secret("spoke", env="dev"), secret("a", "https://a", env="dev")])
    by_cluster = {app.cluster: app for app in result.applications}
    assert by_cluster["a"].namespace == "ns-https://a" and not by_cluster["a"].problems
    unknown = by_cluster["spoke"]
    assert not unknown.fails
    assert unknown.namespace == "ns-{{ .server }}"  # shown as written
    assert any("server" in problem and "registers" in problem for problem in unknown.problems)
