"""`argocd-fleet explain`: the effective value of a key and every file:line that set it.

Expectations are read off the files by hand (the line numbers are those of the files named).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cmp_plugin.chart.trace import parse_key, trace_key
from cmp_plugin.errors import UsageError
from cmp_plugin.fleet.catalogs import catalog_directory
from cmp_plugin.sources import ValueSource, value_at
from helpers import GOLDEN, REFERENCE_FLEET, ROOT, run_cli

EXAMPLE = ROOT / "examples" / "fleet"
CATALOG = "<built-in catalog>/addons.yaml"
CONTROL_PLANE = "addons/control-plane/defaults/application-sets/addons.yaml"


@pytest.fixture(scope="module")
def hub_np(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The hub-cluster-np of the reference fleet and its addons bootstrap values (e2e case)."""
    case = yaml.safe_load((GOLDEN / "e2e" / "e2e-hub-addons" / "case.yaml").read_text())
    directory = tmp_path_factory.mktemp("hub-np")
    cluster, values = directory / "cluster.yaml", directory / "values.yaml"
    cluster.write_text(yaml.safe_dump(case["cluster"], sort_keys=False))
    values.write_text(yaml.safe_dump(case["values"], sort_keys=False))
    return str(cluster), str(values)


def explain_reference(
    hub_np: tuple[str, str], key: str, *more: str, release: str | None = "default"
) -> str:
    """`explain KEY` on the reference fleet's hub-cluster-np, for one release by default."""
    cluster, values = hub_np
    args = ["--repo", str(REFERENCE_FLEET), "--group", "addons", "--cluster", cluster]
    args += ["--values", values, *(["--release", release] if release else []), *more, key]
    run = run_cli("explain", *args)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    return run.stdout


def explain_lines(hub_np: tuple[str, str], key: str) -> list[str]:
    return explain_reference(hub_np, key).splitlines()


def test_a_catalog_value_overridden_by_the_tenant_defaults(hub_np: tuple[str, str]) -> None:
    lines = explain_lines(hub_np, "external-dns.enableAckPodIdentity")
    assert lines == [
        f"# group addons, cluster hub-cluster-np, release default; bootstrap values: {hub_np[1]}",
        "external-dns.enableAckPodIdentity: true",
        f"  {CATALOG}:156: set to false",
        f"  {CONTROL_PLANE}:8: overrode with true",
    ]


def test_a_file_that_repeats_the_value_is_listed_with_no_effect(hub_np: tuple[str, str]) -> None:
    lines = explain_lines(hub_np, "karpenter.enabled")
    assert lines[1:] == [
        "karpenter.enabled: false",
        f"  {CATALOG}:90: set to false",
        f"  {CONTROL_PLANE}:3: sets false (no effect: same value)",
    ]


def test_bootstrap_values_and_chart_defaults_are_steps(hub_np: tuple[str, str]) -> None:
    lines = explain_lines(hub_np, "useSelectors")
    assert lines[1:] == [
        "useSelectors: 'false'",
        "  <chart values.yaml>:29: set to 'false'",
        f"  {hub_np[1]}:3: sets 'false' (no effect: same value)",
    ]


def test_derived_values_of_the_release_are_the_last_step(hub_np: tuple[str, str]) -> None:
    output = explain_reference(hub_np, "releaseType", release=None)
    blocks = output.split("\n\n")
    # The hub is labelled addonsRelease=default, a release of the group: it gets every release.
    assert [block.splitlines()[1:] for block in blocks] == [
        ["releaseType: default", "  (derived values of release default): set to default"],
        ["releaseType: release1", "  (derived values of release release1): set to release1"],
    ]
    assert "release release1;" in blocks[1].splitlines()[0]


def test_a_map_is_explained_leaf_by_leaf(hub_np: tuple[str, str]) -> None:
    lines = explain_lines(hub_np, "external-dns.selector")
    assert lines[1:] == [
        "external-dns.selector.matchExpressions: [{key: enable_external_dns, operator: In, "
        "values: ['true']}]",
        f"  {CATALOG}:163: set to [{{key: enable_external_dns, operator: In, values: ['true']}}]",
    ]


