"""The examples: the example fleet runs, and the hub bootstrap ApplicationSet creates valid
plugin Applications that render that fleet.

The ApplicationSet's generators are expanded here for the example hub as Argo CD would (a
clusters generator x a list, in a matrix) and its templates rendered with a small evaluator
of the only goTemplate expressions it uses: field access, `index`, `toJson` and `dict`. An
expression outside that subset fails the test rather than being guessed at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import crd
import pytest
import yaml

from cmp_harness import run_plugin
from cmp_plugin.fleet.cluster import Cluster
from cmp_plugin.fleet.hierarchy import resolve
from cmp_plugin.fleet.paths import Repo
from cmp_plugin.fleet.render import FleetRequest, fleet_mode
from cmp_plugin.sources import ValueSource
from helpers import ROOT, manifest_differences, run_cli

FLEET = ROOT / "examples" / "fleet"
BOOTSTRAP_APPSET = ROOT / "examples" / "bootstrap" / "hub-fleet-appset.yaml"
HUB_FILE = FLEET / "clusters" / "hub.yaml"
MEMBERS = FLEET / "fleet" / "fleet-bootstrap" / "fleet-members"
GROUPS = ("addons", "monitoring", "resources")
SECRET_TYPE = {"argocd.argoproj.io/secret-type": "cluster"}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def hub_secret() -> dict[str, Any]:
    """The hub as the cluster generator sees its cluster secret."""
    hub = load(HUB_FILE)
    return {
        "name": hub["name"],
        "server": "https://kubernetes.default.svc",
        "metadata": {"labels": {**hub["labels"], **SECRET_TYPE}, "annotations": hub["annotations"]},
    }


def generate(group: str) -> str:
    result = run_cli(
        "generate",
        "--repo",
        str(FLEET),
        "--group",
        group,
        "--cluster",
        str(HUB_FILE),
        "--values",
        str(FLEET / "bootstrap" / f"{group}.yaml"),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- the example fleet ---------------------------------------------------------------------


def test_the_documented_command_works() -> None:
    # examples/fleet/README.md's first command, verbatim but for the paths.
    output = generate("addons")
    names = [doc["metadata"]["name"] for doc in yaml.safe_load_all(output) if doc]
    # The hub's addonsRelease=default names a release: both releases of addons render.
    assert names == [
        "external-secrets-canary",
        "external-secrets-default",
        "metrics-server-canary",
        "metrics-server-default",
    ]


@pytest.mark.parametrize("group", GROUPS)
def test_every_group_renders_valid_application_sets(group: str) -> None:
    objects = [doc for doc in yaml.safe_load_all(generate(group)) if doc]
    assert objects
    for obj in objects:
        assert obj["kind"] == "ApplicationSet"
        assert crd.errors(obj) == []


def test_canary_release_renders_with_its_own_catalog() -> None:
    versions = {
        doc["metadata"]["name"]: doc["spec"]["generators"][0]["clusters"]["values"][
            "addonChartVersion"
        ]
        for doc in yaml.safe_load_all(generate("addons"))
        if doc
    }
    canary = load(FLEET / "fleet" / "bootstrap" / "catalogs" / "canary" / "addons.yaml")
    assert versions["metrics-server-canary"] == canary["metrics-server"]["defaultVersion"]
    assert versions["metrics-server-canary"] != versions["metrics-server-default"]


def spoke_clusters() -> list[Cluster]:
    """The hub's fleet members, with the labels and annotations the hierarchy needs."""
    spokes = []
    for path in sorted(MEMBERS.glob("*/*.yaml")):
        member = load(path)
        annotations = {k: v for k, v in member.items() if k.endswith("_repo_basepath")}
        labels = {"tenant": member["tenant"], "environment": member["environment"]}
        spokes.append(Cluster(name=member["clusterName"], labels=labels, annotations=annotations))
    return spokes


def test_fleet_has_a_hub_and_two_spokes_in_two_environments() -> None:
    hub = load(HUB_FILE)
    assert hub["labels"]["tenant"] == "control-plane"
    assert [p.parent.name for p in MEMBERS.glob("*/*.yaml")] == [hub["name"]] * 2
    spokes = spoke_clusters()
    assert len(spokes) == 2
    assert len({spoke.labels["environment"] for spoke in spokes}) == 2


