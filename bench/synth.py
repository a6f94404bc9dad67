"""The synthetic fleet: a fleet repository of N clusters, M components and R releases.

`write_fleet(OUT, shape)` writes the repository to `OUT/repo`, with the layout of
`tests/data/reference-fleet` (the upstream fleet-management example) and the eks-fleet
hierarchy:

    fleet/bootstrap/versions/applicationSets.yaml          R releases of the group `addons`
    fleet/bootstrap/<hub>/addons.yaml                      the hub's argocd-fleet-v1 Application
    addons/bootstrap/defaults/addons.yaml                  the M components
    addons/<tenant>/defaults/application-sets/addons.yaml
    addons/<tenant>/environments/<env>/defaults/application-sets/addons.yaml
    addons/<tenant>/environments/<env>/clusters/<cluster>/application-sets/addons.yaml
    fleet/fleet-bootstrap/fleet-members/<hub>/<spoke>.yaml N fleet members
    clusters/hub.yaml                                      the hub, {name, labels, annotations}

and beside it the N spokes' Argo CD cluster secrets, as the cluster gives them (they are not
files of the repository, which `validate` and the hub bootstrap read whole):

    OUT/clusters.yaml   what `kubectl get secret -l argocd.argoproj.io/secret-type=cluster
                        -o yaml` prints: a `v1 List` of Secrets, labels `tenant`/`environment`/
                        `addonsRelease`/`enable_*`, annotations `addons_repo_basepath` and the
                        repository URL, `stringData` (every other secret) or base64 `data`
                        with `name` and `server`
    OUT/clusters.json   the same list as `-o json` prints it

Everything comes from one seeded random generator, so the same arguments write the same bytes.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The safe dumper, with multi-line strings as literal blocks."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)

GROUP = "addons"
BASEPATH = "addons"
HUB = "hub-cluster"
HUB_TENANT = "control-plane"
HUB_ENVIRONMENT = "np"
REPO_URL = "https://git.example.com/fleet/synthetic.git"
VERSIONS_FILE = "fleet/bootstrap/versions/applicationSets.yaml"
REPO_DIR = "repo"  # the repository, in the output folder
CLUSTERS_FILE = "clusters.yaml"  # beside it
# The same list as `kubectl ... -o json` prints it: what the preview benchmark reads, because
# json parses the 2,000 secrets in ~25 ms where PyYAML (even with libyaml) takes ~1.5 s.
CLUSTERS_JSON_FILE = "clusters.json"
HUB_FILE = "clusters/hub.yaml"
ENVIRONMENT_NAMES = ("dev", "staging", "prod", "qa", "perf", "sandbox")
SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type"


@dataclass(frozen=True)
class FleetShape:
    """The size of a synthetic fleet."""

    clusters: int = 20
    components: int = 10
    releases: int = 3
    tenants: int = 4
    environments: int = 3
    seed: int = 7

    def __post_init__(self) -> None:
        for name in ("clusters", "components", "releases", "tenants", "environments"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


@dataclass(frozen=True)
class Spoke:
    name: str
    tenant: str
    environment: str
    release: str
    enabled: tuple[str, ...]  # the components whose enable_<component> label is "true"
    server: str


@dataclass
class SyntheticFleet:
    """What was written, for callers that want to check or use it."""

    out: Path  # the output folder
    shape: FleetShape
    components: list[str]
    releases: list[str]
    tenants: list[str]
    environments: list[str]
    spokes: list[Spoke] = field(default_factory=list)
    files: int = 0

    @property
    def root(self) -> Path:
        """The repository."""
        return self.out / REPO_DIR

    @property
    def clusters_file(self) -> Path:
        return self.out / CLUSTERS_FILE

    @property
    def clusters_json_file(self) -> Path:
        return self.out / CLUSTERS_JSON_FILE

    @property
    def hub_file(self) -> Path:
        return self.root / HUB_FILE


def component_names(count: int) -> list[str]:
    return [f"addon-{index:03d}" for index in range(count)]


def release_names(count: int) -> list[str]:
    return [f"release{index}" for index in range(count)]


def tenant_names(count: int) -> list[str]:
    return [f"tenant{index:02d}" for index in range(count)]


def environment_names(count: int) -> list[str]:
    named = list(ENVIRONMENT_NAMES[:count])
    return named + [f"env{index}" for index in range(len(named), count)]


def enable_label(component: str) -> str:
    return "enable_" + component.replace("-", "_")


def write_fleet(out: str | os.PathLike[str], shape: FleetShape) -> SyntheticFleet:
    """Write the synthetic fleet `shape` describes: `out/repo` and the secrets beside it."""
    rng = random.Random(shape.seed)
    fleet = SyntheticFleet(
        out=Path(out),
        shape=shape,
        components=component_names(shape.components),
        releases=release_names(shape.releases),
        tenants=tenant_names(shape.tenants),
        environments=environment_names(shape.environments),
    )
    writer = _Writer(fleet.root)
    writer.yaml(VERSIONS_FILE, _versions(fleet))
    writer.yaml(f"fleet/bootstrap/{HUB}/{GROUP}.yaml", _hub_bootstrap())
    writer.yaml(f"{BASEPATH}/bootstrap/defaults/{GROUP}.yaml", _components(fleet, rng))
    writer.yaml(HUB_FILE, _hub(fleet))
    _tenant_and_environment_files(writer, fleet, rng)
    for index in range(shape.clusters):
        spoke = _spoke(fleet, index, rng)
        fleet.spokes.append(spoke)
        writer.yaml(_cluster_values_path(spoke), _cluster_values(fleet, rng))
        writer.yaml(f"fleet/fleet-bootstrap/fleet-members/{HUB}/{spoke.name}.yaml", _member(spoke))
    fleet.files = writer.count
    secrets = _secret_list(fleet)
    outside = _Writer(fleet.out)
    outside.yaml(CLUSTERS_FILE, secrets)
    outside.json(CLUSTERS_JSON_FILE, secrets)
    return fleet


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0
        self._made: set[Path] = set()

    def json(self, relative: str, document: Any) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        self.count += 1

    def yaml(self, relative: str, document: Any) -> None:
        path = self.root / relative
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(path.parent)
        path.write_text(to_yaml(document), encoding="utf-8")
        self.count += 1


def to_yaml(document: Any) -> str:
    """Block YAML in the order given, as kubectl and people write it."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, default_flow_style=False)


