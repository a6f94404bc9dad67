"""`argocd-fleet validate` as users run it: outputs, exit codes, bad input, the shipped fleets.

The rules themselves have their own tests in tests/lint/ (a failing and a passing case
each); here the findings on the reference fleet and the example fleet are written out by
hand, from the reasoning in each comment.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

from cmp_plugin.cli import COMMANDS
from cmp_plugin.lint.core import Finding
from cmp_plugin.lint.report import github_line
from helpers import REFERENCE_FLEET, ROOT, run_cli, run_cli_process, write_reference_hub

EXAMPLE = ROOT / "examples" / "fleet"


def validate(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = run_cli("validate", "--repo", ".", *args, cwd=cwd)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr


# --------------------------------------------------------------------------------------------
# the shipped fleets


def test_the_example_fleet_is_clean() -> None:
    # Every value file is read (the hub's and each spoke's hierarchy), every enabled
    # component reaches a cluster, every release label names a release and every release of
    # addons (default, canary) has clusters on it.
    status, out, err = validate(cwd=EXAMPLE)
    assert (status, out, err) == (0, "", "argocd-fleet validate: 0 errors, 0 warnings\n")


@pytest.fixture
def reference_hub(tmp_path: Path) -> Path:
    """The hub of the e2e golden case, with the annotations its cluster secret carries."""
    return write_reference_hub(tmp_path / "hub.yaml")


def test_the_reference_fleet(reference_hub: Path) -> None:
    """Clusters: hub-cluster-np (tenant control-plane, environment np, addonsRelease default,
    basepaths addons and resources) and its member spoke-dev-workload1 (tenant1, np, basepath
    addons/tenants); default bootstrap values (repoNames [addons]) for every group."""
    unread = "warning: no cluster reads this file"
    no_level = f"{unread}: its path fits no level of the hierarchy eks-fleet [unread-value-file]"
    other_repo = (
        f"{unread}: 'resources' is a cluster's resources_repo_basepath, but group resources "
        "reads the repoNames addons only [unread-value-file]"
    )
    expected = [
        # The hub has no monitoringRelease label: it renders the first monitoring release,
        # whose ApplicationSets select monitoringRelease=default (golden e2e-hub-monitoring).
        f"{reference_hub}:1: warning: cluster hub-cluster-np has no monitoringRelease label, "
        "while the 2 releases of group monitoring select on it (default, release2): it gets "
        "none of the group's Applications [unreached-cluster]",
        # eks-fleet reads environments/np/defaults/..., not environments/np/application-sets.
        f"addons/tenants/tenant1/environments/np/application-sets/addons.yaml:1: {no_level}",
        # The spoke's cluster-level fleet-secret values override tenant1's release1 with dev.
        "addons/tenants/tenant1/environments/np/clusters/spoke-dev-workload1/fleet/fleet-secret/"
        "values.yaml:3: error: addonsRelease='dev' on cluster spoke-dev-workload1 names no "
        "release of group addons (releases: default, release1): the cluster gets none of the "
        "group's Applications [undefined-release]",
        # No cluster is left on addonsRelease=release1 (hub: default, spoke: dev) ...
        "fleet/bootstrap/versions/applicationSets.yaml:18: warning: release 'release1' of "
        "group addons: no cluster has the label addonsRelease='release1', so it deploys "
        "nowhere [unused-release-label]",
        # ... nor on monitoringRelease=release2 (spoke: default, hub: none).
        "fleet/bootstrap/versions/applicationSets.yaml:34: warning: release 'release2' of "
        "group monitoring: no cluster has the label monitoringRelease='release2', so it "
        "deploys nowhere [unused-release-label]",
        # resources/ keeps a layout of its own: clusters/ directly under the tenant ...
        f"resources/control-plane/clusters/hub-cluster-live/application-sets/resources.yaml:1: {no_level}",
        f"resources/control-plane/clusters/hub-cluster-np/application-sets/addons.yaml:1: {no_level}",
        f"resources/control-plane/clusters/hub-cluster-np/application-sets/resources.yaml:1: {no_level}",
        f"resources/control-plane/clusters/hub-cluster-prod/application-sets/addons.yaml:1: {no_level}",
        # ... and the resources group reads the addons basepath only (default repoNames).
        f"resources/control-plane/defaults/application-sets/resources.yaml:1: {other_repo}",
        f"resources/tenants/defaults/application-sets/resources.yaml:1: {other_repo}",
        f"resources/tenants/tenant1/environments/dev/application-sets/resources.yaml:1: {no_level}",
        f"resources/tenants/tenant1/environments/test/application-sets/resources.yaml:1: {no_level}",
    ]  # fmt: skip
    status, out, err = validate("--hub", str(reference_hub), cwd=REFERENCE_FLEET)
    assert out.splitlines() == expected
    assert (status, err) == (1, "argocd-fleet validate: 1 error, 12 warnings\n")


# --------------------------------------------------------------------------------------------
# outputs and exit codes, on a copy of the example fleet with one error and one warning

TYPO_FILE = "addons/tenants/team-a/environments/dev/defaults/application-sets/addons.yaml"
VERSIONS = "fleet/bootstrap/versions/applicationSets.yaml"
ERROR_LINE = (
    f"{TYPO_FILE}:3: error: external-secrets.enable: the chart reads no component field "
    "'enable' (did you mean 'enabled'?) [unknown-key]"
)
WARNING_LINE = (
    f"{VERSIONS}:15: warning: release 'next' of group monitoring: no cluster has the label "
    "monitoringRelease='next', so it deploys nowhere [unused-release-label]"
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    shutil.copytree(EXAMPLE, root)
    return root


def add_warning(root: Path) -> None:
    versions = root / VERSIONS
    text = versions.read_text().replace(
        "  monitoring:\n    - type: default\n",
        "  monitoring:\n    - type: default\n    - type: next\n",
    )
    assert "type: next" in text
    versions.write_text(text)


def add_error(root: Path) -> None:
    typo = root / TYPO_FILE
    text = typo.read_text().replace("  enabled: false", "  enable: false")
    assert "enable: false" in text
    typo.write_text(text)


def test_text_output_and_exit_status_1_on_an_error(example: Path) -> None:
    add_warning(example)
    add_error(example)
    status, out, err = validate(cwd=example)
    assert out == f"{ERROR_LINE}\n{WARNING_LINE}\n"
    assert (status, err) == (1, "argocd-fleet validate: 1 error, 1 warning\n")


def test_warnings_only_exit_0(example: Path) -> None:
    add_warning(example)
    status, out, err = validate(cwd=example)
    assert (status, out, err) == (
        0,
        f"{WARNING_LINE}\n",
        "argocd-fleet validate: 0 errors, 1 warning\n",
    )


def test_paths_are_the_repo_argument_joined_with_the_file(example: Path) -> None:
    add_warning(example)
    result = run_cli("validate", "--repo", "fleet", cwd=example.parent)
    assert result.stdout == f"fleet/{WARNING_LINE}\n"


def test_json_output_is_sorted_and_byte_stable(example: Path) -> None:
    add_warning(example)
    add_error(example)
    runs = [
        run_cli_process(
            "validate", "--repo", ".", "-o", "json", cwd=example, env={"PYTHONHASHSEED": seed}
        )
        for seed in ("0", "1", "2")
    ]
    assert {run.stdout for run in runs} == {runs[0].stdout}
    assert [run.returncode for run in runs] == [1, 1, 1]
    assert json.loads(runs[0].stdout) == [
        {
            "file": TYPO_FILE,
            "line": 3,
            "severity": "error",
            "rule": "unknown-key",
            "message": "external-secrets.enable: the chart reads no component field 'enable' "
            "(did you mean 'enabled'?)",
        },
        {
            "file": VERSIONS,
            "line": 15,
            "severity": "warning",
            "rule": "unused-release-label",
            "message": "release 'next' of group monitoring: no cluster has the label "
            "monitoringRelease='next', so it deploys nowhere",
        },
    ]


def test_json_output_of_a_clean_fleet_is_an_empty_list() -> None:
    status, out, _ = validate("-o", "json", cwd=EXAMPLE)
    assert (status, json.loads(out)) == (0, [])


def test_github_output(example: Path) -> None:
    add_warning(example)
    add_error(example)
    status, out, _ = validate("-o", "github", cwd=example)
    assert status == 1
    assert out.splitlines() == [
        f"::error file={TYPO_FILE},line=3,title=unknown-key::external-secrets.enable: the chart "
        "reads no component field 'enable' (did you mean 'enabled'?)",
        f"::warning file={VERSIONS},line=15,title=unused-release-label::release 'next' of group "
        "monitoring: no cluster has the label monitoringRelease='next', so it deploys nowhere",
    ]


def test_github_escaping() -> None:
    finding = Finding("a,b:c.yaml", 2, "error", "schema", "100% wrong\nsecond line")
    assert github_line(finding) == (
        "::error file=a%2Cb%3Ac.yaml,line=2,title=schema::100%25 wrong%0Asecond line"
    )


@pytest.mark.parametrize(
    "args",
    [("-o", "xml"), ("--values", "addons"), ("--values", "a=1", "--values", "a=2")],
    ids=["bad-format", "values-without-file", "values-twice"],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    status, out, err = validate(*args, cwd=EXAMPLE)
    assert (status, out) == (2, "")
    assert "rror" in err


# --------------------------------------------------------------------------------------------
# bad input: one line on stderr, exit 1, nothing on stdout


def test_a_missing_repository(tmp_path: Path) -> None:
    result = run_cli("validate", "--repo", str(tmp_path / "nope"))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"argocd-fleet: error: {tmp_path / 'nope'}: repository directory does not exist\n"
    )


def test_no_versions_file(example: Path) -> None:
    (example / VERSIONS).unlink()
    assert validate(cwd=example) == (
        1,
        "",
        f"argocd-fleet: error: {VERSIONS}: versions file not found\n",
    )


SKIPPED = (
    "; no hub (no --hub, and no clusters/hub.yaml in the repository), so the rules that need "
    "the clusters were skipped: undefined-release, unused-release-label, unreached-cluster, "
    "unread-value-file, unselected-component, render; give --hub FILE|NAME to run them\n"
)


def test_without_a_hub_the_rules_that_need_no_cluster_still_run(example: Path) -> None:
    # The typo is found (unknown-key reads the value files alone); the unused release
    # `next` is not: finding it needs the clusters, and the summary says that rule was skipped.
    (example / "clusters" / "hub.yaml").unlink()
    add_error(example)
    add_warning(example)
    status, out, err = validate(cwd=example)
    assert (status, out) == (1, f"{ERROR_LINE}\n")
    assert err == "argocd-fleet validate: 1 error, 0 warnings" + SKIPPED


def test_without_a_hub_a_clean_repository_passes_and_says_what_was_skipped() -> None:
    # The reference fleet has no clusters/hub.yaml.
    status, out, err = validate(cwd=REFERENCE_FLEET)
    assert (status, out) == (0, "")
    assert err == "argocd-fleet validate: 0 errors, 0 warnings" + SKIPPED


def test_the_hub_by_name(example: Path) -> None:
    # fleet-hub is the name in clusters/hub.yaml; spoke-dev-1 a fleet member, taken as the
    # hub: it has no members of its own, so it is the only cluster, and it runs the canary
    # release of addons: none runs the default one.
    add_warning(example)
    assert validate("--hub", "fleet-hub", cwd=example) == validate(cwd=example)
    status, out, _ = validate("--hub", "spoke-dev-1", cwd=example)
    assert status == 0
    assert (
        f"{VERSIONS}:8: warning: release 'default' of group addons: no cluster has the label "
        "addonsRelease='default', so it deploys nowhere [unused-release-label]"
    ) in out.splitlines()


# --------------------------------------------------------------------------------------------
# chart mode: -f values files


def test_chart_mode_values_files(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "mergeValues:\n  addons:\n    use: true\nexternal-dns:\n  enable: true\n"
    )
    (tmp_path / "more.yaml").write_text("metrics-server:\n  enabled: yes\n  enabled: true\n")
    result = run_cli("validate", "-f", "base.yaml", "-f", "more.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            # external-dns is a component of the addons catalog the values merge.
            "base.yaml:5: error: external-dns.enable: the chart reads no component field "
            "'enable' (did you mean 'enabled'?) [unknown-key]",
            "more.yaml:3: error: duplicate key 'enabled' (first at line 2; only one of them "
            "can apply) [duplicate-key]",
        ],
    )
    assert result.stderr == "argocd-fleet validate: 2 errors, 0 warnings\n"


def test_chart_mode_shipped_example_is_clean() -> None:
    result = run_cli("validate", "-f", "examples/chart/values.yaml", cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, "")


def test_chart_mode_schema_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text("web:\n  enabled: true\n  namespace: {a: 1}\n")
    (tmp_path / "broken.yaml").write_text("web: [\n")
    result = run_cli("validate", "-f", "values.yaml", "-f", "broken.yaml", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert [line.split(": ")[0] + " " + line.rsplit(" ", 1)[-1] for line in lines] == [
        "broken.yaml:1 [invalid-file]",
        "values.yaml:3 [schema]",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("-f", "v.yaml", "--repo", "."),
            "-f checks chart-mode values files; --repo are for --repo",
        ),
        ((), "give --repo DIR (a fleet repository) or -f VALUES.yaml (chart mode)"),
        (("--repo", ".", "--catalog", "c"), "--catalog is for -f (chart mode)"),
    ],
    ids=["both", "neither", "catalog-with-repo"],
)
def test_chart_mode_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run_cli("validate", *args, cwd=EXAMPLE)
    assert (result.returncode, result.stdout) == (2, "")
    assert message in result.stderr


def test_a_broken_file_is_a_finding_not_the_end(example: Path) -> None:
    (example / TYPO_FILE).write_text("external-secrets: [\n")
    add_warning(example)
    status, out, _ = validate(cwd=example)
    assert status == 1
    assert out.splitlines() == [
        f"{TYPO_FILE}:1: error: invalid YAML: did not find expected node content (while "
        "parsing a flow node) [invalid-file]",
        WARNING_LINE,
    ]


# --------------------------------------------------------------------------------------------
# pre-commit


def test_the_pre_commit_hook_names_a_real_command() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in hooks] == ["argocd-fleet-validate"]
    hook = hooks[0]
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    program, command, *args = hook["entry"].split()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert program in scripts and command in COMMANDS
    assert args == ["--repo", "."]
    files = re.compile(hook["files"])
    assert files.search("addons/bootstrap/defaults/addons.yaml")
    assert files.search("clusters/hub.yml")
    assert not files.search("README.md")
    # What pre-commit runs, in a fleet repository's root.
    result = run_cli(*hook["entry"].split()[1:], cwd=EXAMPLE)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_documentation_names_every_rule_with_its_severity() -> None:
    from cmp_plugin.lint.core import rule_modules

    docs = (ROOT / "docs" / "validate.md").read_text()
    for rule in rule_modules():
        assert f"### {rule.ID}\n\n**{rule.SEVERITY.capitalize()}" in docs, rule.ID
        assert f"[`{rule.ID}`](#{rule.ID}) | {rule.SEVERITY}" in docs, rule.ID
        assert rule.__doc__ and rule.__doc__.startswith(f"{rule.ID} ({rule.SEVERITY}")
