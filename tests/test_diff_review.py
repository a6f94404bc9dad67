"""The review options of `argocd-fleet diff` through the command: `-o markdown`,
`--max-comment-bytes`, and the blast-radius guard (`--max-clusters`, `--max-removed`,
`--protect`) with its exit codes, on a temporary git repository of the example fleet.

The two changes, and what they do there (tests/test_diff.py checks the diffs themselves):

- disabling metrics-server in `addons/bootstrap/defaults/addons.yaml` removes one Application
  from each of the three clusters: fleet-hub and spoke-prod-1 (`environment=prod`) and
  spoke-dev-1 (`environment=dev`);
- the canary release's metrics-server 3.12.2 -> 3.13.0 renames spoke-dev-1's Application:
  one added, one removed, the same component (a replacement, not a removal).
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from test_diff import (  # noqa: F401
    ADDONS_DEFAULTS,
    add_member,
    bump_canary_metrics_server,
    commit,
    git,
    repo,
)

from helpers import ROOT, run_cli, run_cli_process

PROD_CLUSTERS = "fleet-hub, spoke-prod-1"


def disable_metrics_server(fleet: Path) -> None:
    path = fleet / ADDONS_DEFAULTS
    text = path.read_text()
    start = text.index("metrics-server:")
    end = text.index("enabled: true", start)
    path.write_text(text[:end] + "enabled: false" + text[end + len("enabled: true") :])


@pytest.fixture
def removal(repo: Path) -> Path:  # noqa: F811
    disable_metrics_server(repo)
    commit(repo, "no metrics-server")
    return repo


@pytest.fixture
def upgrade(repo: Path) -> Path:  # noqa: F811
    bump_canary_metrics_server(repo)
    commit(repo, "canary: metrics-server 3.13.0")
    return repo


def diff(fleet: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("diff", "--repo", str(fleet), "--from", "HEAD~1", "--to", "HEAD", *args)


# --------------------------------------------------------------------------------------------
# -o markdown


def test_markdown_comment_of_an_upgrade(upgrade: Path) -> None:
    completed = diff(upgrade, "-o", "markdown")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    text = completed.stdout
    assert text.startswith("<!-- argocd-fleet diff -->\n### Fleet diff `HEAD~1` → `HEAD`\n")
    assert "| Clusters | 0 | 0 | 1 |\n| Groups | 0 | 0 | 1 |\n" in text
    assert "| ApplicationSets | 0 | 0 | 1 |\n| Applications | 1 | 1 | 0 |\n" in text
    assert "**Groups** changed: `addons`.\n" in text
    assert "**ApplicationSets** changed: `metrics-server-canary`.\n" in text
    assert "1 removed Application is replaced by another version or release" in text
    assert (
        "<details><summary>Cluster <code>spoke-dev-1</code>: 1 added, 1 removed</summary>\n\n"
        "```diff\n"
        "+ canary-spoke-dev-1-metrics-server-3.13.0  metrics-server 3.13.0, release canary "
        "(ApplicationSet metrics-server-canary)\n"
        "- canary-spoke-dev-1-metrics-server-3.12.2  metrics-server 3.12.2, release canary "
        "(ApplicationSet metrics-server-canary)\n"
        "```\n\n</details>\n"
    ) in text
    assert 'addonChartVersion: "3.12.2" -> "3.13.0"' in text
    assert "Blast radius" not in text and "Cut to fit" not in text


def test_the_comment_docs_diff_md_shows_is_what_diff_writes(removal: Path) -> None:
    # docs/diff.md shows the comment of its sh block's command, on this very change.
    text = (ROOT / "docs" / "diff.md").read_text()
    shown = re.search(r"^````markdown\n(.*?)^````$", text, re.M | re.S)
    command = re.search(r"^argocd-fleet diff (.* -o markdown .*?) > comment\.md", text, re.M)
    assert shown and command
    git(removal, "update-ref", "refs/remotes/origin/main", "HEAD~1")
    completed = run_cli("diff", *shlex.split(command.group(1)), cwd=removal)
    assert completed.returncode == 4, completed.stderr
    assert completed.stdout == shown.group(1)


def test_markdown_is_byte_identical_across_runs(removal: Path) -> None:
    runs = [
        run_cli_process("diff", "--repo", str(removal), "--from", "HEAD~1", "--to", "HEAD",
                        "-o", "markdown", "--max-removed", "1", env={"PYTHONHASHSEED": seed})
        for seed in ("0", "77")
    ]  # fmt: skip
    assert [r.returncode for r in runs] == [4, 4]
    assert runs[0].stdout == runs[1].stdout


def test_markdown_of_equal_sides(repo: Path) -> None:  # noqa: F811
    completed = run_cli("diff", "--repo", str(repo), "--from", "HEAD", "--to", "HEAD",
                        "-o", "markdown", "--exit-code")  # fmt: skip
    assert completed.returncode == 0
    assert "No differences: every cluster gets the same Applications." in completed.stdout


def test_max_comment_bytes_cuts_the_comment(repo: Path) -> None:  # noqa: F811
    for number in range(40):
        add_member(repo, f"spoke-edge-{number:02d}")
    commit(repo, "40 new spokes")
    whole = diff(repo, "-o", "markdown").stdout
    assert "Cut to fit" not in whole and len(whole.encode()) > 10_000
    assert whole.count("<summary>Cluster ") == 40
    cut = diff(repo, "-o", "markdown", "--max-comment-bytes", "5000")
    assert cut.returncode == 0, cut.stderr
    assert len(cut.stdout.encode()) <= 5_000
    shown = cut.stdout.count("<summary>Cluster ")
    assert 0 < shown < 40
    assert (
        f"**Cut to fit 5,000 bytes** (`--max-comment-bytes`): {shown} of 40 clusters" in cut.stdout
    )
    assert "| Clusters | 40 | 0 | 0 |" in cut.stdout
    roomy = diff(repo, "-o", "markdown", "--max-comment-bytes", "1000000")
    assert roomy.stdout == whole


# --------------------------------------------------------------------------------------------
# the guard: exit 4 when a limit is exceeded, the report says which


@pytest.mark.parametrize(
    ("limit", "status", "said"),
    [
        (("--max-removed", "3"), 0, "--max-removed 3: 3 Applications removed (fleet-hub, "
                                    "spoke-dev-1, spoke-prod-1), within the limit"),
        (("--max-removed", "2"), 4, "--max-removed 2: 3 Applications removed (fleet-hub, "
                                    "spoke-dev-1, spoke-prod-1), 1 over the limit"),
        (("--max-clusters", "3"), 0, "--max-clusters 3: 3 clusters with changed Applications "
                                     "(fleet-hub, spoke-dev-1, spoke-prod-1), within the limit"),
        (("--max-clusters", "1"), 4, "--max-clusters 1: 3 clusters with changed Applications "
                                     "(fleet-hub, spoke-dev-1, spoke-prod-1), 2 over the limit"),
        (("--protect", "environment=prod"), 4, "--protect environment=prod: 2 Applications "
         f"removed on protected clusters ({PROD_CLUSTERS}), 2 over the limit"),
        (("--protect", "environment=staging"), 0, "--protect environment=staging: 0 "
         "Applications removed on protected clusters, within the limit"),
    ],
)  # fmt: skip
def test_each_limit_in_text(removal: Path, limit: tuple[str, str], status: int, said: str) -> None:
    completed = diff(removal, *limit)
    assert completed.returncode == status, completed.stderr
    lines = completed.stdout.splitlines()
    heading = "Blast radius: 1 of 1 limit exceeded" if status else "Blast radius: within the limits"
    assert lines[-2:] == [heading, f"  {said}"]
    assert completed.stderr == ""  # the text report says it; -o json and markdown on stderr too
    if status:
        other = diff(removal, *limit, "-o", "json")
        assert other.returncode == 4
        assert other.stderr == f"argocd-fleet: limit exceeded: {said}\n"


def test_an_upgrade_passes_every_limit_on_removals(upgrade: Path) -> None:
    completed = diff(upgrade, "--max-removed", "0", "--protect", "environment=dev")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-4:] == [
        "Blast radius: within the limits",
        "  --max-removed 0: 0 Applications removed, within the limit",
        "  --protect environment=dev: 0 Applications removed on protected clusters, within the "
        "limit",
        "  (1 removed Application is replaced by another version or release of the same "
        "component on the same cluster: not counted as removed)",
    ]
    assert diff(upgrade, "--max-clusters", "0").returncode == 4


def test_the_guard_in_json_and_markdown(removal: Path) -> None:
    args = ("--max-removed", "5", "--protect", "environment=prod")
    completed = diff(removal, "-o", "json", *args)
    assert completed.returncode == 4
    guard = json.loads(completed.stdout)["guard"]
    assert guard == {
        "tripped": True,
        "replaced": 0,
        "checks": [
            {"limit": "--max-removed 5", "allowed": 5, "count": 3, "over": 0, "tripped": False,
             "clusters": ["fleet-hub", "spoke-dev-1", "spoke-prod-1"]},
            {"limit": "--protect environment=prod", "allowed": 0, "count": 2, "over": 2,
             "tripped": True, "clusters": ["fleet-hub", "spoke-prod-1"]},
        ],
    }  # fmt: skip
    markdown = diff(removal, "-o", "markdown", *args)
    assert markdown.returncode == 4
    assert "**❌ Blast radius: 1 of 2 limits exceeded**" in markdown.stdout
    assert (
        "- ❌ `--protect environment=prod`: 2 Applications removed on protected clusters "
        "(`fleet-hub`, `spoke-prod-1`), 2 over the limit"
    ) in markdown.stdout


def test_without_limits_json_has_an_empty_guard(upgrade: Path) -> None:
    guard = json.loads(diff(upgrade, "-o", "json").stdout)["guard"]
    assert guard == {"tripped": False, "replaced": 1, "checks": []}


def test_exit_codes_compose(removal: Path) -> None:
    assert diff(removal, "--exit-code").returncode == 1  # different, no limit
    assert diff(removal, "--exit-code", "--max-removed", "9").returncode == 1  # within
    assert diff(removal, "--exit-code", "--max-removed", "0").returncode == 4  # the guard wins
    assert diff(removal, "--max-removed", "9").returncode == 0


# --------------------------------------------------------------------------------------------
# usage errors stay 2, bad input 1: one line on stderr, nothing on stdout


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--protect", "environment"), 2, "--protect 'environment': give LABEL=VALUE"),
        (("--protect", "=prod"), 2, "give LABEL=VALUE"),
        (("--max-removed", "-1"), 2, "-1 is not in the range x>=0"),
        (("--max-clusters", "many"), 2, "'many' is not a valid integer"),
        (("--max-comment-bytes", "1000", "-o", "markdown"), 2, "1000 is not in the range x>=4096"),
        (("--max-comment-bytes", "9000"), 2, "--max-comment-bytes is for -o markdown"),
        (("--max-removed", "0", "--from", "no-such-rev"), 1, "unknown revision 'no-such-rev'"),
    ],
)
def test_usage_and_input_errors(
    repo: Path,  # noqa: F811
    args: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    completed = run_cli("diff", "--repo", str(repo), *args)
    assert completed.returncode == status, completed.stderr
    assert completed.stdout == ""
    assert message in completed.stderr, completed.stderr
    if status == 1 or "LABEL" in message or "-o markdown" in message:
        assert completed.stderr.count("\n") == 1  # ours: one line (click's usage has more)
