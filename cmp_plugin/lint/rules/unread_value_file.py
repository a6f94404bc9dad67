"""unread-value-file (warning): a value file of the hierarchy that no cluster reads.

A file is a value file of the hierarchy when its path ends like one of the hierarchy's
levels, past the parts that name a basepath, tenant, environment or cluster: for the
`eks-fleet` preset, `.../application-sets/<name>.yaml` and `.../bootstrap/defaults/<name>.yaml`
(the whole pattern, for a level of `--hierarchy` that ends in the file name alone). It is
read when, for some cluster (the hub, a fleet member, a cluster of `--clusters`) and some
group of the versions file, the hierarchy's list of value files (`Hierarchy.value_files`,
with the group's `repoNames`) names it. Hub and members count alike: a spoke's files matter
when it renders a group itself.

The message says why when it can: a name that is no group of the versions file, a path that
fits no level of the hierarchy, a cluster, tenant, environment or basepath that no cluster
has, a `repoName` the group does not read, or values that no single cluster combines.

Why a warning: the file changes nothing, which is harmless, but it was almost always meant
to (a cluster folder named after a renamed cluster, a tenant spelt differently, a layout of
another hierarchy).

Example::

    addons/tenants/t1/environments/np/clusters/old-spoke/application-sets/addons.yaml:1:
    warning: no cluster reads this file: no cluster is named 'old-spoke' [unread-value-file]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, full_regex
from ..core import WARNING, Finding

ID = "unread-value-file"
SEVERITY = WARNING
NO_BASEPATH = "no cluster has the basepath"


def check(context: Context) -> Iterator[Finding]:
    reads = context.reads()
    for value_file in context.value_files:
        if value_file.kind != "hierarchy" or value_file.relative in reads:
            continue
        if not value_file.yaml.ok:
            continue  # invalid-file says what is wrong with it first
        reason = why_unread(context, value_file.relative or "")
        yield Finding(value_file.path, 1, SEVERITY, ID, f"no cluster reads this file: {reason}")


def why_unread(context: Context, relative: str) -> str:
    """The likely reason, from the levels of the hierarchy the path fits.

    A path may fit several levels (`{basepath}` may hold slashes): a level whose basepath is
    some cluster's explains better than one whose basepath is nobody's.
    """
    reasons = []
    for pattern in context.hierarchy.patterns:
        match = full_regex(pattern).match(relative)
        if match:
            reasons.append(_reason(context, pattern, match.groupdict()))
    if not reasons:
        return f"its path fits no level of the hierarchy {context.hierarchy.name}"
    return min(reasons, key=lambda reason: reason.startswith(NO_BASEPATH))


def _reason(context: Context, pattern: str, fields: dict[str, str]) -> str:
    clusters = context.clusters
    group = fields.get("group")
    if group is not None and group not in context.groups:
        return f"{group!r} is no group of the versions file ({', '.join(context.groups)})"
    groups = [group] if group else context.groups
    names = {g: context.repo_names(g) or [] for g in groups}
    if "repoName" in fields:
        first = {n[0] for n in names.values() if n}
        if fields["repoName"] not in first:
            return (
                f"the repository name {fields['repoName']!r} is not the first of repoNames "
                f"of group {', '.join(groups)}"
            )
    if "basepath" in fields:
        basepath = fields["basepath"]
        known = {
            cluster.annotations.get(f"{repo_name}_repo_basepath", "").rstrip("/")
            for cluster in clusters
            for group_names in names.values()
            for repo_name in group_names
        }
        if basepath not in known:
            keys = sorted({f"{n}_repo_basepath" for ns in names.values() for n in ns})
            elsewhere = sorted(
                key
                for cluster in clusters
                for key, value in cluster.annotations.items()
                if key.endswith("_repo_basepath") and value.rstrip("/") == basepath
            )
            if elsewhere:
                read = ", ".join(sorted({n for ns in names.values() for n in ns}))
                return (
                    f"{basepath!r} is a cluster's {elsewhere[0]}, but group "
                    f"{', '.join(groups)} reads the repoNames {read} only"
                )
            return f"{NO_BASEPATH} {basepath!r} ({' or '.join(keys)})"
    for placeholder, what in (("cluster", "is named"), ("tenant", "has the tenant"),
                              ("environment", "has the environment")):  # fmt: skip
        if placeholder in fields:
            value = fields[placeholder]
            values = {
                cluster.name if placeholder == "cluster" else cluster.labels.get(placeholder)
                for cluster in clusters
            }
            if value not in values:
                return f"no cluster {what} {value!r}"
    return f"no single cluster combines the parts of its path (level {pattern})"
