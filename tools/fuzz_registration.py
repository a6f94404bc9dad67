"""Differential fuzzer: register mode's chart model against Helm's engine on fleet-secret 0.2.0.

usage: python tools/fuzz_registration.py [--seed N] [--count N] [--out DIR] [--show N] [--notes]
       python tools/fuzz_registration.py --case FILE     (one case.yaml: its findings, both renders)
       python tools/fuzz_registration.py --write-case DIR (DIR/case.yaml: Helm's render as expected.yaml)

Each case is a release name (a member's clusterName) and a random values file in the chart's
value space: every key `templates/*.yaml` reads, with edge values (null, "", false, 0, {}, [],
numbers where text is expected, long and upper-case names, text YAML would read as another
type). Helm's engine (helm-python-sdk, the optional `bench` extra) renders the values file as
`helm template -f` would, from tests/data/reference-fleet/charts/fleet-secret; argocd-fleet
reads the same file and renders it as register mode renders one member
(`registration.chart.render` over the chart's defaults). Objects are compared as
tests/manifest_diff.py compares them, and each difference is classed:
- `deviation`: what docs/registration.md says argocd-fleet does instead (a printed value
  written as a string; a value the API server would refuse is an error), checked to hold;
- `helm-invalid`: Helm's object is one the API server refuses (its CRD in tests/data/schemas,
  a name that is not a Kubernetes name) or Helm fails, and argocd-fleet errs or is valid;
- `BUG`: anything else, Helm's output being right.
With --out, each case with a BUG is written there (case.yaml, helm.yaml, ours.yaml,
report.txt). A throwaway tool: CI does not run it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import helm_python as helm
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))
import crd  # noqa: E402
import fuzz_chart  # noqa: E402

from cmp_plugin.errors import FleetError  # noqa: E402
from cmp_plugin.gotext import go_print  # noqa: E402
from cmp_plugin.k8snames import is_dns_label, is_subdomain  # noqa: E402
from cmp_plugin.merge import coalesce  # noqa: E402
from cmp_plugin.registration.chart import CHART_DEFAULTS, render  # noqa: E402
from cmp_plugin.stream import write_stream  # noqa: E402
from cmp_plugin.yamlio import expect_mapping, load_text  # noqa: E402
from helpers import manifest_diff  # noqa: E402

CHART = ROOT / "tests" / "data" / "reference-fleet" / "charts" / "fleet-secret"

# --------------------------------------------------------------------------------------------
# values


class Gen:
    """A random release name and values file in the fleet-secret chart's value space."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def p(self, probability: float) -> bool:
        return self.r.random() < probability

    def pick(self, *items: Any) -> Any:
        return self.r.choice(items)

    def edge(self) -> Any:
        return self.pick(None, "", False, 0, {}, [], "x", True, 1)

    def name(self) -> Any:
        if self.p(0.6):
            return self.pick("spoke-a", "fleet-eks-secret-store", "git-addons", "a.b", "s3")
        return self.pick(
            "", None, "Upper", "a_b", 0, 12, True, False, "x" * 64, "-x", "x-", "null", "1e3",
            "a" * 254, 1000000, 1.5, "a b",
        )  # fmt: skip

    def flag(self) -> Any:
        return self.pick(True, False, "true", "false", "", None, 0, 1, "True", {}, [], "x")

    def text(self) -> Any:
        return self.pick(
            "eu-west-2", "arn:aws:iam::1:role/x", "hub/spoke-a", "", None, 0, 1.5, 1000000, True,
            "a: b", "#x", "'q'", "{x}", "[a]", "- x", "null", "~", "123", "0755", "yes", "a #b",
            "line\nbreak", " lead", 'dq"', "%s", "{{ .x }}",
        )  # fmt: skip

    def choice(self, *listed: str) -> Any:
        if self.p(0.6):
            return self.pick(*listed)
        return self.pick("", None, 0, False, "other", listed[0].lower(), listed[0].upper(), 1)

    def tree(self, depth: int = 0) -> Any:
        if depth > 1 or self.p(0.6):
            return self.pick(
                "a", "", 1, 2.5, True, False, None, "1.0", "yes", "a: b", 1000000, "x" * 90,
                "first\nsecond\n", "[a]", "{x}", "0755", "~",
            )  # fmt: skip
        if self.p(0.2):
            return [self.tree(depth + 1) for _ in range(self.r.randint(0, 2))]
        return self.labels(depth + 1)

    def labels(self, depth: int = 0) -> dict[str, Any]:
        keys = ["fleet_member", "tenant", "a10", "a2", "Zone", "_x", "example.com/role", "y"]
        return {self.pick(*keys): self.tree(depth) for _ in range(self.r.randint(0, 4))}

    def section(self, fields: dict[str, Any], probability: float = 0.5) -> Any:
        """Some of `fields` (callables), or now and then an edge value in place of the map."""
        if self.p(0.07):
            return self.edge()
        return {key: make() for key, make in fields.items() if self.p(probability)}

    def git_secret(self) -> Any:
        return self.section(
            {
                "secretName": self.name,
                "gitUrl": self.text,
                "secretType": lambda: self.choice("repository", "repo-creds"),
                "secretManagerSecretName": self.text,
                "conversionStrategy": lambda: self.choice("Default", "Unicode"),
                "metadataPolicy": lambda: self.choice("None", "Fetch"),
            },
            0.6,
        )

    def git_secrets(self) -> Any:
        if self.p(0.1):
            return self.edge()
        names = ("addons", "platform", "resources", "Upper", "a_b", "x" * 64)
        return {self.pick(*names): self.git_secret() for _ in range(self.r.randint(0, 2))}

    def endpoints(self) -> Any:
        if self.p(0.15):
            return self.edge()
        hosts = ("1.dkr.ecr.eu-west-2.amazonaws.com", "2.dkr.ecr.eu-west-1.amazonaws.com", "", 7)
        return [self.pick(*hosts) for _ in range(self.r.randint(0, 3))]

    def values(self) -> dict[str, Any]:
        top = {
            "nameOverride": lambda: self.pick("other", "fleet", "secret", "x" * 70, *[self.name()]),
            "fullnameOverride": lambda: self.pick("full", "y" * 70 + "-", "a-", self.name()),
            "global": lambda: self.section(
                {
                    "gitExternalSecrets": lambda: self.section(
                        {
                            "enabled": lambda: self.pick(True, True, self.flag()),
                            "useHttp": self.flag,
                            "useGitHubApp": self.flag,
                            "usePrivateKey": self.flag,
                            "secretStoreRefName": self.name,
                            "secretStoreRefKind": lambda: self.choice(
                                "SecretStore", "ClusterSecretStore"
                            ),
                            "externalSecrets": self.git_secrets,
                        },
                        0.6,
                    ),
                    "ecrAuthenticationToken": lambda: self.section(
                        {"registry_endpoints": self.endpoints}, 0.8
                    ),
                },
                0.6,
            ),
            "tenantGitExternalSecrets": lambda: self.section(
                {"externalSecrets": self.git_secrets}, 0.8
            ),
            "secretStore": lambda: self.section(
                {
                    "enabled": lambda: self.pick(True, True, self.flag()),
                    "kind": lambda: self.choice("SecretStore", "ClusterSecretStore"),
                    "name": self.name,
                    "region": self.text,
                    "role": self.text,
                }
            ),
            "externalSecret": lambda: self.section(
                {
                    "enabled": lambda: self.pick(True, "true", self.flag()),
                    "secretStoreRefName": self.name,
                    "secretStoreRefKind": lambda: self.choice("SecretStore", "ClusterSecretStore"),
                    "server": lambda: self.pick("self", "remote", "", None, "Self", True),
                    "secretManagerSecretName": self.text,
                    "clusterName": lambda: self.pick("spoke-a", *[self.text()]),
                    "targetName": self.name,
                    "creationPolicy": lambda: self.choice(
                        "Owner", "Orphan", "Merge", "None", "CreateOrMerge"
                    ),
                    "annotations": lambda: self.pick(self.labels(), self.edge()),
                    "labels": lambda: self.pick(self.labels(), self.labels(), self.edge()),
                },
                0.6,
            ),
            "ecrAuthenticationToken": lambda: self.section(
                {
                    "enabled": lambda: self.pick(True, True, self.flag()),
                    "name": self.name,
                    "namespace": self.name,
                    "region": self.text,
                    "secretName": self.name,
                    "creationPolicy": lambda: self.choice("Merge", "Owner", "Orphan"),
                    "registry_endpoints": self.endpoints,
                }
            ),
        }
        return {key: make() for key, make in top.items() if self.p(0.45)}

    def release(self) -> str:
        return self.pick(
            "spoke-a", "spoke-dev-workload1", "team-fleet-secret-01", "fleet-secret", "other",
            "a" * 53, "x-fleet-y", "s",
        )  # fmt: skip


