"""The lint configuration: `.argocd-fleet.yaml` (or `[tool.argocd-fleet]` of pyproject.toml, or
`validate --config FILE`) with `extends`, and per rule `disable`, `enable` or a `level`."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest
from lint_fleet import Fleet

from cmp_plugin.lint import lint
from cmp_plugin.lint.config import find_config
from cmp_plugin.lint.context import Context, LintRequest
from cmp_plugin.lint.core import RULES, WARNING, rule_modules
from helpers import REFERENCE_FLEET, ROOT, run_cli, write_reference_hub

CORE = "addons/core/defaults/application-sets/platform.yaml"
TEAM_B = "addons/tenants/team-b/defaults/application-sets/platform.yaml"
TYPO = f"{CORE}:2: error: metrics-server.enable: the chart reads no component field 'enable' (did you mean 'enabled'?) [unknown-key]"  # fmt: skip
FAR = f"{CORE}:3: warning: metrics-server.zzzqqq: the chart reads no component field 'zzzqqq' [unknown-key]"  # fmt: skip
UNREAD = f"{TEAM_B}:1: warning: no cluster reads this file: no cluster has the tenant 'team-b' [unread-value-file]"  # fmt: skip


@pytest.fixture
def broken(fleet: Fleet) -> Fleet:
    """The small fleet with a misspelt key (an error), a far-off key and an unread file
    (warnings)."""
    fleet.write(CORE, "metrics-server:\n  enable: true\n  zzzqqq: 1\n")
    fleet.write(TEAM_B, "metrics-server:\n  enabled: true\n")
    return fleet


def validate(*args: str) -> tuple[int, list[str], str]:
    run = run_cli("validate", *args)
    return run.returncode, run.stdout.splitlines(), run.stderr


def test_without_a_configuration_every_rule_runs_at_its_severity(broken: Fleet) -> None:
    assert validate("--repo", ".") == (
        1,
        [TYPO, FAR, UNREAD],
        "argocd-fleet validate: 1 error, 2 warnings\n",
    )


def test_a_rule_disabled_does_not_run(broken: Fleet) -> None:
    broken.write(".argocd-fleet.yaml", "extends: default\nrules:\n  unread-value-file: disable\n")
    status, lines, _ = validate("--repo", ".")
    assert (status, lines) == (1, [TYPO, FAR])


def test_a_level_is_the_severity_of_every_finding_and_the_exit_status_follows(
    broken: Fleet,
) -> None:
    broken.write(
        ".argocd-fleet.yaml",
        "rules:\n  unknown-key:\n    level: warning\n  unread-value-file: {level: error}\n",
    )
    status, lines, err = validate("--repo", ".")
    assert lines == [
        TYPO.replace(": error: ", ": warning: "),
        FAR,
        UNREAD.replace(": warning: ", ": error: "),
    ]
    assert status == 1 and err == "argocd-fleet validate: 1 error, 2 warnings\n"
    broken.write(".argocd-fleet.yaml", "rules:\n  unknown-key: {level: warning}\n")
    assert validate("--repo", ".")[0] == 0  # only warnings left


def test_enable_and_an_explicit_default_change_nothing(broken: Fleet) -> None:
    broken.write(".argocd-fleet.yaml", "extends: default\nrules:\n  render: enable\n")
    assert validate("--repo", ".")[1] == [TYPO, FAR, UNREAD]
    broken.write(".argocd-fleet.yaml", "")  # an empty file is the default
    assert validate("--repo", ".")[1] == [TYPO, FAR, UNREAD]


def test_pyproject_table_and_which_file_wins(broken: Fleet) -> None:
    broken.write(
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.argocd-fleet.rules]\nunknown-key = "disable"\n',
    )
    assert validate("--repo", ".")[1] == [UNREAD]
    broken.write(".argocd-fleet.yaml", "rules:\n  unread-value-file: disable\n")
    assert validate("--repo", ".")[1] == [TYPO, FAR]  # the dedicated file wins
    broken.remove(".argocd-fleet.yaml")
    broken.write("pyproject.toml", '[project]\nname = "x"\n')  # no table: the default
    assert validate("--repo", ".")[1] == [TYPO, FAR, UNREAD]


def test_config_option(broken: Fleet, tmp_path: Path) -> None:
    broken.write(".argocd-fleet.yaml", "rules:\n  unread-value-file: disable\n")
    other = broken.write("lint.yaml", "rules:\n  unknown-key: disable\n")
    assert validate("--repo", ".", "--config", str(other))[1] == [UNREAD]
    toml = broken.write(
        "conf/pyproject.toml", '[tool.argocd-fleet]\nrules = {schema = "disable"}\n'
    )
    assert validate("--repo", ".", "--config", str(toml))[1] == [TYPO, FAR, UNREAD]
    status, lines, err = validate("--repo", ".", "--config", "nope.yaml")
    assert (status, lines) == (1, [])
    assert err.startswith("argocd-fleet: error: nope.yaml: no such file (--config is relative")
    broken.write("empty/pyproject.toml", "[project]\n")
    status, _, err = validate("--repo", ".", "--config", "empty/pyproject.toml")
    assert (status, err) == (1, "argocd-fleet: error: empty/pyproject.toml: no [tool.argocd-fleet] table\n")  # fmt: skip


def test_chart_mode_reads_the_configuration_of_the_working_directory(fleet: Fleet) -> None:
    fleet.write("values.yaml", "web:\n  enabled: true\n  enable: true\n")
    typo = "values.yaml:3: error: web.enable: the chart reads no component field 'enable' (did you mean 'enabled'?) [unknown-key]"  # fmt: skip
    assert validate("-f", "values.yaml") == (1, [typo], "argocd-fleet validate: 1 error, 0 warnings\n")  # fmt: skip
    fleet.write(".argocd-fleet.yaml", "rules:\n  unknown-key: {level: warning}\n")
    status, lines, _ = validate("-f", "values.yaml")
    assert (status, lines) == (0, [typo.replace(": error: ", ": warning: ")])


def test_rules_disabled_are_not_said_to_be_skipped_without_a_hub(broken: Fleet) -> None:
    broken.remove("clusters/hub.yaml")
    broken.write(".argocd-fleet.yaml", "rules:\n  render: disable\n  unread-value-file: disable\n")
    _, _, err = validate("--repo", ".")
    assert "were skipped: undefined-release, unused-release-label, unreached-cluster, " \
        "unselected-component; give --hub" in err  # fmt: skip


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "extends: relaxed\n",
            ".argocd-fleet.yaml:1: extends: 'relaxed' is no built-in configuration (default)",
        ),
        (
            "rules:\n  unknown-keys: disable\n",
            ".argocd-fleet.yaml:2: rules: no rule 'unknown-keys' (did you mean 'unknown-key'? rules: invalid-file, duplicate-key, schema, unknown-key, undefined-release, unused-release-label, unreached-cluster, unread-value-file, unselected-component, whole-annotations, render)",
        ),
        (
            "rules:\n  render:\n    level: fatal\n",
            ".argocd-fleet.yaml:2: rules: render: level must be error or warning, not 'fatal'",
        ),
        (
            "rules:\n  render: off\n",
            ".argocd-fleet.yaml:2: rules: render: expected disable, enable or {level: error|warning}, not False",
        ),
        (
            "rules:\n  render: {level: error, ignore: x}\n",
            ".argocd-fleet.yaml:2: rules: render: expected disable, enable or {level: error|warning}, not {'level': 'error', 'ignore': 'x'}",
        ),
        ("ignore: [a]\n", ".argocd-fleet.yaml:1: unknown key 'ignore' (known: extends, rules)"),
        (
            "rules: [render]\n",
            ".argocd-fleet.yaml:1: rules: must be a mapping of rule ids, not a list",
        ),
        ("- render\n", ".argocd-fleet.yaml:1: the top level must be a mapping, not a list"),
        ("rules:\n  render: disable\n  render: enable\n", ".argocd-fleet.yaml:3: duplicate key"),
    ],
)
def test_a_bad_configuration_is_one_error_and_nothing_is_checked(
    broken: Fleet, text: str, error: str
) -> None:
    broken.write(".argocd-fleet.yaml", text)
    status, lines, err = validate("--repo", ".")
    assert (status, lines) == (1, [])
    assert err.startswith(f"argocd-fleet: error: {error}"), err
    assert err.count("\n") == 1


# --------------------------------------------------------------------------------------------
# the rules' contract (cmp_plugin/lint/core.py)


def test_rules_import_no_other_rule() -> None:
    for path in sorted((ROOT / "cmp_plugin" / "lint" / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert not (node.level == 1 or "lint.rules" in module), (path.name, module)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> LintRequest:
    """The reference fleet (an error and twelve warnings of five rules) with its hub."""
    hub = write_reference_hub(tmp_path_factory.mktemp("hub") / "hub.yaml")
    return LintRequest(repo=str(REFERENCE_FLEET), hub=str(hub))


def test_each_rule_reports_at_its_declared_severity(reference: LintRequest) -> None:
    modules = {module.ID: module for module in rule_modules()}
    findings = lint(Context.build(reference))
    assert len({finding.rule for finding in findings}) >= 3
    for finding in findings:
        declared = modules[finding.rule].SEVERITY
        far_key = finding.rule == "unknown-key" and finding.severity == WARNING
        assert finding.severity == declared or far_key, finding


def test_the_rules_give_the_same_findings_in_any_order(reference: LintRequest) -> None:
    # No rule depends on what another one did: shuffled, the findings are the same.
    expected = lint(Context.build(reference))
    names = list(RULES)
    random.Random(15).shuffle(names)
    assert lint(Context.build(reference), rule_modules(names)) == expected
    assert lint(Context.build(reference), rule_modules(reversed(RULES))) == expected


def test_the_documented_configurations_are_what_they_say(tmp_path: Path) -> None:
    # docs/validate.md, Configuration: the YAML file and the pyproject.toml table it shows.
    text = (ROOT / "docs" / "validate.md").read_text()
    section = text[text.index("## Configuration") : text.index("## Rules")]
    yaml_text = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    toml_text = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / ".argocd-fleet.yaml").write_text(yaml_text)
    config = find_config(str(tmp_path))
    assert config.disabled == {"unread-value-file"}
    assert config.levels == {"unknown-key": "warning", "unreached-cluster": "error"}
    (tmp_path / ".argocd-fleet.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(toml_text)
    config = find_config(str(tmp_path))
    assert (config.disabled, config.levels) == ({"unread-value-file"}, {"unknown-key": "warning"})
