"""Properties (hypothesis): with any one value of the example fleet replaced by a random tree,
the operator tools and fleet mode finish with their output or one FleetError: never an
internal error (a traceback for the user)."""

from __future__ import annotations

import shutil
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmp_plugin.cli import cli
from cmp_plugin.errors import FleetError
from helpers import ROOT

EXAMPLE = ROOT / "examples" / "fleet"
FILES = sorted(str(path.relative_to(EXAMPLE)) for path in EXAMPLE.rglob("*.yaml"))
COMMANDS = [
    ["preview", "--repo", "{repo}", "-o", "json"],
    ["validate", "--repo", "{repo}", "-o", "json"],
    ["explain", "--repo", "{repo}", "--group", "addons", "metrics-server.enabled"],
    ["register", "--repo", "{repo}", "--hub", "{repo}/clusters/hub.yaml"],
    ["generate", "--repo", "{repo}", "--group", "addons", "--cluster", "{repo}/clusters/hub.yaml"],
]

words = st.sampled_from(
    ["a", "enabled", "true", "false", "", "..", "/etc", "addons", "dev", "default", "selector",
     "matchLabels", "syncPolicy", "automated", "releases", "type", "catalog", "spoke-dev-1",
     "x_y", "UP", "1.0"]
)  # fmt: skip
scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), words)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(words, inner, max_size=3)),
    max_leaves=8,
)


def places(data: Any) -> list[tuple[Any, ...]]:
    """Every path into `data`, the root included."""
    found: list[tuple[Any, ...]] = [()]
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else []
    )
    for key, value in items:
        found += [(key, *rest) for rest in places(value)]
    return found


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


@settings(
    max_examples=max(40, settings.default.max_examples), suppress_health_check=list(HealthCheck)
)
@given(name=st.sampled_from(FILES), data=st.data(), tree=trees, command=st.sampled_from(COMMANDS))
def test_a_random_value_anywhere_never_gives_an_internal_error(
    name: str, data: st.DataObject, tree: Any, command: list[str], tmp_path_factory: Any
) -> None:
    repo = tmp_path_factory.mktemp("fleet") / "fleet"
    shutil.copytree(EXAMPLE, repo)
    target = repo / name
    documents = list(yaml.safe_load_all(target.read_text()))
    path = data.draw(st.sampled_from(places(documents[0] if documents else None)))
    first = replaced(documents[0] if documents else None, path, tree)
    target.write_text(yaml.safe_dump_all([first, *documents[1:]]))
    args = [arg.format(repo=repo) for arg in command]
    result = CliRunner().invoke(cli, args)
    error = result.exception
    if error is None or isinstance(error, FleetError):
        return
    assert isinstance(error, SystemExit) and error.code in (0, 1, 2), (name, path, tree, error)