# --------------------------------------------------------------------------------------------
# the API server's view of Helm's objects


def problems(obj: Any) -> list[str]:
    """Why the API server would refuse `obj` (empty when it would accept it)."""
    if not isinstance(obj, dict):
        return [f"not a mapping: {obj!r:.60}"]
    found = []
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    name = meta.get("name")
    if not (isinstance(name, str) and is_subdomain(name)):
        found.append(f"metadata.name {name!r:.70} is not a Kubernetes name")
    namespace = meta.get("namespace", "default")
    if not (isinstance(namespace, str) and is_dns_label(namespace)):
        found.append(f"metadata.namespace {namespace!r:.70} is not a namespace name")
    kind = obj.get("kind")
    schema_kind = "SecretStore" if kind == "ClusterSecretStore" else kind
    if (obj.get("apiVersion"), schema_kind) in crd.CRDS:
        checked = dict(obj, kind=schema_kind)
        found.extend(re.sub(r"^[^:]*: ", "", e) for e in crd.errors(checked))
    elif kind == "ECRAuthorizationToken":  # no CRD copied: its one field is a required string
        region = (obj.get("spec") or {}).get("region")
        if not isinstance(region, str):
            found.append(f"spec.region {region!r} is not a region")
    else:
        found.append(f"kind {kind!r} is not served")
    return found