def test_a_list_index_in_the_key(hub_np: tuple[str, str]) -> None:
    lines = explain_lines(hub_np, "external-dns.selector.matchExpressions.0.key")
    assert lines[1:] == [
        "external-dns.selector.matchExpressions.0.key: enable_external_dns",
        f"  {CATALOG}:164: set to enable_external_dns",
    ]


def test_a_key_nobody_sets(hub_np: tuple[str, str]) -> None:
    lines = explain_lines(hub_np, "velero.enabled")
    assert lines[1:] == ["velero.enabled: not set", "  no file sets it"]


def test_a_misspelt_key_gets_the_closest_key_that_is_set(hub_np: tuple[str, str]) -> None:
    lines = explain_lines(hub_np, "external-dns.enable")
    assert lines[1:] == [
        "external-dns.enable: not set",
        "  no file sets it",
        "  did you mean external-dns.enabled?",
    ]
    assert explain_lines(hub_np, "externaldns.enabled")[-1] == "  did you mean external-dns?"


def test_bootstrap_values_found_in_the_repository_name_their_real_line() -> None:
    run = run_cli("explain", "--repo", str(EXAMPLE), "--group", "addons", "useSelectors")
    assert run.returncode == 0, run.stderr
    appset = "fleet/bootstrap/fleet-hub/hub-fleet-appset.yaml"
    first = run.stdout.split("\n\n")[0].splitlines()
    assert first == [
        f"# group addons, cluster fleet-hub, release default; bootstrap values: {appset}",
        "useSelectors: 'true'",
        "  <chart values.yaml>:29: set to 'false'",
        f"  {appset}:39: overrode with 'true'",
    ]
    assert (EXAMPLE / appset).read_text().splitlines()[38].strip() == 'useSelectors: "true"'


def test_a_release_catalog_replaces_the_built_in_one() -> None:
    run = run_cli(
        "explain", "--repo", str(EXAMPLE), "--group", "addons", "--release", "canary",
        "metrics-server.defaultVersion",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1:] == [
        "metrics-server.defaultVersion: 3.12.2",
        "  fleet/bootstrap/catalogs/canary/addons.yaml:22: set to 3.12.2",
    ]


def test_json_output(hub_np: tuple[str, str]) -> None:
    values = hub_np[1]
    output = explain_reference(hub_np, "external-dns.enableAckPodIdentity", "-o", "json")
    assert json.loads(output) == [
        {
            "context": "group addons, cluster hub-cluster-np, release default; "
            f"bootstrap values: {values}",
            "key": "external-dns.enableAckPodIdentity",
            "set": True,
            "value": True,
            "steps": [
                {"file": CATALOG, "line": 156, "kind": "catalog", "effect": "set", "value": False},
                {"file": CONTROL_PLANE, "line": 8, "kind": "values", "effect": "overrode", "value": True},
            ],
        }
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# chart mode: the merge rules the replay must follow


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_chart_mode_files_in_order_and_a_null_that_removes(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", "mergeValues:\n  addons:\n    use: true\n")
    second = write(tmp_path / "b.yaml", "# cluster\nexternal-dns:\n  enabled: false\n")
    third = write(tmp_path / "c.yaml", "external-dns: null\n")
    run = run_cli("explain", "-f", first, "-f", second, "-f", third, "external-dns.enabled")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "# chart mode",
        "external-dns.enabled: not set",
        f"  {CATALOG}:155: set to true",
        f"  {second}:3: overrode with false",
        f"  {third}:1: removed it (a null, or a parent key that is not a map)",
    ]


def test_catalogs_follow_sprig_merge(tmp_path: Path) -> None:
    """The earliest catalog keeps a value, unless its value is empty (false, "", 0...)."""
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    write(catalogs / "a.yaml", "web:\n  enabled: false\n  chartName: first\n")
    write(catalogs / "b.yaml", "web:\n  chartName: second\n  enabled: true\n")
    values = write(tmp_path / "v.yaml", "mergeValues:\n  a: {use: true}\n  b: {use: true}\n")
    sources = [ValueSource.from_file(values)]
    traces = trace_key(sources, catalog_directory(str(catalogs)), "web")
    described = {
        trace.key: [(Path(s.source).name, s.line, s.effect) for s in trace.steps]
        for trace in traces
    }
    assert described == {
        "web.chartName": [("a.yaml", 3, "set"), ("b.yaml", 2, "no effect")],
        "web.enabled": [("a.yaml", 2, "set"), ("b.yaml", 3, "overrode")],
    }
    assert [trace.value for trace in traces] == ["first", True]


@pytest.mark.parametrize(
    ("text", "keypath"),
    [
        ("external-dns.enabled", ("external-dns", "enabled")),
        (
            r"annotations.eks\.amazonaws\.com/role-arn",
            ("annotations", "eks.amazonaws.com/role-arn"),
        ),
        ("a.0.b", ("a", "0", "b")),
    ],
)
def test_keys(text: str, keypath: tuple[str, ...]) -> None:
    assert parse_key(text) == keypath


@pytest.mark.parametrize("text", ["", "a..b", ".a", "a."])
def test_bad_keys(text: str) -> None:
    with pytest.raises(UsageError):
        parse_key(text)


# --------------------------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--repo", str(EXAMPLE), "a..b"], 2, "fleet mode needs --group"),
        (["--repo", str(EXAMPLE), "--group", "addons", "a..b"], 2, "KEY 'a..b'"),
        (["--group", "addons", "x"], 2, "--group need --repo"),
        (["x"], 2, "give --repo DIR --group GROUP"),
        (["--repo", str(EXAMPLE), "-f", "v.yaml", "--group", "addons", "x"], 2, "-f is chart mode"),
        (["-f", "does-not-exist.yaml", "x"], 1, "does-not-exist.yaml: "),
        (["--repo", str(EXAMPLE), "--group", "nope", "x"], 1, "nope"),
    ],
)
def test_bad_input(args: list[str], status: int, message: str) -> None:
    run = run_cli("explain", *args)
    assert run.returncode == status
    assert run.stdout == ""
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr


