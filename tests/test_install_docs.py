"""Install instructions that cannot hurt, and commands that say what they need.

`helm upgrade` with only the sidecar's values resets a running Argo CD's own values, and
without `--version` upgrades it; a kustomize base on a moving branch changes under the user.
The documented commands and the manifests pin what they install and keep the user's values;
the commands that need a cluster, a registry, docker or the network say so on their line; and
the documented way to write a hub file from its cluster secret leaves the credentials out.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import LAST_APPLIED, ROOT, TOKEN, applied_hub_secret, run_cli

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
KUSTOMIZATION = ROOT / "sidecar" / "kustomize" / "kustomization.yaml"
HELM_VALUES = ROOT / "sidecar" / "helm-values.yaml"
MARKERS = ("# needs a cluster", "# needs a registry", "# needs docker", "# needs the network")
# Commands that reach beyond the checkout; the first word of a shell line.
OUTSIDE = {"kubectl", "helm", "docker", "curl"}
RELEASE_URL = re.compile(
    r"https://raw\.githubusercontent\.com/argoproj/argo-cd/(v\d+\.\d+\.\d+)/manifests/install\.yaml"
)


def shell_lines(path: Path) -> list[str]:
    """The command lines of the ```sh blocks of a Markdown file, continuations joined."""
    block: list[str] = []
    inside = False
    for raw in path.read_text().splitlines():
        stripped = raw.strip()
        if stripped.startswith("```"):
            inside = stripped == "```sh"
            continue
        if inside:
            block.append(stripped)
    return shell_lines_of(block)


def shell_lines_of(raw_lines: list[str]) -> list[str]:
    lines: list[str] = []
    for raw in raw_lines:
        stripped = raw.strip()
        if lines and lines[-1].endswith("\\"):
            lines[-1] = lines[-1][:-1].rstrip() + " " + stripped
        elif stripped:
            lines.append(stripped)
    return lines


def helm_commands(text_lines: list[str]) -> list[list[str]]:
    commands = []
    for line in text_lines:
        code = line.split(" #", 1)[0].lstrip("# ")
        if re.match(r"helm (upgrade|install)\b", code):
            commands.append(shlex.split(code))
    return commands


def documented_helm_commands() -> list[list[str]]:
    commands = [command for path in DOCS for command in helm_commands(shell_lines(path))]
    # The values file's own header shows the command too, indented (continuations joined).
    header = [line[1:] for line in HELM_VALUES.read_text().splitlines() if line.startswith("#   ")]
    return commands + helm_commands(shell_lines_of(header))


def test_helm_commands_pin_the_chart_and_keep_the_users_values() -> None:
    commands = documented_helm_commands()
    assert len(commands) >= 3  # README: upgrade and install; helm-values.yaml: upgrade
    for command in commands:
        assert "--version" in command, command
        files = [command[i + 1] for i, word in enumerate(command) if word == "-f"]
        assert files[-1] == "sidecar/helm-values.yaml", command
        if command[1] == "upgrade":
            # The user's own values come first, or helm reuses those of the last release.
            assert "--install" not in command, command
            assert len(files) >= 2 or "--reuse-values" in command, command


def test_kustomize_base_is_a_release_tag() -> None:
    kustomization = yaml.safe_load(KUSTOMIZATION.read_text())
    remote = [r for r in kustomization["resources"] if "://" in r]
    assert remote, "the base is Argo CD's install manifests"
    tags = set()
    for resource in remote:
        match = RELEASE_URL.fullmatch(resource)
        assert match, f"{resource}: not pinned to a release tag"
        tags.add(match.group(1))
    (tag,) = tags
    readme = (ROOT / "README.md").read_text()
    # The README names the tag, and its local-copy command downloads the same manifests.
    assert f"`{tag}`" in readme
    assert any(resource in line for line in shell_lines(ROOT / "README.md") for resource in remote)


def reaches_outside(line: str) -> bool:
    """Whether a command talks to a cluster, a registry or the network (or needs docker)."""
    words = line.split()
    if not words or words[0] not in OUTSIDE:
        return False
    # `helm template` of a chart on disk needs no cluster.
    return not (words[0] == "helm" and words[1:2] in (["template"], ["lint"]))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_commands_that_need_more_than_a_checkout_say_so(path: Path) -> None:
    """A command reaching beyond the checkout names what it reaches (other `# needs ...`
    markers, such as a long run, are the documented-commands test's business)."""
    for line in shell_lines(path):
        if reaches_outside(line):
            markers = [m.strip() for m in re.findall(r" # needs [a-z ]+", line)]
            assert any(m.startswith(MARKERS) for m in markers), f"{path.name}: {line}"


# --- the hub file from its cluster secret ---------------------------------------------------


def hub_secret_json() -> str:
    """`kubectl get secret fleet-hub -n argocd -o json` of the example hub applied with
    `kubectl apply`: the API server keeps `stringData` as base64 `data`."""
    secret = applied_hub_secret()
    data = secret.pop("stringData")
    secret["data"] = {key: base64.b64encode(value.encode()).decode() for key, value in data.items()}
    return json.dumps(secret, indent=2)


def hub_file_commands() -> list[tuple[str, str]]:
    return [
        (path.name, line)
        for path in DOCS
        for line in shell_lines(path)
        if line.startswith("kubectl get secret") and "> hub.yaml" in line
    ]


def test_every_doc_writes_the_hub_file_the_same_safe_way() -> None:
    commands = hub_file_commands()
    assert {name for name, _ in commands} >= {"README.md", "migration.md", "security.md"}
    assert len({line for _, line in commands}) == 1


def test_the_documented_hub_file_has_no_credentials(tmp_path: Path) -> None:
    (_, line), *_ = hub_file_commands()
    kubectl, rest = line.split(" | ", 1)
    assert kubectl.split()[-2:] == ["-o", "json"]
    filter_command = shlex.split(rest.split(" > hub.yaml")[0])
    assert filter_command[0] == "jq"
    if shutil.which("jq") is None and not os.environ.get("ARGOCD_FLEET_REQUIRE_BROWSER"):
        pytest.skip("jq is not installed (.ci/run installs it and requires this test)")
    made = subprocess.run(
        filter_command, input=hub_secret_json(), capture_output=True, text=True, check=True
    )
    hub = yaml.safe_load(made.stdout)  # JSON is YAML
    assert set(hub) == {"name", "labels", "annotations"}
    assert LAST_APPLIED not in hub["annotations"]
    assert TOKEN not in made.stdout and "config" not in made.stdout
    path = tmp_path / "hub.yaml"
    path.write_text(made.stdout)
    run = run_cli("register", "--repo", str(ROOT / "examples" / "fleet"), "--hub", str(path))
    clean = run_cli(
        "register",
        "--repo",
        str(ROOT / "examples/fleet"),
        "--hub",
        str(ROOT / "examples/fleet/clusters/hub.yaml"),
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == clean.stdout
