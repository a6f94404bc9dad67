"""Bounded memory, output and time (docs/security.md, "Limits"), tried as argocd-cmp-server runs
the plugin: the sidecar has 512 MiB, Argo CD caps a response at 100 MiB and kills a plugin after
about a minute. Any input of at most 4 MiB renders or fails with one clear line within 10 s and
512 MiB; the peak RSS and wall time of the plugin process are measured (`cmp_harness`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cmp_harness import Run, array, run_plugin, string
from helpers import ROOT, TESTS, run_cli, run_cli_process

SMALL_FLEET = TESTS / "bad_inputs" / "fleet"
MiB = 1024 * 1024
CLUSTER = {
    "name": "dev-1",
    "labels": {"tenant": "team-a", "environment": "dev"},
    "annotations": {"addons_repo_basepath": "addons/tenants"},
}
FLEET_PARAMETERS = [string("group", "addons"), string("cluster", json.dumps(CLUSTER))]
CHART_PARAMETERS = [array("valueFiles", ["values.yaml"])]


def error_line(run: Run) -> str:
    """One clear error line: exit 1, nothing on stdout, never an internal error."""
    assert run.returncode == 1, (run.returncode, run.stderr[-500:])
    assert run.stdout == ""
    lines = [line for line in run.stderr.splitlines() if "warning:" not in line]
    assert len(lines) == 1 and lines[0].startswith("argocd-fleet: error: "), run.stderr[-500:]
    return lines[0]


def chart_app(tmp_path: Path, values: str, name: str = "repo") -> Path:
    """A repository whose Application `apps/v` renders `apps/v/values.yaml` in chart mode."""
    repo = tmp_path / name
    shutil.copytree(SMALL_FLEET, repo, symlinks=True)
    (repo / "apps" / "v").mkdir(parents=True)
    (repo / "apps" / "v" / "values.yaml").write_text(values)
    return repo


def run_chart(tmp_path: Path, values: str, **env: str) -> Run:
    return run_plugin(chart_app(tmp_path, values), "apps/v", CHART_PARAMETERS, extra_env=env)


def components(count: int, start: int = 0) -> str:
    return "".join(f"c{index}:\n  enabled: true\n" for index in range(start, start + count))


def filled(prefix: str, unit: str, suffix: str, size: int = 4 * MiB - 64) -> str:
    """`prefix`, `unit` repeated, `suffix`: at most `size` characters."""
    return prefix + unit * ((size - len(prefix) - len(suffix)) // len(unit)) + suffix


# --------------------------------------------------------------------------------------------
# each finding of the issue


def test_a_scalar_aliased_256_times_is_refused_by_its_expanded_bytes(tmp_path: Path) -> None:
    values = "a: &a " + "x" * MiB + "\nweb:\n  enabled: true\n  valuesObject:\n    b: ["
    values += ", ".join(["*a"] * 256) + "]\n"
    run = run_chart(tmp_path, values)
    line = error_line(run)
    assert "values.yaml: expands through aliases to more than 16777216 bytes" in line
    assert run.max_rss_mib < 100, run.max_rss_mib


@pytest.mark.parametrize(
    "pattern",
    ["{cluster:>300000000}", "{cluster!r}", "{cluster!s:>9}", "{cluster[0]}", "{cluster.name}"],
)
def test_hierarchy_patterns_take_only_bare_placeholders(tmp_path: Path, pattern: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SMALL_FLEET, repo, symlinks=True)
    levels = ["{basepath}/{tenant}/defaults/application-sets/{group}.yaml", f"x/{pattern}.yaml"]
    (repo / "hierarchy.yaml").write_text(json.dumps({"levels": levels}))
    run = run_plugin(repo, ".", [*FLEET_PARAMETERS, string("hierarchy", "hierarchy.yaml")])
    line = error_line(run)
    assert line.startswith(f"argocd-fleet: error: hierarchy.yaml: pattern 'x/{pattern}.yaml': "), (
        line
    )
    assert f"{pattern} is not a bare placeholder" in line
    assert run.seconds < 5 and run.max_rss_mib < 100


def test_a_4_mib_flow_list_is_refused_before_it_is_built(tmp_path: Path) -> None:
    values = filled("web:\n  enabled: true\n  valuesObject: {a: [", "1,", "1]}\n")
    run = run_chart(tmp_path, values)
    assert "values.yaml:3: holds more than 250000 nodes" in error_line(run)
    # Built, two million numbers cost some 800 MB; refused from the parser's events, little.
    assert run.max_rss_mib < 100, run.max_rss_mib


def test_40000_components_are_refused_before_they_are_built(tmp_path: Path) -> None:
    run = run_chart(tmp_path, components(40_000))
    line = error_line(run)
    assert "40000 ApplicationSets are more than the limit of 10000 objects" in line
    assert "ARGOCD_FLEET_MAX_OBJECTS" in line
    assert run.max_rss_mib < 200, run.max_rss_mib


def test_the_estimated_output_is_capped_while_rendering(tmp_path: Path) -> None:
    # Without the object limit, 40,000 components print about 90 MiB: past the default
    # output limit of 64 MiB, so the render stops early and prints nothing.
    run = run_chart(tmp_path, components(40_000), ARGOCD_FLEET_MAX_OBJECTS="100000")
    line = error_line(run)
    assert "the output would be larger than the limit of 67108864 bytes" in line
    assert "ARGOCD_FLEET_MAX_OUTPUT_BYTES" in line
    assert run.max_rss_mib < 512


@pytest.mark.parametrize("output", ["json", "yaml"])
def test_the_written_output_is_capped_exactly(tmp_path: Path, output: str) -> None:
    # Control characters print as six bytes each in JSON (\u0001) and YAML ("\x01"): the
    # estimate stays under the limit, the text does not.
    values = 'web:\n  enabled: true\n  valuesObject:\n    a: "' + "\\x01" * 30_000 + '"\n'
    repo = chart_app(tmp_path, values)
    parameters = [*CHART_PARAMETERS, string("output", output)]
    limit = {"ARGOCD_FLEET_MAX_OUTPUT_BYTES": "100000"}
    run = run_plugin(repo, "apps/v", parameters, extra_env=limit)
    assert "the output is larger than the limit of 100000 bytes" in error_line(run)
    fine = run_plugin(
        repo, "apps/v", parameters, extra_env={"ARGOCD_FLEET_MAX_OUTPUT_BYTES": "400000"}
    )
    assert fine.returncode == 0, fine.stderr


def test_the_output_limits_hold_for_the_command_line_too(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(components(5))
    result = run_cli_process("generate", "-f", str(values), env={"ARGOCD_FLEET_MAX_OBJECTS": "4"})
    assert result.returncode == 1 and result.stdout == ""
    assert "5 ApplicationSets are more than the limit of 4 objects" in result.stderr
    result = run_cli_process(
        "generate", "-f", str(values), "-o", "json", env={"ARGOCD_FLEET_MAX_OUTPUT_BYTES": "2000"}
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "larger than the limit of 2000 bytes" in result.stderr


def test_many_releases_over_large_globals_are_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SMALL_FLEET, repo, symlinks=True)
    big_globals = {f"key{index}": "v" * 100 for index in range(20_000)}
    versions = {
        "releases": {"globals": big_globals, "addons": [{"type": f"r{n}"} for n in range(2000)]}
    }
    (repo / "fleet/bootstrap/versions/applicationSets.yaml").write_text(json.dumps(versions))
    run = run_plugin(repo, ".", FLEET_PARAMETERS)
    assert "releases.addons: 2000 releases, each merged over releases.globals" in error_line(run)
    assert run.seconds < 10 and run.max_rss_mib < 200


@pytest.mark.parametrize("members", [9_000, 12_000])
def test_a_member_list_file_of_4_mib_stays_within_bounds(tmp_path: Path, members: int) -> None:
    # One member file may list many members: 9,000 render (about 1 ms each), 12,000 are
    # refused by the object limit before any is rendered.
    repo = tmp_path / "example"
    shutil.copytree(ROOT / "examples" / "fleet", repo, symlinks=True)
    folder = repo / "fleet/fleet-bootstrap/fleet-members/fleet-hub"
    entry = "- {{clusterName: s{0}, tenant: team-a, secretManagerSecretName: fleet/s{0}}}\n"
    (folder / "many.yaml").write_text("".join(entry.format(n) for n in range(members)))
    assert (folder / "many.yaml").stat().st_size <= 4 * MiB
    hub = yaml.safe_load((ROOT / "examples/fleet/clusters/hub.yaml").read_text())
    run = run_plugin(repo, ".", [string("mode", "register"), string("cluster", json.dumps(hub))])
    if members > 10_000:
        line = error_line(run)
        assert (
            f"many.yaml: {members} fleet members are more than the limit of 10000 objects" in line
        )
    else:
        assert run.returncode == 0, run.stderr[-300:]
        assert run.stdout.count('"kind": "ExternalSecret"') == members + 2
    assert run.seconds < 10 and run.max_rss_mib < 512, (run.seconds, run.max_rss_mib)


def test_a_5000_digit_integer_reads_as_a_string_as_in_helm(tmp_path: Path) -> None:
    """go-yaml v2 makes a number no int64, uint64 or float64 holds a string (Helm writes it
    back as written); it never reaches Python's int conversion limits."""
    digits = "9" * 5000
    run = run_chart(tmp_path, "web:\n  enabled: true\n  valuesObject: {a: " + digits + "}\n")
    assert run.returncode == 0, run.stderr[-500:]
    (appset,) = [json.loads(part) for part in run.stdout.split("---\n") if part.strip()]
    assert appset["spec"]["template"]["spec"]["sources"][1]["helm"]["valuesObject"]["a"] == digits
    assert run.seconds < 10