def test_every_value_file_of_the_example_is_read_by_some_cluster() -> None:
    """No value file in a place the eks-fleet hierarchy never looks."""
    repo = Repo.at(str(FLEET))
    hub = Cluster.from_mapping(load(HUB_FILE), "clusters/hub.yaml")
    read: set[str] = set()
    for cluster in [hub, *spoke_clusters()]:
        for group in GROUPS:
            values = FLEET / "bootstrap" / f"{group}.yaml"
            request = FleetRequest(
                repo=repo,
                group=group,
                cluster=cluster,
                bootstrap=ValueSource.from_file(str(values), f"bootstrap/{group}.yaml"),
                hierarchy=resolve("eks-fleet", repo),
            )
            read |= {f.path for f in fleet_mode(request).value_files if f.exists}
    value_files = {
        str(path.relative_to(FLEET))
        for path in FLEET.rglob("*.yaml")
        if "application-sets" in path.parts or path.parent.name == "defaults"
    }
    assert value_files - read == set()
    assert any("/tenants/team-a/environments/dev/clusters/spoke-dev-1/" in p for p in read)


def test_preview_runs_on_the_example_out_of_the_box() -> None:
    # The hub from clusters/hub.yaml, the members from fleet-members/, the bootstrap values
    # from the hub bootstrap ApplicationSet in the repository: nothing to pass, no warning.
    result = run_cli("preview", "--repo", str(FLEET), "-o", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for cluster in ("fleet-hub", "spoke-dev-1", "spoke-prod-1"):
        assert f'"{cluster}"' in result.stdout


def test_example_readme_documents_the_layout() -> None:
    readme = (FLEET / "README.md").read_text()
    assert "clusters/hub.yaml" in readme
    assert "argocd-fleet generate --repo examples/fleet --group addons" in readme
    assert "argocd-fleet preview --repo examples/fleet" in readme


# --- the hub bootstrap ApplicationSet ------------------------------------------------------

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\(|\)|[^\s()]+')


def go_json(value: Any) -> str:
    """sprig's toJson: Go's json.Marshal (sorted keys, compact, HTML characters escaped)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def evaluate(tokens: list[str], params: dict[str, Any]) -> Any:
    """A pipeline-free goTemplate expression: a field, a string, or toJson/dict applied."""

    def term() -> Any:
        token = tokens.pop(0)
        if token == "(":
            value = call()
            assert tokens.pop(0) == ")", "unbalanced parentheses"
            return value
        if token.startswith('"'):
            return json.loads(token)
        if token.startswith("."):
            value: Any = params
            for key in token[1:].split("."):
                if key:
                    value = value[key]  # missingkey=error
            return value
        raise AssertionError(f"unsupported template token {token!r}")

    def call() -> Any:
        if tokens[0] == "index":
            tokens.pop(0)
            value = term()
            while tokens and tokens[0] != ")":
                key = term()
                assert isinstance(value, dict) and isinstance(key, str), "index of a map only"
                # The cluster generator's labels and annotations are map[string]string: a
                # missing key gives the zero value, "" (even with missingkey=error).
                value = value.get(key, "")
            return value
        if tokens[0] == "toJson":
            tokens.pop(0)
            return go_json(term())
        if tokens[0] == "dict":
            tokens.pop(0)
            items = []
            while tokens and tokens[0] != ")":
                items.append(term())
            assert len(items) % 2 == 0, "dict needs key/value pairs"
            return dict(zip(items[::2], items[1::2], strict=True))
        return term()

    value = call()
    assert not tokens, f"unsupported template syntax near {tokens}"
    return value


def render(node: Any, params: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        return {key: render(value, params) for key, value in node.items()}
    if isinstance(node, list):
        return [render(item, params) for item in node]
    if isinstance(node, str):

        def substitute(match: re.Match[str]) -> str:
            value = evaluate(TOKEN.findall(match.group(1)), params)
            assert isinstance(value, str), f"{match.group(0)} is not a string"
            return value

        return re.sub(r"\{\{-?\s*(.*?)\s*-?\}\}", substitute, node)
    return node


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, "only matchLabels is evaluated here"
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def expand(appset: dict[str, Any], clusters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parameter sets of the ApplicationSet's matrix(clusters, list) generator."""
    (generator,) = appset["spec"]["generators"]
    clusters_generator, list_generator = generator["matrix"]["generators"]
    selector = clusters_generator["clusters"]["selector"]
    chosen = [c for c in clusters if selects(selector, c["metadata"]["labels"])]
    return [
        {**cluster, **element}
        for cluster in chosen
        for element in list_generator["list"]["elements"]
    ]


def applications(appset: dict[str, Any], clusters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    template = appset["spec"]["template"]
    created = []
    for params in expand(appset, clusters):
        rendered = render(template, params)
        metadata = {**rendered["metadata"], "namespace": appset["metadata"]["namespace"]}
        created.append(
            {
                "apiVersion": "argoproj.io/v1alpha1",
                "kind": "Application",
                "metadata": metadata,
                "spec": rendered["spec"],
            }
        )
    return created


APPSET = load(BOOTSTRAP_APPSET)


def test_bootstrap_application_set_validates_against_the_crd() -> None:
    assert crd.errors(APPSET) == []
    assert APPSET["spec"]["goTemplate"] is True
    assert "missingkey=error" in APPSET["spec"]["goTemplateOptions"]


def test_bootstrap_values_are_the_example_fleet_bootstrap_files() -> None:
    (generator,) = APPSET["spec"]["generators"]
    elements = generator["matrix"]["generators"][1]["list"]["elements"]
    assert [e["group"] for e in elements] == list(GROUPS)
    for element in elements:
        values = yaml.safe_load(element["bootstrap"])
        assert values == load(FLEET / "bootstrap" / f"{element['group']}.yaml")


def test_example_fleet_carries_the_bootstrap_application_set_unchanged() -> None:
    copy = FLEET / "fleet" / "bootstrap" / "fleet-hub" / "hub-fleet-appset.yaml"
    assert copy.read_text() == BOOTSTRAP_APPSET.read_text()


def test_one_plugin_application_per_hub_and_group() -> None:
    spoke = {"name": "spoke", "metadata": {"labels": {**SECRET_TYPE}, "annotations": {}}}
    created = applications(APPSET, [hub_secret(), spoke])
    hub = load(HUB_FILE)
    assert [a["metadata"]["name"] for a in created] == [f"fleet-{g}-{hub['name']}" for g in GROUPS]
    for application in created:
        assert crd.errors(application) == []
        source = application["spec"]["source"]
        assert source["plugin"]["name"] == "argocd-fleet-v1"
        assert source["repoURL"] == hub["annotations"]["fleet_repo_url"]
        parameters = {p["name"]: p["string"] for p in source["plugin"]["parameters"]}
        assert set(parameters) == {"group", "cluster", "values"}
        cluster = json.loads(parameters["cluster"])
        assert cluster["name"] == hub["name"]
        assert cluster["labels"] == {**hub["labels"], **SECRET_TYPE}
        # Only the annotations the plugin reads: the basepaths of the groups' repoNames.
        basepaths = ("addons_repo_basepath", "resources_repo_basepath")
        assert cluster["annotations"] == {key: hub["annotations"][key] for key in basepaths}


# What real Go (text/template and sprig 3.2.3, as Argo CD configures them; the annotations a
# map[string]string) renders for the bootstrap's `cluster` parameter when the hub's secret was
# created with `kubectl apply`. Recorded with the Go-template oracle; the same oracle says that
# `pick .metadata.annotations "..."` fails there ("wrong type for value; expected
# map[string]interface {}; got map[string]string"), which is why the example uses index.
GO_RENDERED_CLUSTER = (
    '{"annotations":{"addons_repo_basepath":"addons","resources_repo_basepath":"resources"},'
    '"labels":{"addonsRelease":"default","argocd.argoproj.io/secret-type":"cluster",'
    '"enable_argocd_project_appset":"true","enable_external_secrets":"true",'
    '"enable_kube_prometheus_stack":"true","enable_metrics_server":"true",'
    '"environment":"prod","fleet_member":"hub-cluster","monitoringRelease":"default",'
    '"resourcesRelease":"default","tenant":"control-plane"},"name":"fleet-hub"}'
)


def test_cluster_parameter_leaves_kubectl_last_applied_configuration_out() -> None:
    secret = hub_secret()
    last_applied = json.dumps({"stringData": {"config": '{"bearerToken": "do-not-leak"}'}})
    annotations = secret["metadata"]["annotations"]
    annotations["kubectl.kubernetes.io/last-applied-configuration"] = last_applied
    for application in applications(APPSET, [secret]):
        (cluster,) = [
            p["string"]
            for p in application["spec"]["source"]["plugin"]["parameters"]
            if p["name"] == "cluster"
        ]
        assert cluster == GO_RENDERED_CLUSTER
        assert "do-not-leak" not in json.dumps(application)


@pytest.mark.parametrize("group", GROUPS)
def test_created_application_renders_the_example_fleet_through_the_plugin(group: str) -> None:
    (application,) = [
        a
        for a in applications(APPSET, [hub_secret()])
        if a["metadata"]["labels"]["argocd-fleet/group"] == group
    ]
    source = application["spec"]["source"]
    run = run_plugin(FLEET, source["path"], source["plugin"]["parameters"])
    assert run.returncode == 0, run.stderr
    assert manifest_differences(generate(group), run.stdout) == []
