"""`argocd-fleet register`: parity with the registration golden, the extra Helm-rendered cases,
CRD validity, bad member files, `--labels`, and the spoke metadata other commands rely on."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cmp_plugin.errors import FleetError
from cmp_plugin.merge import coalesce
from cmp_plugin.registration import (
    CENTRALIZED,
    DISTRIBUTED,
    load_members,
    member_cluster,
    register_objects,
)
from cmp_plugin.registration.chart import CHART_DEFAULTS, render
from cmp_plugin.stream import write_stream
from helpers import GOLDEN, REFERENCE_FLEET, SCHEMAS, cases, manifest_differences, run_cli

EXTRA = GOLDEN / "registration-extra"
MEMBERS = "fleet/fleet-bootstrap/fleet-members/hub-cluster-np"
REG_CASE = GOLDEN / "registration" / "reg-hub-np"


def _case(path: Path) -> dict[str, Any]:
    return yaml.safe_load((path / "case.yaml").read_text())


def _hub_file(tmp_path: Path, hub: dict[str, Any]) -> str:
    path = tmp_path / "hub.yaml"
    path.write_text(yaml.safe_dump(hub))
    return str(path)


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    """A writable copy of the reference fleet."""
    repo = tmp_path / "fleet"
    shutil.copytree(REFERENCE_FLEET, repo)
    return repo


def _write_members(repo: Path, members: dict[str, Any], keep: bool = False) -> Path:
    folder = repo / MEMBERS
    if not keep:
        shutil.rmtree(folder)
        folder.mkdir(parents=True)
    for name, content in members.items():
        text = content if isinstance(content, str) else yaml.safe_dump(content)
        (folder / name).write_text(text)
    return folder


# --------------------------------------------------------------------------------------------
# parity


@pytest.mark.parametrize("case", cases("registration"), ids=lambda p: p.name)
def test_register_cli_matches_golden(case: Path, tmp_path: Path) -> None:
    hub = _hub_file(tmp_path, _case(case)["hub"])
    result = run_cli("register", "--repo", str(REFERENCE_FLEET), "--hub", hub)
    assert result.returncode == 0, result.stderr
    assert manifest_differences((case / "expected.yaml").read_text(), result.stdout) == []


@pytest.mark.parametrize("case", cases("registration"), ids=lambda p: p.name)
def test_register_objects_matches_golden_and_resolves_the_value_files(case: Path) -> None:
    spec = _case(case)
    objects = register_objects(str(REFERENCE_FLEET), spec["hub"])
    assert manifest_differences((case / "expected.yaml").read_text(), write_stream(objects)) == []
    members = load_members(str(REFERENCE_FLEET), spec["hub"])
    assert {m.name: list(m.value_files) for m in members} == spec["resolved"]["valueFiles"]


def test_hub_in_the_cluster_secret_shape_gives_the_same_objects() -> None:
    hub = _case(REG_CASE)["hub"]
    secret_shape = {
        "name": hub["name"],
        "metadata": {"labels": hub["labels"], "annotations": hub["annotations"]},
    }
    assert register_objects(str(REFERENCE_FLEET), secret_shape) == register_objects(
        str(REFERENCE_FLEET), hub
    )


def test_json_output_is_the_same_objects(tmp_path: Path) -> None:
    hub = _hub_file(tmp_path, _case(REG_CASE)["hub"])
    result = run_cli("register", "--repo", str(REFERENCE_FLEET), "--hub", hub, "-o", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == register_objects(
        str(REFERENCE_FLEET), _case(REG_CASE)["hub"]
    )


CHART_CASES = sorted(
    p for p in EXTRA.iterdir() if (p / "case.yaml").exists() and "release" in _case(p)
)


@pytest.mark.parametrize("case", CHART_CASES, ids=lambda p: p.name)
def test_chart_templates_match_helm(case: Path) -> None:
    """Rendered by Helm's engine (helm-python-sdk 0.2.2); see each case's ABOUT."""
    spec = _case(case)
    objects = render(coalesce(CHART_DEFAULTS, spec["values"]), spec["release"], "case.yaml")
    expected = (case / "expected.yaml").read_text()
    assert manifest_differences(expected, write_stream(objects)) == []


def test_members_with_missing_keys_and_the_hub_applicationsets_quirks(fleet: Path) -> None:
    case = EXTRA / "members-hub-np"
    spec = _case(case)
    _write_members(fleet, spec["members"])
    objects = register_objects(str(fleet), spec["hub"])
    assert manifest_differences((case / "expected.yaml").read_text(), write_stream(objects)) == []


def test_all_extra_cases_are_used() -> None:
    assert {p.name for p in EXTRA.iterdir() if p.is_dir()} == {
        *(p.name for p in CHART_CASES),
        "members-hub-np",
    }


# --------------------------------------------------------------------------------------------
# CRD validity


def _crd_schemas() -> dict[str, dict[str, Any]]:
    schemas = {}
    for path in sorted((SCHEMAS / "external-secrets").glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        for version in crd["spec"]["versions"]:
            group = crd["spec"]["group"]
            key = f"{group}/{version['name']}/{crd['spec']['names']['kind']}"
            schemas[key] = version["schema"]["openAPIV3Schema"]
    return schemas


def _all_objects(fleet: Path) -> list[dict[str, Any]]:
    objects = register_objects(str(REFERENCE_FLEET), _case(REG_CASE)["hub"])
    spec = _case(EXTRA / "members-hub-np")
    _write_members(fleet, spec["members"])
    objects += register_objects(str(fleet), spec["hub"])
    for case in CHART_CASES:
        chart_case = _case(case)
        objects += render(
            coalesce(CHART_DEFAULTS, chart_case["values"]), chart_case["release"], "x"
        )
    return objects


def test_every_external_secret_and_secret_store_is_valid_for_its_crd(fleet: Path) -> None:
    schemas = _crd_schemas()
    validated = set()
    for obj in _all_objects(fleet):
        key = f"{obj['apiVersion']}/{obj['kind']}"
        if obj["kind"] in ("ExternalSecret", "SecretStore"):
            jsonschema.validate(obj, schemas[key])
            validated.add(obj["kind"])
    assert validated == {"ExternalSecret", "SecretStore"}


def test_an_invalid_object_is_refused_by_the_crd_schema() -> None:
    """The validation above can fail: a wrong type in the ExternalSecret is caught."""
    obj = register_objects(str(REFERENCE_FLEET), _case(REG_CASE)["hub"])[0]
    obj["spec"]["target"]["template"]["templateFrom"][0]["literal"] = 42
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(obj, _crd_schemas()["external-secrets.io/v1/ExternalSecret"])


# --------------------------------------------------------------------------------------------
# bad member files: one line naming the file, exit 1, nothing on stdout

GOOD = {
    "tenant": "tenant1",
    "clusterName": "spoke-a",
    "environment": "np",
    "addons_repo_basepath": "addons/tenants",
    "resources_repo_basepath": "resources/tenants",
    "secretManagerSecretName": "hub/spoke-a",
}


def _register_error(fleet: Path, tmp_path: Path, members: dict[str, Any]) -> str:
    _write_members(fleet, members)
    hub = _hub_file(tmp_path, _case(REG_CASE)["hub"])
    result = run_cli("register", "--repo", str(fleet), "--hub", hub)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_missing_cluster_name(fleet: Path, tmp_path: Path) -> None:
    member = {k: v for k, v in GOOD.items() if k != "clusterName"}
    line = _register_error(fleet, tmp_path, {"spoke-a.yaml": member})
    assert f"{MEMBERS}/spoke-a.yaml" in line
    assert "missing clusterName" in line


@pytest.mark.parametrize("value", ["yes please", "True", "1", 1])
def test_deployment_flag_other_than_true_or_false(fleet: Path, tmp_path: Path, value: Any) -> None:
    text = yaml.safe_dump(GOOD) + f"use_remote_argo: {json.dumps(value)}\n"
    line = _register_error(fleet, tmp_path, {"spoke-a.yaml": text})
    line_number = len(text.splitlines())
    assert f"{MEMBERS}/spoke-a.yaml:{line_number}: use_remote_argo must be" in line
    assert '"true" or "false"' in line


def test_nested_use_fleet_ack_flag_is_checked(fleet: Path, tmp_path: Path) -> None:
    member = {**GOOD, "argocd_config": {"use_fleet_ack": "maybe"}}
    line = _register_error(fleet, tmp_path, {"spoke-a.yaml": member})
    assert "spoke-a.yaml" in line and "argocd_config.use_fleet_ack" in line


def test_boolean_flags_are_accepted_as_true_and_false(fleet: Path) -> None:
    _write_members(fleet, {"spoke-a.yaml": {**GOOD, "use_remote_argo": True}})
    (member,) = load_members(str(fleet), _case(REG_CASE)["hub"])
    assert member.labels["use_remote_argo"] == "true"
    assert member.model.name == DISTRIBUTED


def test_duplicate_cluster_names_across_files(fleet: Path, tmp_path: Path) -> None:
    line = _register_error(fleet, tmp_path, {"a.yaml": GOOD, "b.yaml": GOOD})
    assert f"{MEMBERS}/b.yaml" in line
    assert f"already registered by {MEMBERS}/a.yaml" in line


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("tenant", "../../etc", "tenant"),
        ("environment", "np/../../x", "environment"),
        ("addons_repo_basepath", "/etc", "absolute"),
        ("addons_repo_basepath", "addons/../../..", "leave its folder"),
        ("clusterName", "Spoke_A", "lower-case DNS name"),
        ("secretManagerSecretName", "", "missing secretManagerSecretName"),
    ],
)
def test_unsafe_or_invalid_member_values(
    fleet: Path, tmp_path: Path, key: str, value: str, message: str
) -> None:
    line = _register_error(fleet, tmp_path, {"spoke-a.yaml": {**GOOD, key: value}})
    assert "spoke-a.yaml" in line and message in line


def test_member_file_that_is_not_a_mapping(fleet: Path, tmp_path: Path) -> None:
    line = _register_error(fleet, tmp_path, {"spoke-a.yaml": "just text\n"})
    assert "spoke-a.yaml" in line and "mapping" in line


def test_symlink_leaving_the_repository_is_refused(fleet: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "tenant1" / "defaults" / "fleet" / "fleet-secret").mkdir(parents=True)
    (outside / "tenant1" / "defaults" / "fleet" / "fleet-secret" / "values.yaml").write_text(
        "externalSecret: {labels: {stolen: 'yes'}}\n"
    )
    os.symlink(outside, fleet / "escape")
    line = _register_error(
        fleet, tmp_path, {"spoke-a.yaml": {**GOOD, "addons_repo_basepath": "escape"}}
    )
    assert "outside the repository" in line


def test_a_list_file_registers_several_members(fleet: Path) -> None:
    second = {**GOOD, "clusterName": "spoke-b", "secretManagerSecretName": "hub/spoke-b"}
    _write_members(fleet, {"spokes.yaml": [GOOD, second]})
    members = load_members(str(fleet), _case(REG_CASE)["hub"])
    assert [m.name for m in members] == ["spoke-a", "spoke-b"]


def test_no_members_is_an_error_naming_the_folder_unless_allowed(tmp_path: Path) -> None:
    hub = {**_case(REG_CASE)["hub"], "name": "hub-cluster-live"}
    command = ("register", "--repo", str(REFERENCE_FLEET), "--hub", _hub_file(tmp_path, hub))
    result = run_cli(*command)
    assert result.returncode == 1 and result.stdout == ""
    assert (
        "nothing to render: hub 'hub-cluster-live' has no fleet members: the folder "
        "fleet/fleet-bootstrap/fleet-members/hub-cluster-live holds no *.yaml file"
    ) in result.stderr
    allowed = run_cli(*command, "--allow-empty")
    assert allowed.returncode == 0 and allowed.stdout == ""
    assert "warning: nothing to render, which --allow-empty permits" in allowed.stderr
    hub["name"] = "no-such-hub"
    result = run_cli(
        "register",
        "--repo",
        str(REFERENCE_FLEET),
        "--hub",
        _hub_file(tmp_path, hub),
        "--allow-empty",
    )
    assert result.returncode == 0 and result.stdout == ""
    assert "no such directory" in result.stderr
    assert "fleet-members/no-such-hub does not exist" in result.stderr


def test_shared_objects_rendered_differently_by_two_members_are_an_error(fleet: Path) -> None:
    for member, region in (("spoke-a", "eu-west-1"), ("spoke-b", "eu-west-2")):
        level = (
            fleet / f"addons/tenants/tenant1/environments/np/clusters/{member}/fleet/fleet-secret"
        )
        level.mkdir(parents=True)
        level.joinpath("values.yaml").write_text(
            yaml.safe_dump({"ecrAuthenticationToken": {"enabled": True, "region": region}})
        )
    second = {**GOOD, "clusterName": "spoke-b", "secretManagerSecretName": "hub/spoke-b"}
    _write_members(fleet, {"a.yaml": GOOD, "b.yaml": second})
    with pytest.raises(FleetError, match="rendered differently") as caught:
        register_objects(str(fleet), _case(REG_CASE)["hub"])
    assert caught.value.file == f"{MEMBERS}/b.yaml"


# --------------------------------------------------------------------------------------------
# --labels, member_cluster, deployment models


def test_labels_text_shows_model_labels_and_annotations(tmp_path: Path) -> None:
    hub = _hub_file(tmp_path, _case(REG_CASE)["hub"])
    result = run_cli("register", "--repo", str(REFERENCE_FLEET), "--hub", hub, "--labels")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("spoke-dev-workload1  (fleet/fleet-bootstrap/fleet-members/")
    assert "model: distributed" in text
    assert "addons and resources" in text
    assert "    addonsRelease                   dev\n" in text
    assert (
        "    resources_repo_url           https://github.com/example-org/fleet-resources.git"
        in text
    )


def test_labels_yaml_is_structured(tmp_path: Path) -> None:
    hub = _hub_file(tmp_path, _case(REG_CASE)["hub"])
    result = run_cli(
        "register", "--repo", str(REFERENCE_FLEET), "--hub", hub, "--labels", "-o", "yaml"
    )
    assert result.returncode == 0, result.stderr
    (report,) = list(yaml.safe_load_all(result.stdout))
    assert report["model"] == "distributed"
    assert report["labels"]["use_remote_argo"] == "true"
    assert report["labels"]["fleet_member"] == "spoke"
    assert report["annotations"]["addons_repo_basepath"] == "addons/tenants"
    assert report["valueFiles"] == _case(REG_CASE)["resolved"]["valueFiles"]["spoke-dev-workload1"]


def test_member_cluster_is_the_cluster_secret_metadata() -> None:
    (member,) = load_members(str(REFERENCE_FLEET), _case(REG_CASE)["hub"])
    cluster = member_cluster(member)
    assert cluster["name"] == "spoke-dev-workload1"
    assert cluster["labels"]["argocd.argoproj.io/secret-type"] == "cluster"
    assert cluster["labels"]["fleet_member"] == "spoke"
    assert cluster["labels"]["addonsRelease"] == "dev"
    assert cluster["annotations"]["argocd_dns"] == "<spoke dns>"
    # What the AWS secret carries wins over the chart's labels, as external-secrets applies it.
    known = member_cluster(member, {"fleet_member": "spoke", "addonsRelease": "canary"}, {"x": "1"})
    assert known["labels"]["addonsRelease"] == "canary"
    assert known["annotations"]["x"] == "1"


def test_centralized_member_model(fleet: Path) -> None:
    _write_members(fleet, {"spoke-a.yaml": {**GOOD, "use_remote_argo": "false"}})
    (member,) = load_members(str(fleet), _case(REG_CASE)["hub"])
    assert member.model.name == CENTRALIZED
    assert member.model.hub_renders("addons") and member.model.hub_renders("resources")
    assert member.model.describe("spoke-a").startswith("centralized")


def test_register_with_missing_hub_file_is_one_line() -> None:
    result = run_cli("register", "--repo", str(REFERENCE_FLEET), "--hub", "/no/such/hub.yaml")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "argocd-fleet: error: /no/such/hub.yaml: no such file (--hub is relative to the "
        f"working directory, {os.getcwd()})"
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            "  creationPolicy: Replace\n",
            "chart value externalSecret.creationPolicy must be one of Owner, Orphan, Merge, "
            "None, CreateOrMerge, not 'Replace'",
        ),
        (
            "  targetName: Spoke_A\n",
            "chart value externalSecret.targetName must be a Kubernetes name "
            "(lower-case letters, digits, '-' and '.'), not 'Spoke_A'",
        ),
    ],
)
def test_chart_values_the_api_server_would_refuse_are_one_error(
    fleet: Path, tmp_path: Path, values: str, message: str
) -> None:
    # The cluster level of the fleet-secret hierarchy of the reference spoke.
    level = fleet / "addons/tenants/tenant1/environments/np/clusters/spoke-dev-workload1"
    path = level / "fleet/fleet-secret/values.yaml"
    path.write_text(path.read_text().rstrip("\n") + "\n" + values)  # under `externalSecret:`
    hub = _hub_file(tmp_path, _case(REG_CASE)["hub"])
    result = run_cli("register", "--repo", str(fleet), "--hub", hub)
    assert (result.returncode, result.stdout) == (1, "")
    member = f"{MEMBERS}/spoke-dev-workload1.yaml"
    assert result.stderr == f"argocd-fleet: error: {member}: {message}\n"


def test_a_null_that_removes_a_needed_default_is_an_error() -> None:
    # A null removes the chart's default (Helm's coalescing): the chart would print `name: `
    # and the API server refuse the SecretStore.
    values = coalesce(CHART_DEFAULTS, {"secretStore": {"enabled": True, "name": None}})
    with pytest.raises(
        FleetError, match=r"^values.yaml: chart value secretStore.name must be a Kubernetes"
    ):
        render(values, "spoke-a", "values.yaml")