def test_an_integer_beyond_a_float_reads_as_a_string_as_in_helm(tmp_path: Path) -> None:
    # 400 digits: beyond float64 (`ParseFloat` fails), so go-yaml keeps the text.
    run = run_chart(tmp_path, "web:\n  enabled: true\n  valuesObject: {a: " + "1" * 400 + "}\n")
    assert run.returncode == 0, run.stderr[-500:]
    (appset,) = [json.loads(part) for part in run.stdout.split("---\n") if part.strip()]
    assert appset["spec"]["template"]["spec"]["sources"][1]["helm"]["valuesObject"]["a"] == (
        "1" * 400
    )


def test_a_5000_digit_set_value_stays_a_string() -> None:
    digits = "7" * 5000
    result = run_cli(
        "generate",
        "--set",
        "web.enabled=true",
        "--set",
        f"web.valuesObject.big={digits}",
        "-o",
        "json",
    )
    assert result.returncode == 0, result.stderr
    helm = json.loads(result.stdout)[0]["spec"]["template"]["spec"]["sources"][1]["helm"]
    assert helm["valuesObject"]["big"] == digits


def test_a_nul_in_a_merge_values_key_is_a_clear_error(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SMALL_FLEET, repo, symlinks=True)
    values = string("values", 'mergeValues:\n  "add\\0ons": {use: true}\n')
    run = run_plugin(repo, ".", [*FLEET_PARAMETERS, values])
    assert "mergeValues: 'add\\x00ons' is not a catalog name" in error_line(run)


