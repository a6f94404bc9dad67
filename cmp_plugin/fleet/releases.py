"""Releases: which versions of a group a cluster runs, from the versions file.

`fleet/bootstrap/versions/applicationSets.yaml` lists, per group, releases (`type`, where the
chart comes from, `version`, …) over `releases.globals`. The cluster label `<group>Release`
picks them, as the hub's bootstrap ApplicationSet did with its `elementsYaml` template:

1. label empty/absent, or `useVersionSelectors` is "false": the first release only;
2. label names a release of the group: every release of the group;
3. label names no release: the first release only, with a warning, because with more than
   one release the selector then asks for the first release's label value and the cluster
   gets nothing.
"""

from __future__ import annotations

from typing import Any

from ..errors import FleetError, type_name
from ..gotext import go_print
from ..limits import LIMITS, estimate_size
from ..merge import deep_copy, sprig_merge
from ..record import Record, field

DEFAULT_VERSIONS = "fleet/bootstrap/versions/applicationSets.yaml"


class Release(Record):
    """One release of a group: the entry merged over `globals`, plus `totalReleases`."""

    type: str
    fields: dict[str, Any]
    total: int

    @property
    def release_type(self) -> str:
        """The value of `releaseType` (and of the release label): the type lower-cased."""
        return self.type.lower()

    @property
    def catalog(self) -> str | None:
        catalog = self.fields.get("catalog")
        return catalog if isinstance(catalog, str) and catalog else None


class Selection(Record):
    releases: list[Release]
    case: int  # 1, 2 or 3: which rule of the module docstring chose them
    reason: str
    warnings: list[str] = field(default_factory=list)


def group_releases(versions: dict[str, Any], group: str, source: str) -> list[Release]:
    """The releases of `group` in the versions file `source`, each merged over the globals."""
    releases = versions.get("releases")
    if not isinstance(releases, dict):
        raise FleetError(
            "needs a 'releases' mapping (releases.globals and one list per group)", source
        )
    groups = sorted(
        key for key, value in releases.items() if key != "globals" and isinstance(value, list)
    )
    if group not in releases or group == "globals":
        listed = ", ".join(groups) or "none"
        raise FleetError(f"group {group!r} is not in the versions file (groups: {listed})", source)
    entries = releases[group]
    if not isinstance(entries, list):
        raise FleetError(
            f"releases.{group} must be a list of releases, not {type_name(entries)}", source
        )
    if not entries:
        raise FleetError(f"releases.{group} is empty: a group needs at least one release", source)
    globals_ = releases.get("globals") or {}
    if not isinstance(globals_, dict):
        raise FleetError(f"releases.globals must be a mapping, not {type_name(globals_)}", source)
    _check_merge_cost(len(entries), globals_, group, source)
    result = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise FleetError(
                f"releases.{group}[{index}] must be a mapping, not {type_name(entry)}", source
            )
        kind = entry.get("type")
        if kind is None or isinstance(kind, dict | list) or go_print(kind) == "":
            raise FleetError(f"releases.{group}[{index}] needs a 'type'", source)
        kind = go_print(kind)
        # sprig `merge $release $globals`: the release's own (non-empty) keys win.
        merged = sprig_merge(deep_copy(entry), deep_copy(globals_))
        merged["totalReleases"] = len(entries)
        result.append(Release(type=kind, fields=merged, total=len(entries)))
    return result


def _check_merge_cost(count: int, globals_: dict[str, Any], group: str, source: str) -> None:
    """Each release is merged over a copy of `releases.globals`: many releases over large
    globals would cost as much as a huge output, and are bounded by the same limit."""
    cost = count * estimate_size(globals_)
    if cost > LIMITS.max_output_bytes:
        raise FleetError(
            f"releases.{group}: {count} releases, each merged over releases.globals, would "
            f"cost more than the output limit of {LIMITS.max_output_bytes} bytes "
            "(ARGOCD_FLEET_MAX_OUTPUT_BYTES)",
            source,
        )


def select(
    releases: list[Release], group: str, label: str, use_version_selectors: bool
) -> Selection:
    label_key = f"{group}Release"
    first = releases[0]
    if not label or not use_version_selectors:
        why = (
            f"useVersionSelectors is false: the first release {first.type!r} only"
            if not use_version_selectors
            else f"no {label_key} label on the cluster: the first release {first.type!r} only"
        )
        return Selection(releases=[first], case=1, reason=why)
    if any(release.type == label for release in releases):
        names = ", ".join(repr(r.type) for r in releases)
        return Selection(
            releases=list(releases),
            case=2,
            reason=f"{label_key}={label!r} names a release: all of {names}",
        )
    warning = f"{label_key}={label!r} names no release of group {group!r}: rendering the first release {first.type!r}"
    if len(releases) > 1:
        warning += (
            f"; its selector asks for {label_key}={first.release_type!r}, so this cluster gets "
            "none of this group's ApplicationSets"
        )
    return Selection(releases=[first], case=3, reason=warning, warnings=[warning])


def only(releases: list[Release], wanted: str, group: str) -> Release:
    """`--release TYPE`: that release (matched exactly, then ignoring case)."""
    for release in releases:
        if release.type == wanted:
            return release
    for release in releases:
        if release.release_type == wanted.lower():
            return release
    names = ", ".join(r.type for r in releases)
    raise FleetError(f"release {wanted!r} is not defined for group {group!r} (releases: {names})")


def derived_values(
    release: Release, group: str, label: str, use_version_selectors: bool
) -> dict[str, Any]:
    """The keys the bootstrap ApplicationSet added to the chart's values for this release."""
    values: dict[str, Any] = {
        "applicationSetGroup": group,
        "releaseType": release.release_type,
    }
    if use_version_selectors and (release.type == label or release.total > 1):
        values["releases"] = {f"{group}Release": release.release_type}
    return values
