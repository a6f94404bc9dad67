"""The CI examples of `examples/ci/` run: their steps, on a pull request of the example fleet.

Each test makes a git repository of the example fleet (`main`, pushed to a bare `origin`),
a branch with one change, and runs the workflow's steps there as the code host would:

- GitHub Actions: each `run:` step in its own `bash --noprofile --norc -eo pipefail` (the
  workflow's `shell: bash`), with the step's `env` (`${{ github.base_ref }}` is `main`, any
  other expression fails the test), `$GITHUB_OUTPUT` read back for `steps.<id>.outputs`, an
  `if:` of the form `steps.<id>.outputs.<name> != '<value>'` (or `==`) evaluated, and the
  job stopping at the first step that fails. A `uses:` step (checkout, setup-python, the
  comment action) is the host's: the repository is already checked out and Python is this
  one; it must be pinned by commit;
- GitLab CI: the job's `script` items in one `bash -eo pipefail` session, as the runner
  runs them, with `$CI_MERGE_REQUEST_DIFF_BASE_SHA` the base commit.

A step (or script item) with a `# needs …` line needs the host or the network (installing
argocd-fleet, posting the comment): it is not run, and the tests say which are not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_diff import bump_canary_metrics_server, commit, edit, git
from test_diff_review import disable_metrics_server

from helpers import ROOT

EXAMPLES = ROOT / "examples" / "ci"
GITHUB = EXAMPLES / "github-fleet-review.yml"
GITLAB = EXAMPLES / "gitlab-fleet-review.yml"
NEEDS = re.compile(r"^\s*#\s*(needs\s.*)$", re.M)
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
GITHUB_CONTEXT = {"github.base_ref": "main"}
STEP_OUTPUT = re.compile(r"^steps\.([\w-]+)\.outputs\.([\w-]+) (==|!=) '([^']*)'$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
TYPO = "addons/tenants/team-a/environments/dev/defaults/application-sets/addons.yaml"


def typo_in_a_value_file(fleet: Path) -> None:
    edit(fleet / TYPO, "  enabled: false", "  enable: false")


@pytest.fixture
def pull_request(tmp_path: Path) -> Callable[[Callable[[Path], None]], Path]:
    """A checkout of a pull request making `change` to the example fleet; `origin/main`
    is its base."""

    def make(change: Callable[[Path], None]) -> Path:
        fleet = tmp_path / "fleet"
        shutil.copytree(ROOT / "examples" / "fleet", fleet)
        git(fleet, "init", "-q", "-b", "main")
        commit(fleet, "the example fleet")
        git(fleet, "clone", "-q", "--bare", ".", str(tmp_path / "origin.git"))
        git(fleet, "remote", "add", "origin", str(tmp_path / "origin.git"))
        git(fleet, "fetch", "-q", "origin")
        git(fleet, "checkout", "-q", "-b", "change")
        change(fleet)
        commit(fleet, "the change under review")
        return fleet

    return make


def environment(**extra: str) -> dict[str, str]:
    """This interpreter's argocd-fleet first on PATH; nothing of the caller's ARGOCD_*."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARGOCD_")}
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return {**env, **extra}


# --------------------------------------------------------------------------------------------
# GitHub Actions


@dataclass
class Job:
    """What the steps did: step name -> exit status, or why it did not run."""

    ran: dict[str, int | str] = field(default_factory=dict)
    output: dict[str, str] = field(default_factory=dict)  # step name -> stdout
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id -> outputs


def github_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(GITHUB.read_text())
    assert workflow["defaults"]["run"]["shell"] == "bash"
    return workflow["jobs"]["review"]["steps"]


def run_github(checkout: Path, tmp_path: Path) -> Job:
    job = Job()
    for step in github_steps():
        name = step.get("name") or step["uses"].partition("@")[0]
        if "uses" in step:
            job.ran[name] = "the host's"
            continue
        script = step["run"]
        needs = NEEDS.search(script)
        if needs:
            job.ran[name] = needs.group(1)
            continue
        if "if" in step and not _condition(step["if"], job):
            job.ran[name] = "skipped: " + step["if"]
            continue
        outputs = tmp_path / f"output-{len(job.ran)}"
        outputs.write_text("")
        env = {key: _expand(str(value)) for key, value in (step.get("env") or {}).items()}
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=checkout, env=environment(GITHUB_OUTPUT=str(outputs), **env),
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        job.ran[name], job.output[name] = completed.returncode, completed.stdout
        if "id" in step:
            lines = outputs.read_text().splitlines()
            job.outputs[step["id"]] = dict(line.split("=", 1) for line in lines)
        if completed.returncode:
            break  # the job fails: later steps do not run
    return job


def _expand(value: str) -> str:
    def known(found: re.Match[str]) -> str:
        assert found.group(1) in GITHUB_CONTEXT, f"an expression the test does not know: {value}"
        return GITHUB_CONTEXT[found.group(1)]

    return EXPRESSION.sub(known, value)


def _condition(condition: str, job: Job) -> bool:
    found = STEP_OUTPUT.match(condition.strip())
    assert found, f"an if: the test does not know: {condition}"
    step, name, operator, value = found.groups()
    actual = job.outputs.get(step, {}).get(name, "")
    return (actual == value) == (operator == "==")