def test_250_deep_parentheses_in_a_template_are_no_internal_error(tmp_path: Path) -> None:
    # Preview evaluates the ApplicationSet templates; Python's own parser stops at 200
    # nested parentheses, which its fast path used to reach.
    repo = tmp_path / "example"
    shutil.copytree(ROOT / "examples" / "fleet", repo, symlinks=True)
    deep = "{{ " + "(" * 250 + ".name" + ")" * 250 + " }}"
    defaults = repo / "addons/control-plane/defaults/application-sets/addons.yaml"
    values = yaml.safe_load(defaults.read_text())
    values["metrics-server"]["namespace"] = deep
    defaults.write_text(yaml.safe_dump(values))
    result = run_cli("preview", "--repo", str(repo), "-o", "json")
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr


HOSTILE_TEXTS = [
    "a\x00b",
    "x" * 300,
    "../x",
    "/etc",
    "a\\b",
    "\u2028",
    "9" * 5000,
    "[",
    "*a",
    "&a x",
]


def test_hostile_parameter_values_never_end_as_internal_errors(tmp_path: Path) -> None:
    """Every parameter, and each path-building field of the cluster, given each hostile text:
    a clear error (FleetError) or a render, never another exception (an internal error).
    In-process, as the plugin calls it, to try them all quickly."""
    from cmp_plugin import cmp
    from cmp_plugin.errors import FleetError
    from cmp_plugin.limits import LIMITS

    repo = tmp_path / "repo"
    shutil.copytree(SMALL_FLEET, repo, symlinks=True)
    attempts = []
    for text in HOSTILE_TEXTS:
        for name in (*cmp.STRING_PARAMETERS, "valueFiles"):
            chosen = {"group": "addons", "cluster": json.dumps(CLUSTER), name: text}
            if name == "valueFiles":
                del chosen["group"]
            attempts.append(chosen)
        for field in ("name", "tenant", "environment", "basepath"):
            cluster = json.loads(json.dumps(CLUSTER))
            if field == "name":
                cluster["name"] = text
            elif field == "basepath":
                cluster["annotations"]["addons_repo_basepath"] = text
            else:
                cluster["labels"][field] = text
            attempts.append({"group": "addons", "cluster": json.dumps(cluster)})
    unexpected = []
    for chosen in attempts:
        parameters = [
            {"name": key, "array": [value]}
            if key == "valueFiles"
            else {"name": key, "string": value}
            for key, value in chosen.items()
        ]
        environ = {"ARGOCD_APP_PARAMETERS": json.dumps(parameters), "ARGOCD_APP_SOURCE_PATH": "."}
        try:
            cmp.generate(environ, str(repo))
        except FleetError:
            pass
        except Exception as err:  # what this test hunts: an internal error
            unexpected.append((chosen, repr(err)[:200]))
    assert unexpected == []
    assert LIMITS.run_nodes is None  # the run-wide budget ends with the render


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ARGOCD_FLEET_MAX_FILE_BYTES", "abc"),
        ("ARGOCD_FLEET_MAX_DEPTH", "0"),
        ("ARGOCD_FLEET_MAX_NODES", "-5"),
        ("ARGOCD_FLEET_MAX_OUTPUT_BYTES", "64MiB"),
        ("ARGOCD_FLEET_MAX_OBJECTS", ""),
    ],
)
def test_an_invalid_limit_in_the_environment_is_an_error(
    tmp_path: Path, variable: str, value: str
) -> None:
    run = run_chart(tmp_path, components(1), **{variable: value})
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == (
        f"argocd-fleet: error: {variable}={value!r} is not a positive whole number"
        f" ({_bounds(variable)})\n"
    )
    values = tmp_path / "values.yaml"
    values.write_text(components(1))
    result = run_cli_process("generate", "-f", str(values), env={variable: value})
    assert (
        result.returncode == 2
        and f"{variable}={value!r} is not a positive whole number" in result.stderr
    )