def key_of(obj: dict[str, Any]) -> tuple[Any, ...]:
    """manifest_diff's key, a scalar name as its Go text (Helm's `name: 12` is "12" to us)."""
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    namespace, name = meta.get("namespace"), meta.get("name")
    if namespace is not None and not isinstance(namespace, dict | list):
        namespace = go_print(namespace)
    if name is not None and not isinstance(name, dict | list):
        name = go_print(name)
    return (obj.get("apiVersion"), obj.get("kind"), namespace, name)


# --------------------------------------------------------------------------------------------
# one case


def helm_documents(text: str) -> list[tuple[dict[str, Any] | None, list[str], str]]:
    """fuzz_chart's reading of Helm's documents, a key YAML cannot hash (`{x}: 1`) unreadable."""
    documents = []
    for part in fuzz_chart.SEPARATOR.split(text):
        if part.strip():
            try:
                documents.extend(fuzz_chart.helm_documents(part))
            except TypeError as err:
                documents.append((None, [f"YAML: {err}"], part))
    return documents


def render_helm(chart: Any, release: str, text: str) -> str:
    manifests = chart.render(helm.values_from_yaml(text), name=release, namespace="argocd")
    return "\n---\n".join(manifests[k] for k in sorted(manifests))


def render_ours(release: str, text: str) -> list[dict[str, Any]]:
    values = expect_mapping(load_text(text, "values.yaml"), "values.yaml", text)
    return render(coalesce(CHART_DEFAULTS, values), release, "values.yaml")


def values_read_differently(text: str) -> str:
    """Where argocd-fleet's YAML reader and Helm's (sigs.k8s.io/yaml) read `text` apart."""
    try:
        ours = json.loads(json.dumps(load_text(text, "values.yaml"), sort_keys=True))
    except (FleetError, TypeError) as err:
        return f"ours: {err}"
    helm_values = helm.values_from_yaml(text)
    if ours == helm_values:
        return ""
    lines: list[str] = []
    manifest_diff.diff(helm_values, ours, "", lines)
    return "; ".join(line.strip() for line in lines)[:200]