def _versions(fleet: SyntheticFleet) -> dict[str, Any]:
    releases = []
    for index, name in enumerate(fleet.releases):
        releases.append(
            {
                "type": name,
                "use_helm_repo_path": "true",
                "chartRepoUrl": "https://github.com/eks-fleet-management/charts",
                "chartRepoPath": "application-sets",
                "chartRepoRevision": "main" if index == 0 else f"v0.3.{index}",
                "version": f"0.3.{3 + index}",
            }
        )
    return {
        "releases": {
            "globals": {
                "chartRepoUrl": "https://github.com/eks-fleet-management/charts",
                "chartRepoPath": "application-sets",
                "chartRepoRevision": "main",
                "chartRepo": "123456789012.dkr.ecr.eu-west-2.amazonaws.com/fleet-management",
                "ecrChartName": "application-sets",
                "version": "0.3.3",
            },
            GROUP: releases,
        }
    }


def bootstrap_values() -> dict[str, Any]:
    """The hub's bootstrap values of the group: selectors on, the repository's components only."""
    return {"repoNames": [BASEPATH], "useSelectors": "true", "useVersionSelectors": "true"}


def _hub_bootstrap() -> dict[str, Any]:
    """The hub's plugin Application, from which `preview` takes the bootstrap values."""
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {"name": f"cluster-{GROUP}-{HUB}", "namespace": "argocd"},
        "spec": {
            "project": "default",
            "destination": {"namespace": "argocd", "name": "in-cluster"},
            "source": {
                "repoURL": REPO_URL,
                "targetRevision": "main",
                "path": ".",
                "plugin": {
                    "name": "argocd-fleet-v1",
                    "parameters": [
                        {"name": "group", "string": GROUP},
                        {"name": "values", "string": to_yaml(bootstrap_values())},
                    ],
                },
            },
        },
    }


def _components(fleet: SyntheticFleet, rng: random.Random) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fleet.components:
        component: dict[str, Any] = {
            "enabled": True,
            "chartName": name,
            "chartRepository": f"https://charts.example.com/{name}",
            "defaultVersion": f"{rng.randint(0, 3)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
            "namespace": name,
            "selector": {
                "matchExpressions": [
                    {"key": enable_label(name), "operator": "In", "values": ["true"]}
                ]
            },
        }
        if rng.random() < 0.2:
            component["valuesObject"] = {"replicaCount": rng.randint(1, 3)}
        values[name] = component
    return values


def _override(fleet: SyntheticFleet, rng: random.Random, count: int) -> dict[str, Any]:
    """A value file of a level: a few components with another version or switched off."""
    values: dict[str, Any] = {}
    for name in rng.sample(fleet.components, min(count, len(fleet.components))):
        if rng.random() < 0.25:
            values[name] = {"enabled": False}
        else:
            values[name] = {"defaultVersion": f"{rng.randint(0, 3)}.{rng.randint(0, 20)}.0"}
    return values


def _level_path(tenant: str, environment: str | None = None, cluster: str | None = None) -> str:
    path = f"{BASEPATH}/{tenant}"
    if environment is not None:
        path += f"/environments/{environment}"
        path += f"/clusters/{cluster}" if cluster is not None else "/defaults"
    else:
        path += "/defaults"
    return f"{path}/application-sets/{GROUP}.yaml"


def _tenant_and_environment_files(
    writer: _Writer, fleet: SyntheticFleet, rng: random.Random
) -> None:
    for tenant in [HUB_TENANT, *fleet.tenants]:
        writer.yaml(_level_path(tenant), _override(fleet, rng, 3))
        environments = [HUB_ENVIRONMENT] if tenant == HUB_TENANT else fleet.environments
        for environment in environments:
            writer.yaml(_level_path(tenant, environment), _override(fleet, rng, 2))
    writer.yaml(_level_path(HUB_TENANT, HUB_ENVIRONMENT, HUB), _override(fleet, rng, 1))