def _bounds(variable: str) -> str:
    return {
        "ARGOCD_FLEET_MAX_FILE_BYTES": "bytes of one YAML input",
        "ARGOCD_FLEET_MAX_DEPTH": "nesting levels",
        "ARGOCD_FLEET_MAX_NODES": "nodes of one YAML document",
        "ARGOCD_FLEET_MAX_OUTPUT_BYTES": "bytes of output",
        "ARGOCD_FLEET_MAX_OBJECTS": "objects in the output",
    }[variable]


def test_the_limits_are_configurable_upwards(tmp_path: Path) -> None:
    values = filled("web:\n  enabled: true\n  valuesObject: {a: [", "1,", "1]}\n", size=700_000)
    assert error_line(run_chart(tmp_path, values))  # 350,000 numbers: over the default
    repo = chart_app(tmp_path, values, name="raised")
    run = run_plugin(
        repo, "apps/v", CHART_PARAMETERS, extra_env={"ARGOCD_FLEET_MAX_NODES": "400000"}
    )
    assert run.returncode == 0, run.stderr[-300:]
    assert run.stdout.count('"kind": "ApplicationSet"') == 1


# --------------------------------------------------------------------------------------------
# any input of at most 4 MiB: 10 s and 512 MiB


def _hostile_inputs() -> dict[str, str]:
    """Values files of at most 4 MiB, each built to cost as much as it can."""
    return {
        "flow list of numbers": filled(
            "web:\n  enabled: true\n  valuesObject: {a: [", "1,", "1]}\n"
        ),
        "flow list of empty maps": filled(
            "web:\n  enabled: true\n  valuesObject: {a: [", "{},", "{}]}\n"
        ),
        "block list just under the node limit": "web:\n  enabled: true\n  valuesObject:\n    a:\n"
        + "    - {}\n" * 120_000,
        "one scalar aliased 256 times": "a: &a "
        + "x" * MiB
        + "\nweb:\n  enabled: true\n  b: ["
        + ",".join(["*a"] * 256)
        + "]\n",
        "globalValuesObject copied into 2000 components": "globalValuesObject:\n  a: ["
        + ",".join(["{}"] * 120_000)
        + "]\n"
        + components(2000),
        "annotations copied into 2000 components": "annotations:\n"
        + "".join(f"  k{index}: v\n" for index in range(100_000))
        + components(2000),
        "10,000 components": components(10_000),
    }


def test_hostile_4_mib_inputs_stay_within_10_s_and_512_mib(tmp_path: Path) -> None:
    for number, (name, values) in enumerate(_hostile_inputs().items()):
        assert len(values.encode()) <= 4 * MiB, name
        repo = chart_app(tmp_path, values, name=f"repo-{number}")
        run = run_plugin(repo, "apps/v", CHART_PARAMETERS, timeout=30)
        assert run.returncode in (0, 1), (name, run.returncode, run.stderr[-300:])
        if run.returncode == 1:
            error_line(run)
        assert run.seconds < 10, (name, run.seconds)
        assert run.max_rss_mib < 512, (name, run.max_rss_mib)
        shutil.rmtree(repo)