def classify(line: str, helm_invalid: list[str]) -> str:
    """One manifest_diff line: a documented deviation, Helm's invalid object, or a BUG."""
    match = re.match(r"\s*(\S*): expected (.*) \((\w+)\), got (.*) \(str\)$", line)
    if match and match.group(3) in ("int", "float", "bool", "NoneType"):
        # "Printed values are written as strings": the Go text of what Helm printed.
        return f"deviation printed-as-string {line.strip()}"
    if helm_invalid:
        return f"helm-invalid {line.strip()}"
    return f"BUG {line.strip()}"


def compare(release: str, values: dict[str, Any], chart: Any) -> tuple[list[str], dict[str, str]]:
    """(findings, artefacts) of one case."""
    text = yaml.safe_dump(values, sort_keys=False)
    artefacts = {
        "case.yaml": yaml.safe_dump({"release": release, "values": values}, sort_keys=False)
    }
    findings: list[str] = []
    read = values_read_differently(text)
    if read:  # noted, then Helm is given the values as argocd-fleet reads them
        findings.append(f"BUG yaml-read: the values file reads differently: {read}")
        text = json.dumps(json.loads(json.dumps(load_text(text, "values.yaml"))))
    try:
        helm_text: str | None = render_helm(chart, release, text)
        artefacts["helm.yaml"] = helm_text or ""
    except Exception as err:  # HelmRenderError and friends
        helm_text = None
        artefacts["helm.yaml"] = f"# Helm error: {err}\n"
    try:
        ours: list[dict[str, Any]] | None = render_ours(release, text)
        artefacts["ours.yaml"] = write_stream(ours)
    except FleetError as err:
        ours = None
        artefacts["ours.yaml"] = f"# error: {err.message}\n"
        if "\n" in err.message:
            findings.append(f"BUG ours-error-not-one-line: {err.message[:150]}")
    except Exception as err:
        artefacts["ours.yaml"] = f"# crash: {err!r}\n"
        return [f"BUG ours-crash: {err!r:.200}"], artefacts
    if ours is not None:
        for obj in ours:
            findings.extend(f"BUG ours-invalid: {e}" for e in problems(obj))
    if helm_text is None:
        first = artefacts["helm.yaml"].splitlines()[0][:140]
        verdict = "ours-error" if ours is None else "ours-ok"
        return [*findings, f"helm-invalid helm-error {verdict}: {first}"], artefacts
    documents = helm_documents(helm_text)
    invalid = [
        f"{(obj or {}).get('kind')}: {p}" if obj is not None else why[0]
        for obj, why, _ in documents
        for p in (problems(obj) if obj is not None else [""])
    ]
    invalid += [f"duplicate keys {why}" for obj, why, _ in documents if obj is not None and why]
    if ours is None:
        message = re.sub(r"'[^']*'", "'…'", artefacts["ours.yaml"][9:].strip())
        if invalid:
            return [
                *findings,
                f"deviation refused: {message[:110]} <- {invalid[0][:90]}",
            ], artefacts
        return [*findings, f"BUG ours-error, helm-fine: {message[:150]}"], artefacts
    for problem in invalid:
        findings.append(f"note helm-invalid: {problem[:140]}")
    expected = {key_of(obj): obj for obj, _, _ in documents if isinstance(obj, dict)}
    actual = {key_of(obj): obj for obj in ours}
    for key in sorted(set(expected) | set(actual), key=str):
        where = "/".join(str(p) for p in key if p)
        if key not in actual:
            findings.append(f"{'helm-invalid' if invalid else 'BUG'} missing object {where}")
        elif key not in expected:
            findings.append(f"{'helm-invalid' if invalid else 'BUG'} unexpected object {where}")
        else:
            lines: list[str] = []
            want = expected[key]
            manifest_diff.strip_identity(want.get("metadata"))
            manifest_diff.diff(want, actual[key], where, lines)
            object_invalid = problems(want)
            findings.extend(classify(line, object_invalid) for line in lines)
    return findings, artefacts