def _cluster_values_path(spoke: Spoke) -> str:
    return _level_path(spoke.tenant, spoke.environment, spoke.name)


def _cluster_values(fleet: SyntheticFleet, rng: random.Random) -> dict[str, Any]:
    return _override(fleet, rng, 1)


def _hub(fleet: SyntheticFleet) -> dict[str, Any]:
    return {
        "name": HUB,
        "server": "https://kubernetes.default.svc",
        "labels": {
            "fleet_member": "hub-cluster",
            "tenant": HUB_TENANT,
            "environment": HUB_ENVIRONMENT,
            f"{GROUP}Release": fleet.releases[0],
        },
        "annotations": {
            f"{GROUP}_repo_basepath": BASEPATH,
            f"{GROUP}_repo_url": REPO_URL,
            f"{GROUP}_repo_revision": "main",
        },
    }


def _spoke(fleet: SyntheticFleet, index: int, rng: random.Random) -> Spoke:
    tenant = fleet.tenants[index % len(fleet.tenants)]
    environment = fleet.environments[(index // len(fleet.tenants)) % len(fleet.environments)]
    name = f"spoke-{environment}-{index:05d}"
    enabled = tuple(c for c in fleet.components if rng.random() < 0.5)
    return Spoke(
        name=name,
        tenant=tenant,
        environment=environment,
        release=fleet.releases[rng.randrange(len(fleet.releases))],
        enabled=enabled,
        server=f"https://{rng.getrandbits(64):016X}.gr7.eu-west-2.eks.amazonaws.com",
    )


def _member(spoke: Spoke) -> dict[str, Any]:
    """A fleet member file, with the fields of the reference fleet's members."""
    return {
        "tenant": spoke.tenant,
        "clusterName": spoke.name,
        "environment": spoke.environment,
        "addons_repo_basepath": BASEPATH,
        "resources_repo_basepath": "resources",
        "secretManagerSecretName": f"fleet/{spoke.name}",
        "githubSecret": "true",
        "githubSecretName": "github-fleet",
        "use_remote_argo": "false",
        "enable_remote_resources": "false",
        "enable_remote_addons": "false",
        "use_fleet_ack": "false",
        "use_argocd_ingress": "false",
    }


def _secret(spoke: Spoke, index: int) -> dict[str, Any]:
    labels = {
        SECRET_TYPE_LABEL: "cluster",
        "fleet_member": "spoke",
        "tenant": spoke.tenant,
        "environment": spoke.environment,
        f"{GROUP}Release": spoke.release,
    }
    labels.update({enable_label(component): "true" for component in spoke.enabled})
    secret: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "Opaque",
        "metadata": {
            "name": f"cluster-{spoke.name}",
            "namespace": "argocd",
            "labels": labels,
            "annotations": {
                f"{GROUP}_repo_basepath": BASEPATH,
                f"{GROUP}_repo_url": REPO_URL,
                f"{GROUP}_repo_revision": "main",
                "resources_repo_basepath": "resources",
            },
        },
    }
    fields = {"name": spoke.name, "server": spoke.server}
    # Both ways the API server and kubectl show them: base64 `data`, and `stringData`.
    if index % 2:
        secret["stringData"] = fields
    else:
        secret["data"] = {
            key: base64.b64encode(value.encode()).decode() for key, value in fields.items()
        }
    return secret


def _secret_list(fleet: SyntheticFleet) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "List",
        "metadata": {"resourceVersion": ""},
        "items": [_secret(spoke, index) for index, spoke in enumerate(fleet.spokes)],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--clusters", type=int, default=FleetShape.clusters)
    parser.add_argument("--components", type=int, default=FleetShape.components)
    parser.add_argument("--releases", type=int, default=FleetShape.releases)
    parser.add_argument("--tenants", type=int, default=FleetShape.tenants)
    parser.add_argument("--environments", type=int, default=FleetShape.environments)
    parser.add_argument("--seed", type=int, default=FleetShape.seed)
    parser.add_argument(
        "--out",
        required=True,
        help="the folder to write to: the repository in OUT/repo, the secrets in "
        "OUT/clusters.yaml and OUT/clusters.json",
    )
    args = parser.parse_args(argv)
    try:
        shape = FleetShape(
            clusters=args.clusters,
            components=args.components,
            releases=args.releases,
            tenants=args.tenants,
            environments=args.environments,
            seed=args.seed,
        )
    except ValueError as err:
        parser.error(str(err))
    fleet = write_fleet(args.out, shape)
    print(
        f"{fleet.root}: {len(fleet.spokes)} clusters, {len(fleet.components)} components, "
        f"{len(fleet.releases)} releases, {fleet.files} files; their secrets in "
        f"{fleet.clusters_file} and {fleet.clusters_json_file}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