def test_embedded_values_are_found_once_or_not_at_all() -> None:
    from cmp_plugin.fleet.bootstrap import embedded_offset

    text = "a: 1\nparams: |\n  x: 1\n  y: 2\nother: |\n  x: 1\n  z: 3\n"
    assert embedded_offset(text, "x: 1\ny: 2\n") == 2  # line 1 of the values is line 3
    assert embedded_offset(text, "\nx: 1\ny: 2\n") == 1  # a leading empty line counts
    assert embedded_offset(text, "x: 1\n") == -1  # twice: which one is unknown
    assert embedded_offset(text, "q: 9\n") == -1


# --------------------------------------------------------------------------------------------
# the trace ends where the render does, for every key of every e2e case


@pytest.mark.parametrize(
    "case", sorted(p for p in (GOLDEN / "e2e").iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_every_trace_ends_at_the_rendered_value(case: Path) -> None:
    from cmp_plugin.fleet.cluster import Cluster
    from cmp_plugin.fleet.explain import explain_fleet
    from cmp_plugin.fleet.hierarchy import resolve
    from cmp_plugin.fleet.paths import Repo
    from cmp_plugin.fleet.render import FleetRequest, fleet_inputs
    from cmp_plugin.generate import chart_mode

    data = yaml.safe_load((case / "case.yaml").read_text())
    repo = Repo.at(str(GOLDEN / data["repo"] if "repo" in data else REFERENCE_FLEET))
    request = FleetRequest(
        repo=repo,
        group=data["group"],
        cluster=Cluster.from_mapping(data["cluster"], "case.yaml"),
        bootstrap=ValueSource(
            display="values", text=yaml.safe_dump(data["values"]), data=data["values"]
        ),
        hierarchy=resolve(data.get("hierarchy"), repo),
    )
    for entry in fleet_inputs(request).releases:
        rendered = chart_mode(entry.sources, catalog=entry.catalog)
        assert rendered.values, case.name
        for key in rendered.values:
            release_only = FleetRequest(**{**vars(request), "release": entry.release.type})
            traces = explain_fleet(release_only, str(key).replace(".", "\\."))
            assert traces, f"{case.name}: {key}"
            for trace in traces:
                assert trace.keypath[0] == key
                assert trace.value == value_at(rendered.values, trace.keypath)
                assert trace.steps, f"{case.name}: nothing sets {trace.key}"
                assert trace.steps[-1].result == trace.value