def signature(finding: str) -> str:
    """A finding without its values: the group it is in."""
    if finding.startswith("BUG yaml-read"):
        if re.search(r"\.(true|false): missing", finding):
            return "BUG yaml-read: a key y, Y, n or N is a boolean to Helm (a string to us)"
        if "'1e3'" in finding:
            return "BUG yaml-read: 1e3 is a number to Helm (a string to us)"
        return finding[:150]
    line = re.sub(r"\[\d+\]", "[N]", finding)
    line = re.sub(r" <- .*", "", line)
    line = re.sub(
        r"^(\S+ \S+ )?\S+/(\w+)/\S+?(\.(spec|metadata)\.\S+): (expected|missing|unexpected).*?(\((\w+)\))?(, got .*\((\w+)\))?$",
        r"\1\2\3: \5 \7 \9",
        line,
    )
    line = re.sub(r"(missing object|unexpected object) .*", r"\1 X", line)
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)
    return line[:150]


# --------------------------------------------------------------------------------------------
# commands


def write_case(chart: Any, case: Path) -> int:
    """A regression case: Helm's render of `case/case.yaml`, verbatim, as its expected.yaml;
    refused unless every object Helm writes is one the API server accepts and needs no
    deviation of docs/registration.md applied."""
    spec = yaml.safe_load((case / "case.yaml").read_text())
    values_text = yaml.safe_dump(spec["values"], sort_keys=False)
    text = render_helm(chart, spec["release"], values_text)
    for obj, duplicates, _ in helm_documents(text):
        if obj is None or duplicates or problems(obj):
            print(f"{case}: Helm's output is not usable as is: {duplicates or problems(obj)}")
            return 1
    findings, _ = compare(spec["release"], spec["values"], chart)
    if any(f.startswith("deviation") for f in findings):
        print(f"{case}: Helm's output needs a deviation applied: {findings}")
        return 1
    (case / "expected.yaml").write_text(text)
    return 0


def run(args: argparse.Namespace, chart: Any) -> int:
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    failing = 0
    for index in range(args.count):
        case_seed = args.seed * 1_000_003 + index
        gen = Gen(random.Random(case_seed))
        release, values = gen.release(), gen.values()
        findings, artefacts = compare(release, values, chart)
        bugs = [f for f in findings if f.startswith("BUG")]
        if bugs:
            failing += 1
            if args.out:
                case_dir = args.out / f"case-{case_seed}"
                case_dir.mkdir(parents=True, exist_ok=True)
                for name, text in artefacts.items():
                    (case_dir / name).write_text(text)
                (case_dir / "report.txt").write_text("\n".join(findings) + "\n")
        for finding in findings if args.notes else [f for f in findings if f[:4] != "note"]:
            groups[signature(finding)].append((case_seed, finding))
    for group, hits in sorted(
        groups.items(), key=lambda item: (item[0][:3] != "BUG", -len(item[1]))
    ):
        print(f"[{len(hits)}] {group}")
        for case_seed, finding in hits[: args.show]:
            print(f"      case {case_seed}: {finding[:220]}")
    print(f"{args.count} cases, {failing} with a BUG finding")
    return 1 if failing else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", type=int, default=2, help="examples shown per group")
    parser.add_argument("--notes", action="store_true", help="also group the notes")
    parser.add_argument("--case", type=Path, help="compare this case.yaml (release, values)")
    parser.add_argument("--write-case", type=Path, help="render DIR/case.yaml with Helm")
    args = parser.parse_args(argv)
    chart = helm.Chart.load(str(CHART))
    if args.write_case:
        return write_case(chart, args.write_case)
    if args.case:
        spec = yaml.safe_load(args.case.read_text())
        findings, artefacts = compare(spec["release"], spec["values"], chart)
        for name in ("helm.yaml", "ours.yaml"):
            print(f"===== {name}\n{artefacts[name]}")
        print("\n".join(["===== findings", *findings]))
        return 1 if any(f.startswith("BUG") for f in findings) else 0
    return run(args, chart)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
