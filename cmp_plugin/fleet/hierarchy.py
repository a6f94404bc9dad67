"""The values hierarchy: which value files apply to a cluster and group, in merge order.

A hierarchy is a list of path patterns with the placeholders `{repoName}`, `{basepath}`,
`{tenant}`, `{environment}`, `{cluster}` and `{group}`. Patterns with `{basepath}` are
expanded once per repository name (`repoNames` of the bootstrap values), with the basepath
taken from the cluster annotation `<repoName>_repo_basepath`; the others once, with the first
repository name. Two presets exist; a YAML file can give any other list.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Sequence

from ..errors import FleetError, type_name
from ..record import Record
from ..yamlio import load_file, load_text
from .cluster import Cluster
from .paths import Repo, check_segment

PLACEHOLDERS = {"repoName", "basepath", "tenant", "environment", "cluster", "group"}

DEFAULT_PRESET = "eks-fleet"
PRESETS: dict[str, tuple[str, ...]] = {
    # What the reference fleet's bootstrap ApplicationSets compute (golden/e2e).
    DEFAULT_PRESET: (
        "{repoName}/bootstrap/defaults/{group}.yaml",
        "{basepath}/{tenant}/defaults/application-sets/{group}.yaml",
        "{basepath}/{tenant}/environments/{environment}/defaults/application-sets/{group}.yaml",
        "{basepath}/{tenant}/environments/{environment}/clusters/{cluster}/application-sets/{group}.yaml",
    ),
    # The five levels of the pattern's documentation.
    "five-level": (
        "{basepath}/bootstrap/defaults/{group}.yaml",
        "{basepath}/defaults/application-sets/{group}.yaml",
        "{basepath}/tenants/defaults/application-sets/{group}.yaml",
        "{basepath}/tenants/{tenant}/defaults/application-sets/{group}.yaml",
        "{basepath}/tenants/{tenant}/environments/{environment}/application-sets/{group}.yaml",
        "{basepath}/tenants/{tenant}/clusters/{cluster}/application-sets/{group}.yaml",
    ),
}


class Hierarchy(Record):
    name: str
    patterns: tuple[str, ...]

    @classmethod
    def named(cls, name: str) -> Hierarchy:
        return cls(name=name, patterns=PRESETS[name])

    @classmethod
    def from_patterns(cls, patterns: object, source: str) -> Hierarchy:
        if isinstance(patterns, dict):
            patterns = patterns.get("levels", patterns.get("patterns"))
        if not isinstance(patterns, list) or not patterns:
            raise FleetError(
                "a hierarchy file must hold a non-empty list of path patterns "
                "(or a mapping with 'levels: [...]')",
                source,
            )
        checked = []
        for index, pattern in enumerate(patterns):
            if not isinstance(pattern, str) or not pattern:
                raise FleetError(
                    f"pattern {index + 1} must be a string, not {type_name(pattern)}", source
                )
            for field_name in _fields(pattern, source):
                if field_name not in PLACEHOLDERS:
                    known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
                    raise FleetError(
                        f"unknown placeholder {{{field_name}}} in {pattern!r} (known: {known})",
                        source,
                    )
            checked.append(pattern)
        return cls(name=source, patterns=tuple(checked))

    def value_files(self, cluster: Cluster, group: str, repo_names: Sequence[str]) -> list[str]:
        """Repository-relative paths of the value files, in merge order (existing or not)."""
        return [path for _, path in self.expand(cluster, group, repo_names)]

    def expand(
        self, cluster: Cluster, group: str, repo_names: Sequence[str]
    ) -> list[tuple[str, str]]:
        """(repository name, path) of each value file, in merge order (existing or not)."""
        once = [p for p in self.patterns if "{basepath}" not in p]
        per_repo = [p for p in self.patterns if "{basepath}" in p]
        names = list(repo_names) or ["addons"]
        paths = [(names[0], self._expand(p, cluster, group, names[0], None)) for p in once]
        for repo_name in names:
            basepath = _basepath(cluster, repo_name) if per_repo else None
            paths.extend(
                (repo_name, self._expand(p, cluster, group, repo_name, basepath)) for p in per_repo
            )
        return paths

    def _expand(
        self, pattern: str, cluster: Cluster, group: str, repo_name: str, basepath: str | None
    ) -> str:
        fields: dict[str, str] = {}
        for name in _fields(pattern, self.name):
            fields[name] = _placeholder(name, cluster, group, repo_name, basepath)
        path = pattern.format(**fields)
        return re.sub(r"/{2,}", "/", path)


def _fields(pattern: str, source: str) -> list[str]:
    """The placeholders of `pattern`, each a bare `{name}`.

    A format spec or conversion (`{cluster:>300000000}`, `{cluster!r}`) would let a
    350-byte hierarchy file build a string of gigabytes, and an index or attribute
    (`{cluster[0]}`, `{cluster.x}`) reads what the pattern should not: both are refused.
    """
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as err:
        raise FleetError(f"pattern {pattern!r}: {err}", source) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise FleetError(
                f"pattern {pattern!r}: {{{shown}}} is not a bare placeholder "
                "(formats, conversions, indexes and attributes are not supported)",
                source,
            )
        names.append(name)
    return names


def _placeholder(
    name: str, cluster: Cluster, group: str, repo_name: str, basepath: str | None
) -> str:
    if name == "group":
        return check_segment(group, "group")
    if name == "repoName":
        return check_segment(repo_name, "repoNames entry")
    if name == "cluster":
        return check_segment(cluster.name, "cluster name")
    if name == "basepath":
        assert basepath is not None
        return basepath
    label = cluster.label(name)
    if not label:
        raise FleetError(
            f"the hierarchy needs the label {name!r}, which cluster {cluster.name!r} does not have"
        )
    return check_segment(label, f"label {name}")


def _basepath(cluster: Cluster, repo_name: str) -> str:
    key = f"{repo_name}_repo_basepath"
    value = cluster.annotations.get(key, "")
    if not value:
        raise FleetError(
            f"the hierarchy needs the annotation {key!r}, which cluster {cluster.name!r} does not have"
        )
    return check_segment(value.rstrip("/"), f"annotation {key}", allow_slash=True)


def resolve(spec: str | None, repo: Repo, *, outside_allowed: bool = False) -> Hierarchy:
    """A preset name, or a YAML file of patterns, relative to the repository root.

    A person on the command line may also name a file outside it by its absolute path
    (`outside_allowed`); the plugin may not.
    """
    if not spec:
        return Hierarchy.named(DEFAULT_PRESET)
    if spec in PRESETS:
        return Hierarchy.named(spec)
    if outside_allowed and os.path.isabs(spec) and os.path.isfile(spec):
        return Hierarchy.from_patterns(load_file(spec), spec)
    if not os.path.isabs(spec) and repo.exists(spec, "hierarchy file"):
        raw = repo.read(spec, "hierarchy file")
        return Hierarchy.from_patterns(load_text(raw, spec), spec)
    presets = ", ".join(sorted(PRESETS))
    raise FleetError(
        f"hierarchy {spec!r} is neither a preset ({presets}) nor a file in the repository"
    )