def test_the_github_workflow_is_pinned_and_passes_no_expression_into_scripts() -> None:
    steps = github_steps()
    uses = [step["uses"].split("#")[0].strip() for step in steps if "uses" in step]
    assert [u.partition("@")[0] for u in uses] == [
        "actions/checkout",
        "actions/setup-python",
        "marocchino/sticky-pull-request-comment",
    ]
    assert all(PINNED.match(u) for u in uses), uses
    assert steps[0]["with"]["fetch-depth"] == 0
    assert all("${{" not in step.get("run", "") for step in steps)
    comment = next(step for step in steps if "sticky" in step.get("uses", ""))
    assert comment["with"]["path"] == "comment.md"


def test_github_a_change_within_the_limits(pull_request: Any, tmp_path: Path) -> None:
    job = run_github(pull_request(bump_canary_metrics_server), tmp_path)
    assert job.ran == {
        "actions/checkout": "the host's",
        "actions/setup-python": "the host's",
        "Install argocd-fleet": "needs a registry (PyPI); or pin the repository: pip install "
        '"git+https://github.com/<org>/argocd-fleet@v0.1.0"',
        "Validate": 0,
        "Diff": 0,
        "Comment on the pull request": "the host's",
        "Blast radius": "skipped: steps.diff.outputs.status != '0'",
    }
    assert job.output["Validate"] == ""  # no annotation
    assert job.outputs["diff"] == {"status": "0"}
    comment = (tmp_path / "fleet" / "comment.md").read_text()
    assert comment.startswith("<!-- argocd-fleet diff -->\n### Fleet diff `origin/main` → `HEAD`")
    assert "**ApplicationSets** changed: `metrics-server-canary`." in comment
    assert "**✅ Blast radius: within the limits**" in comment
    assert "- ✅ `--max-removed 0`: 0 Applications removed, within the limit" in comment


def test_github_a_change_over_the_limits_comments_then_fails(
    pull_request: Any, tmp_path: Path
) -> None:
    job = run_github(pull_request(disable_metrics_server), tmp_path)
    assert (job.ran["Validate"], job.ran["Diff"], job.ran["Blast radius"]) == (0, 0, 1)
    assert job.ran["Comment on the pull request"] == "the host's"  # before the job fails
    assert job.outputs["diff"] == {"status": "4"}
    assert job.output["Blast radius"].startswith("::error title=argocd-fleet diff::")
    comment = (tmp_path / "fleet" / "comment.md").read_text()
    assert "**❌ Blast radius: 2 of 3 limits exceeded**" in comment
    assert "- ❌ `--max-removed 0`: 3 Applications removed" in comment
    assert (
        "- ❌ `--protect environment=prod`: 2 Applications removed on protected clusters "
        "(`fleet-hub`, `spoke-prod-1`), 2 over the limit"
    ) in comment


def test_github_a_broken_repository_fails_at_validate(pull_request: Any, tmp_path: Path) -> None:
    job = run_github(pull_request(typo_in_a_value_file), tmp_path)
    assert job.ran["Validate"] == 1 and "Diff" not in job.ran
    assert job.output["Validate"].startswith(f"::error file={TYPO},line=3,title=unknown-key::")
    assert not (tmp_path / "fleet" / "comment.md").exists()


# --------------------------------------------------------------------------------------------
# GitLab CI


def gitlab_script() -> tuple[list[str], list[str]]:
    """The job's script items that run here, and the `needs` of those that do not."""
    job = yaml.safe_load(GITLAB.read_text())["fleet-review"]
    assert job["variables"]["GIT_DEPTH"] == "0"
    runnable, needing = [], []
    for item in job["script"]:
        needs = NEEDS.search(item)
        (needing if needs else runnable).append(needs.group(1) if needs else item)
    return runnable, needing


def run_gitlab(checkout: Path) -> subprocess.CompletedProcess[str]:
    runnable, _ = gitlab_script()
    base = git(checkout, "rev-parse", "origin/main").strip()
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", "\n".join(runnable)],
        cwd=checkout, env=environment(CI_MERGE_REQUEST_DIFF_BASE_SHA=base),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_gitlab_job_needs_gitlab_only_to_install_and_post() -> None:
    _, needing = gitlab_script()
    assert [need.split(":")[0].split(";")[0] for need in needing] == [
        "needs a registry (PyPI)",
        "needs GitLab",
    ]


def test_gitlab_a_change_within_the_limits(pull_request: Any) -> None:
    fleet = pull_request(bump_canary_metrics_server)
    completed = run_gitlab(fleet)
    assert completed.returncode == 0, completed.stderr
    comment = (fleet / "comment.md").read_text()
    assert "**✅ Blast radius: within the limits**" in comment
    assert "<summary>Cluster <code>spoke-dev-1</code>: 1 added, 1 removed</summary>" in comment


def test_gitlab_a_change_over_the_limits_fails_with_the_guards_status(pull_request: Any) -> None:
    fleet = pull_request(disable_metrics_server)
    completed = run_gitlab(fleet)
    assert completed.returncode == 4
    assert "argocd-fleet: limit exceeded: --protect environment=prod" in completed.stderr
    comment = (fleet / "comment.md").read_text()
    assert "**❌ Blast radius: 2 of 3 limits exceeded**" in comment


def test_gitlab_a_broken_repository_fails_at_validate(pull_request: Any) -> None:
    fleet = pull_request(typo_in_a_value_file)
    completed = run_gitlab(fleet)
    assert completed.returncode == 1
    assert "[unknown-key]" in completed.stdout
    assert not (fleet / "comment.md").exists()
