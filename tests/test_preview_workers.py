"""A preview worked by forked workers is the preview worked in one process, byte for byte.

`preview.appsets.evaluate_appsets` deals a group's ApplicationSets to workers
(`batch.in_workers`) when the group is large, and `registration.members.member_files` its
member files; these tests force the workers on small inputs and compare with one process:
the Applications, every warning in its order, the error a failing ApplicationSet or member
file raises, the JSON written, under other hash seeds too.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from preview_fixtures import appset, secret

from bench import synth
from cmp_plugin.errors import FleetError
from cmp_plugin.fleet.clusterparams import prepare_clusters
from cmp_plugin.fleet.paths import Repo
from cmp_plugin.preview import appsets as appsets_module
from cmp_plugin.preview.appsets import ClusterIndex, Evaluated, evaluate_appsets
from helpers import ROOT, run_cli

CLUSTERS = [
    secret(f"c{index:02d}", f"https://c{index:02d}.example.com", env=env, tier=str(index % 3))
    for index, env in enumerate(["prod", "dev", "prod", "test", "prod", "dev"] * 4)
]


def by_env(env: str) -> list[dict[str, Any]]:
    return [{"clusters": {"selector": {"matchLabels": {"env": env}}}}]


def problem_appsets() -> list[dict[str, Any]]:
    """ApplicationSets that give Applications, and each kind of note a preview can give."""
    documents = [
        appset(by_env("prod")),
        appset(by_env("dev"), name="{{ .missing }}"),  # fails: missingkey=error
        appset([{"scmProvider": {"github": {"organization": "o"}}}]),  # not evaluated
        appset(by_env("prod"), name="same"),  # duplicate names
        appset(by_env("test"), name="{{ .name }}-Not_A-Name"),  # refused by the API server
        appset(by_env("nowhere")),  # selects nothing
        appset([{"list": {"elements": [{"name": "a"}, {"name": "b"}]}}]),
        appset(by_env("dev"), goTemplate=False),
        appset([{"clusters": {}}]),  # every cluster, and the local in-cluster
    ]
    for position, document in enumerate(documents):
        document["metadata"]["name"] = f"set-{position}"
    return documents


def worked(results: list[Evaluated]) -> list[tuple[list[dict[str, Any]], list[str]]]:
    return [([dataclasses.asdict(app) for app in r.applications], r.notes) for r in results]


def evaluate(documents: list[dict[str, Any]], workers: int) -> list[Evaluated]:
    prepared = prepare_clusters(CLUSTERS)
    repo = Repo(str(ROOT))
    return list(evaluate_appsets(documents, ClusterIndex(prepared), prepared, repo, workers))


def test_every_note_and_application_is_the_same_with_workers() -> None:
    documents = problem_appsets()
    alone = worked(evaluate(documents, 1))
    assert sum(len(apps) for apps, _ in alone) > 20
    assert all(notes for apps, notes in alone[1:5])  # each problem said
    for workers in (2, 3, 9):
        assert worked(evaluate(documents, workers)) == alone


def test_an_error_is_raised_after_the_applicationsets_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = problem_appsets()
    original = appsets_module.evaluate_appset

    def failing(document: dict[str, Any], *args: Any) -> Evaluated:
        if document["metadata"]["name"] in ("set-4", "set-7"):
            raise FleetError(f"cannot read {document['metadata']['name']}", "repo/file.yaml", 2)
        return original(document, *args)

    monkeypatch.setattr(appsets_module, "evaluate_appset", failing)
    for workers in (1, 2, 3):
        seen = []
        prepared = prepare_clusters(CLUSTERS)
        results = evaluate_appsets(
            documents, ClusterIndex(prepared), prepared, Repo(str(ROOT)), workers
        )
        with pytest.raises(FleetError, match=r"repo/file\.yaml:2: cannot read set-4"):
            for result in results:
                seen.append(result)
        assert len(seen) == 4, workers


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> synth.SyntheticFleet:
    shape = synth.FleetShape(clusters=40, components=6, releases=3, tenants=3, environments=2)
    made = synth.write_fleet(tmp_path_factory.mktemp("fleet"), shape)
    secrets = json.loads(made.clusters_json_file.read_text())
    odd = json.loads(json.dumps(secrets["items"][0]))  # a release no group has: warnings
    odd["metadata"]["name"] = "cluster-odd"
    odd["metadata"]["labels"]["addonsRelease"] = "release9"
    odd["stringData"] = {"name": "odd", "server": "https://odd.example.com"}
    odd.pop("data", None)
    secrets["items"].append(odd)
    made.clusters_json_file.write_text(json.dumps(secrets))
    return made


def preview_args(fleet: synth.SyntheticFleet, output: str) -> list[str]:
    repo = str(fleet.root)
    return ["preview", "--repo", repo, "--clusters", str(fleet.clusters_json_file), "-o", output]


@pytest.mark.parametrize("output", ["json", "table"])
def test_the_preview_written_is_the_same_with_workers(
    fleet: synth.SyntheticFleet, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    alone = run_cli(*preview_args(fleet, output), env={"ARGOCD_FLEET_WORKERS": "1"})
    assert alone.returncode == 0, alone.stderr
    assert "release9" in alone.stderr
    monkeypatch.setattr(appsets_module, "PARALLEL_MINIMUM", 0)
    forks = count_forks(monkeypatch)
    for workers in ("2", "3"):
        parallel = run_cli(*preview_args(fleet, output), env={"ARGOCD_FLEET_WORKERS": workers})
        assert (parallel.returncode, parallel.stdout, parallel.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        )
    assert len(forks) == 1 + 2  # one worker, then two


def count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted)
    return forks


FORCED = (
    "import sys; import cmp_plugin.preview.appsets as a; a.PARALLEL_MINIMUM = 0; "
    "from cmp_plugin.cli import main; sys.exit(main())"
)


def test_the_same_bytes_under_other_hash_seeds(fleet: synth.SyntheticFleet) -> None:
    outputs = set()
    for seed, workers in (("1", "1"), ("2", "2"), ("3", "3")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "ARGOCD_FLEET_WORKERS": workers}
        completed = subprocess.run(
            [sys.executable, "-c", FORCED, *preview_args(fleet, "json")],
            capture_output=True,
            env=env,
            check=True,
            timeout=120,
        )
        outputs.add((completed.stdout, completed.stderr))
    assert len(outputs) == 1
    assert json.loads(outputs.pop()[0])["clusters"]


def test_a_small_fleet_is_worked_in_one_process(
    fleet: synth.SyntheticFleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    forks = count_forks(monkeypatch)
    result = run_cli(*preview_args(fleet, "json"), env={"ARGOCD_FLEET_WORKERS": "4"})
    assert result.returncode == 0
    assert forks == []  # below PARALLEL_MINIMUM Applications: forking would cost more


# --------------------------------------------------------------------------------------------
# member files, parsed by workers too


def member_repo(tmp_path: Path, count: int, broken: dict[int, str] | None = None) -> Path:
    shape = synth.FleetShape(clusters=count, components=2, releases=1, tenants=2)
    made = synth.write_fleet(tmp_path / "members", shape)
    members = sorted((made.root / "fleet/fleet-bootstrap/fleet-members/hub-cluster").iterdir())
    for position, text in (broken or {}).items():
        members[position].write_text(text)
    return made.root


def read_members(root: Path, workers: str, at_most: int | None = None) -> Any:
    from cmp_plugin.fleet.clusterfiles import load_hub
    from cmp_plugin.registration.members import member_files

    os.environ["ARGOCD_FLEET_WORKERS"] = workers
    try:
        repo = Repo.at(str(root))
        return member_files(repo, load_hub(repo, None), at_most=at_most)
    except FleetError as err:
        return str(err)
    finally:
        del os.environ["ARGOCD_FLEET_WORKERS"]


def test_member_files_are_the_same_with_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cmp_plugin.registration import members

    monkeypatch.setattr(members, "PARALLEL_MEMBERS", 0)
    forks = count_forks(monkeypatch)
    root = member_repo(tmp_path, 30)
    alone = read_members(root, "1")
    assert len(alone) == 30 and not forks
    assert read_members(root, "2") == alone
    assert read_members(root, "3") == alone
    assert len(forks) == 1 + 2
    assert read_members(root, "2", at_most=20) == read_members(root, "1", at_most=20)
    assert "more than the limit of 20" in read_members(root, "2", at_most=20)


def test_the_first_bad_member_file_is_the_error_with_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cmp_plugin.registration import members

    monkeypatch.setattr(members, "PARALLEL_MEMBERS", 0)
    broken = {12: "clusterName: [unclosed\n", 25: "- not: a member\n  bad: [\n"}
    root = member_repo(tmp_path, 30, broken)
    alone = read_members(root, "1")
    assert isinstance(alone, str) and "spoke-" in alone
    assert read_members(root, "2") == alone
    assert read_members(root, "3") == alone


@pytest.mark.parametrize("given", ["abc", "0", "-2", "1.5"])
def test_a_bad_worker_count_is_a_usage_error_even_for_a_small_fleet(given: str) -> None:
    result = run_cli(
        "preview", "--repo", str(ROOT / "examples/fleet"), env={"ARGOCD_FLEET_WORKERS": given}
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"argocd-fleet: error: ARGOCD_FLEET_WORKERS must be a whole number of at least 1: {given!r}"
    ]
