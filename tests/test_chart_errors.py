"""Chart mode on bad input: one line on stderr naming file and line, exit 1, empty stdout."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run_cli, run_cli_process


def fails(*args: str, status: int = 1, stdin: str | None = None) -> str:
    result = run_cli(*args, stdin=stdin)
    assert result.returncode == status, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def write(tmp_path: Path, text: str, name: str = "values.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\nb: [unclosed\nc: 3\n")
    line = fails("generate", "-f", path)
    assert f"{path}:" in line and "invalid YAML" in line


def test_unreadable_file(tmp_path: Path) -> None:
    line = fails("generate", "-f", str(tmp_path / "missing.yaml"))
    assert "missing.yaml: no such file" in line


def test_top_level_not_a_map(tmp_path: Path) -> None:
    line = fails("generate", "-f", write(tmp_path, "- a\n- b\n"))
    assert "top level must be a mapping" in line


def test_duplicate_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "web:\n  enabled: true\n  enabled: false\n")
    line = fails("generate", "-f", path)
    assert f"{path}:3:" in line and "duplicate key 'enabled'" in line and "line 2" in line


@pytest.mark.parametrize("expression", ["a", "a.", "=x", "a[x]=1", "a[0", "a={x,y"])
def test_set_it_cannot_parse_is_a_usage_error(tmp_path: Path, expression: str) -> None:
    line = fails("generate", "-f", write(tmp_path, "{}\n"), "--set", expression, status=2)
    assert "--set" in line


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("selector", "[a, b]", "web.selector: must be a mapping, not a list"),
        ("valuesObject", "text", "web.valuesObject: must be a mapping, not a string"),
        ("namespace", "{a: 1}", "web.namespace: must be a single value, not a mapping"),
        ("environments", "{a: 1}", "web.environments: must be a list, not a mapping"),
        ("ignoreDifferences", "3", "web.ignoreDifferences: must be a list, not a number"),
        ("labelsApp", "{a: [1]}", "web.labelsApp.a: a label value must be a string"),
    ],
)
def test_component_field_of_the_wrong_type(
    tmp_path: Path, field: str, value: str, expected: str
) -> None:
    path = write(tmp_path, f"web:\n  enabled: true\n  namespace: web\n  {field}: {value}\n")
    if field == "namespace":
        path = write(tmp_path, f"web:\n  enabled: true\n  {field}: {value}\n")
    line = fails("generate", "-f", path)
    assert expected in line
    assert f"{path}:" in line


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("type: 5", "web.type: must be a string such as 'manifest', not a number"),
        ("type: true", "web.type: must be a string such as 'manifest', not a boolean"),
        (
            "additionalResources: {path: p, type: false}",
            "web.additionalResources.type: must be a string such as 'manifests', not a boolean",
        ),
        (
            "additionalResources: {path: p, type: [manifests]}",
            "web.additionalResources.type: must be a single value, not a list",
        ),
    ],
)
def test_a_type_the_chart_cannot_compare_is_an_error(
    tmp_path: Path, fields: str, expected: str
) -> None:
    """Helm's engine fails on these (Go's `eq`/`ne` refuse to compare another type with a
    string): a clear error, located, instead of an output the chart never makes."""
    path = write(tmp_path, f"web:\n  enabled: true\n  namespace: web\n  {fields}\n")
    line = fails("generate", "-f", path)
    assert expected in line
    assert line.startswith(f"argocd-fleet: error: {path}:4: ")


@pytest.mark.parametrize(
    "fields", ["type: false", "type: 0", "additionalResources: {chart: c, type: false}"]
)
def test_a_type_the_chart_never_compares_renders(tmp_path: Path, fields: str) -> None:
    """The chart reads an empty component `type` through `default ""`, and compares
    `additionalResources.type` only when a `path` is set: Helm renders these, and so do we."""
    path = write(tmp_path, f"web:\n  enabled: true\n  namespace: web\n  {fields}\n")
    result = run_cli("generate", "-f", path)
    assert result.returncode == 0, result.stderr
    assert "kind: ApplicationSet" in result.stdout


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("chartNamespace: true", "web.chartNamespace: must be a string, not a boolean"),
        ("chartNamespace: 7", "web.chartNamespace: must be a string, not a number"),
        ("{chartNamespace: oci, chartName: 5}", "web.chartName: must be a string, not a number"),
    ],
)
def test_a_chart_name_the_chart_prints_with_percent_s_must_be_a_string(
    tmp_path: Path, fields: str, expected: str
) -> None:
    """Helm writes `chart: "%!s(bool=true)/web"` for these: no chart anyone can pull."""
    if fields.startswith("{"):
        fields = "\n  ".join(part.strip() for part in fields.strip("{}").split(","))
    path = write(tmp_path, f"web:\n  enabled: true\n  namespace: web\n  {fields}\n")
    line = fails("generate", "-f", path)
    assert expected in line and "printf" in line
    assert line.startswith(f"argocd-fleet: error: {path}:")


@pytest.mark.parametrize(
    ("fields", "chart"),
    [("chartName: 5", "chart: '5'"), ("{chartNamespace: false, chartName: 5}", "chart: '5'")],
)
def test_a_number_as_chart_name_without_a_namespace_renders(
    tmp_path: Path, fields: str, chart: str
) -> None:
    """Without a chartNamespace the chart quotes the name (`chartName | default ... | quote`):
    Helm writes `chart: "5"`, and so do we."""
    if fields.startswith("{"):
        fields = "\n  ".join(part.strip() for part in fields.strip("{}").split(","))
    path = write(tmp_path, f"web:\n  enabled: true\n  namespace: web\n  {fields}\n")
    result = run_cli("generate", "-f", path)
    assert result.returncode == 0, result.stderr
    assert chart in result.stdout


def test_error_is_located_in_the_file_that_set_the_field(tmp_path: Path) -> None:
    base = write(tmp_path, "web:\n  enabled: true\n  namespace: web\n", "base.yaml")
    override = write(tmp_path, "# override\nweb:\n  selector: nope\n", "override.yaml")
    line = fails("generate", "-f", base, "-f", override)
    assert f"{override}:3: web.selector: must be a mapping" in line


def test_catalog_directory_that_does_not_exist(tmp_path: Path) -> None:
    line = fails("generate", "-f", write(tmp_path, "{}\n"), "--catalog", str(tmp_path / "nope"))
    assert "catalog directory does not exist" in line


def test_merge_values_key_without_catalog_is_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path, "mergeValues:\n  nosuch: {use: true}\nweb: {enabled: true, namespace: w}\n"
    )
    result = run_cli("generate", "-f", path)
    assert result.returncode == 0
    assert "warning: mergeValues.nosuch: no catalog named 'nosuch'" in result.stderr
    assert "name: web" in result.stdout


def test_own_catalog_directory(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "team.yaml").write_text("api:\n  enabled: true\n  namespace: api\n")
    path = write(tmp_path, "mergeValues:\n  team: {use: true}\n")
    result = run_cli("generate", "-f", path, "--catalog", str(catalog))
    assert result.returncode == 0, result.stderr
    assert "name: api" in result.stdout


def test_values_from_stdin_and_set(tmp_path: Path) -> None:
    result = run_cli(
        "generate",
        "-f",
        "-",
        "--set",
        "web.namespace=prod",
        "--set-string",
        "releaseType=R1",
        stdin="web:\n  enabled: true\n  namespace: web\n",
    )
    assert result.returncode == 0, result.stderr
    assert "name: web-r1" in result.stdout
    assert "namespace: prod" in result.stdout


def test_output_is_byte_identical_run_to_run(tmp_path: Path) -> None:
    from helpers import GOLDEN

    values = str(GOLDEN / "chart" / "18-all-catalogs" / "values.yaml")
    first = run_cli_process("generate", "-f", values, env={"PYTHONHASHSEED": "1"}).stdout
    second = run_cli_process("generate", "-f", values, env={"PYTHONHASHSEED": "2"}).stdout
    assert first and first == second


def test_help_documents_every_option_with_an_example() -> None:
    result = run_cli("generate", "--help")
    assert result.returncode == 0
    from cmp_plugin.commands.generate import generate

    for option in generate.params:
        assert "Example" in (option.help or ""), option.name
    assert "Where the output deliberately differs from the chart" in result.stdout
