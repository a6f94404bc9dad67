"""Differential fuzzer: chart mode against Helm's own engine on the application-sets chart.

usage: python tools/fuzz_chart.py [--seed N] [--count N] [--out DIR] [--show N] [--notes]
       python tools/fuzz_chart.py --values FILE      (one values file: its findings, both renders)
       python tools/fuzz_chart.py --write-case DIR  (DIR/values.yaml: Helm's render as expected.yaml)

Each case is a random values file in the chart's value space (its global settings, catalogs,
components and their fields, as `templates/*.yaml` and `cmp_plugin/chart/fields.py` read
them). Helm's engine (helm-python-sdk, the optional `bench` extra) renders it from
tests/data/reference-fleet/charts/application-sets; `argocd-fleet generate -f` renders it in
process. Helm's objects are corrected for the deliberate deviations of docs/chart-rules.md
(see `expected_from_helm`) and compared object by object as tests/manifest_diff.py compares.
Every difference is printed grouped by where it is; with --out, each failing case is written
there (values.yaml, helm.yaml, ours.yaml, report.txt). A throwaway tool: CI does not run it.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import helm_python as helm
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import crd  # noqa: E402

from cmp_plugin.chart.convert import normalize_name  # noqa: E402
from helpers import manifest_diff, run_cli  # noqa: E402

CHART = ROOT / "tests" / "data" / "reference-fleet" / "charts" / "application-sets"
CATALOGS = {
    name: yaml.safe_load((CHART / "values" / f"{name}.yaml").read_text())
    for name in ("addons", "ack", "monitoring", "fleetBootstrap", "resources")
}
CATALOG_COMPONENTS = {name: sorted(entries) for name, entries in CATALOGS.items()}

# --------------------------------------------------------------------------------------------
# values


class Gen:
    """Random values in the chart's value space."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def p(self, probability: float) -> bool:
        return self.r.random() < probability

    def pick(self, *items: Any) -> Any:
        return self.r.choice(items)

    def word(self) -> str:
        return self.pick("web", "api", "db", "cache", "gold", "blue", "x1", "team-a", "tier")

    def label_value(self) -> Any:
        return self.pick("spoke", "hub", "true", "false", "1", "1.0", "v1", True, False, 3, "")

    def labels(self, n: int = 3) -> dict[str, Any]:
        keys = ["fleet_member", "tier", "env", "team", "example.com/role", "zone"]
        return {self.pick(*keys): self.label_value() for _ in range(self.r.randint(1, n))}

    def tree(self, depth: int = 0) -> Any:
        if depth > 2 or self.p(0.4):
            return self.pick("a", "", 1, 2.5, True, False, None, "1.0", "{{ .name }}", [1, "b"])
        return {self.word(): self.tree(depth + 1) for _ in range(self.r.randint(1, 3))}

    def values_object(self) -> dict[str, Any]:
        return {self.word(): self.tree(1) for _ in range(self.r.randint(1, 3))}

    def selector(self) -> dict[str, Any]:
        selector: dict[str, Any] = {}
        if self.p(0.7):
            selector["matchExpressions"] = [
                self.pick(
                    {"key": "enable_x", "operator": "In", "values": ["true"]},
                    {"key": self.word(), "operator": "Exists"},
                    {"key": "tier", "operator": "NotIn", "values": ["gold", "blue"]},
                )
                for _ in range(self.r.randint(1, 2))
            ]
        if self.p(0.4) or not selector:
            selector["matchLabels"] = self.labels(2)
        return selector

    def sync_policy(self) -> Any:
        return self.pick(
            {"automated": {"prune": True, "selfHeal": True}},
            {"syncOptions": ["CreateNamespace=true"], "retry": {"limit": 2}},
            {"automated": {}},
            None,
        )

    def settings(self) -> dict[str, Any]:
        v: dict[str, Any] = {}
        if self.p(0.7):
            v["releaseType"] = self.pick("default", "release1", "", "canary", "Canary")
        if self.p(0.6):
            v["useSelectors"] = self.pick("true", "false", True, False)
        if self.p(0.4):
            v["useVersionSelectors"] = self.pick("true", "false", True, False, None)
        if self.p(0.6):
            v["releases"] = {
                self.pick("addonsRelease", "platformRelease"): self.pick(
                    "default", "release1", "canary", "1.0", "true", 2
                )
                for _ in range(self.r.randint(1, 2))
            }
        if self.p(0.5):
            v["globalSelectors"] = self.labels(2)
        if self.p(0.2):
            v["namespace"] = self.pick("argo", "", None)
        if self.p(0.3):
            v["syncPolicy"] = self.sync_policy()
        if self.p(0.3):
            v["syncPolicyAppSet"] = self.pick(
                {"preserveResourcesOnDeletion": False}, {"applicationsSync": "create-only"}, None
            )
        if self.p(0.2):
            v["goTemplateOptions"] = self.pick(["missingkey=zero"], [], None)
        for key in ("repoURLGit", "repoURLGitRevision", "repoURLGitBasePath"):
            if self.p(0.3):
                v[key] = self.pick("https://git.example.com/r.git", "main", "fleet/", "", None)
        if self.p(0.4):
            v["valueFiles"] = self.pick(["defaults"], ["a", "b/{{.name}}"], [], None)
        if self.p(0.4):
            v["globalValuesObject"] = self.pick(self.values_object(), None, {})
        if self.p(0.3):
            v["valuesFilePrefix"] = self.pick("tenants/", "p", "")
        if self.p(0.3):
            v["useValuesFilePrefix"] = self.pick(True, False, "true", "false")
        if self.p(0.2):
            v["argoProjectName"] = self.pick("platform", "")
        if self.p(0.3):
            v["applyNestedSelectors"] = self.pick(True, False, "true", "false")
        if self.p(0.15):
            v["templatePatch"] = self.pick("spec:\n  project: x\n", "")
        if self.p(0.3):
            v["commonLabels"] = self.labels(2)
        if self.p(0.3):
            v["annotations"] = self.labels(2)
        if self.p(0.2):
            v["applicationSetGroup"] = self.pick("addons", "")
        if self.p(0.3):
            v["ackPodIdentity"] = self.pick(
                {"path": "charts/pi"},
                {"repoURL": "oci://r", "chart": "pi", "chartVersion": "1.0.0"},
                {},
                None,
            )
        if self.p(0.4):
            v["mergeValues"] = {
                self.pick(*CATALOG_COMPONENTS): {"use": self.pick(True, "true", False, "false")}
                for _ in range(self.r.randint(1, 3))
            }
        return v

    def component(self) -> dict[str, Any]:
        c: dict[str, Any] = {"enabled": self.pick(True, True, True, "true", False, "false")}
        if self.p(0.85):
            c["namespace"] = self.pick("ns1", "kube-system", "")
        if self.p(0.3):
            c["chartName"] = self.pick("my-chart", "other")
        if self.p(0.2):
            c["chartNamespace"] = self.pick("charts", "")
        if self.p(0.4):
            c["chartRepository"] = self.pick("https://charts.example.com", "oci://ecr")
        if self.p(0.6):
            c["defaultVersion"] = self.pick("1.2.3", "0.1.0", "2", "")
        if self.p(0.2):
            c["releaseName"] = self.pick("rel", "")
        if self.p(0.15):
            c["path"] = self.pick("charts/x", "")
        if self.p(0.15):
            c["type"] = self.pick("manifest", "other", "")
        if self.p(0.1):
            c["resourceGroup"] = self.pick(True, False, "true", "false")
        if self.p(0.1):
            c["gitMatrix"] = self.pick(True, "true", False)
            c["matrixPath"] = "teams/*/config.yaml"
        if self.p(0.3):
            c["selector"] = self.selector()
        if self.p(0.25):
            c["selectorMatchLabels"] = self.labels(2)
        if self.p(0.2):
            c["environments"] = [self.environment() for _ in range(self.r.randint(1, 2))]
        if self.p(0.3):
            c["valuesObject"] = self.values_object()
        if self.p(0.15):
            c["valuesFileName"] = "custom.yaml"
        if self.p(0.15):
            c["appSetName"] = "named"
        if self.p(0.2):
            c["enableAckPodIdentity"] = self.pick(True, "true", False, "false")
        if self.p(0.15):
            c["ackPodIdentity"] = self.pick(
                {"path": "charts/own"}, {"repoURL": "oci://own", "chart": "c", "chartVersion": "2"}
            )
        if self.p(0.2):
            c["additionalResources"] = self.additional()
        for key, gen in (
            ("syncPolicy", self.sync_policy),
            ("syncPolicyAppSet", lambda: {"preserveResourcesOnDeletion": False}),
            ("goTemplateOptions", lambda: ["missingkey=default"]),
            ("ignoreApplicationDifferences", lambda: [{"jsonPointers": ["/spec/source"]}]),
            ("preservedFields", lambda: {"annotations": ["keep"]}),
            ("strategy", lambda: {"type": "RollingSync", "rollingSync": {"steps": []}}),
            ("templatePatch", lambda: "spec:\n  project: y\n"),
            ("labelsAppSet", lambda: self.labels(2)),
            ("annotationsAppSet", lambda: self.labels(2)),
            ("labelsApp", lambda: self.labels(2)),
            ("annotationsApp", lambda: self.labels(2)),
            ("ignoreDifferences", lambda: [{"kind": "Secret", "jsonPointers": ["/data"]}]),
            ("applyNestedSelectors", lambda: True),
        ):
            if self.p(0.1):
                c[key] = gen()
        return c

    def environment(self) -> dict[str, Any]:
        env: dict[str, Any] = {"selector": self.labels(1)}
        if self.p(0.6):
            env["chartVersion"] = self.pick("9.9.9", "", "3")
        return env

    def additional(self) -> dict[str, Any]:
        a: dict[str, Any] = {}
        if self.p(0.6):
            a["path"] = "extra"
        if self.p(0.3):
            a["type"] = self.pick("manifests", "manifest", "values")
            a["manifestPath"] = "m"
        if self.p(0.3) or not a:
            a.update(chart="extra-chart", repoURL="https://x", chartVersion="0.1.0")
        if self.p(0.4):
            a["helm"] = {"releaseName": "extra"}
            if self.p(0.5):
                a["helm"]["valuesObject"] = self.values_object()
        return a

    def edge(self) -> Any:
        return self.pick(None, "", False, 0, {}, [], "x", True)

    def override(self, catalog_entry: dict[str, Any]) -> dict[str, Any]:
        """An override of a catalog component: some of its fields set to edge values."""
        entry: dict[str, Any] = {}
        for key, value in catalog_entry.items():
            if self.p(0.3):
                if isinstance(value, dict) and value and self.p(0.5):
                    inner = self.pick(*value)
                    entry[key] = {inner: self.edge()}
                else:
                    entry[key] = self.edge()
        if self.p(0.7):
            entry["enabled"] = self.pick(True, "true")
        return entry

    def values(self) -> dict[str, Any]:
        v = self.settings()
        catalog_names = [n for names in CATALOG_COMPONENTS.values() for n in names]
        for _ in range(self.r.randint(1, 4)):
            if self.p(0.2):
                catalog = self.pick(*CATALOGS)
                v.setdefault("mergeValues", {})[catalog] = {"use": True}
                name = self.pick(*CATALOGS[catalog])
                v[name] = self.override(CATALOGS[catalog][name])
            elif self.p(0.25):
                # an override of a catalog component
                entry = {"enabled": self.pick(True, False)}
                if self.p(0.5):
                    entry.update(self.component())
                    if self.p(0.3):
                        del entry["enabled"]  # overrides fields, the catalog enables
                v[self.pick(*catalog_names)] = entry
            else:
                key = self.pick("web", "my_app", "cache", "x" * 62 + "_y", "api-")
                v[key] = self.component()
        return v


# --------------------------------------------------------------------------------------------
# Helm's side


class MergingLoader(yaml.SafeLoader):
    """A YAML loader that merges a key written twice (maps deeply, later wins) and notes it:
    what argocd-fleet does for deviations 1 and 5."""

    duplicates: list[str]

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            value = self.construct_object(value_node, deep=True)
            if key in mapping:
                self.duplicates.append(str(key))
                if isinstance(mapping[key], dict) and isinstance(value, dict):
                    value = {**mapping[key], **value}
            mapping[key] = value
        return mapping


MergingLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, MergingLoader.construct_mapping
)

SEPARATOR = re.compile(r"(?:^|\s*\n)---\s*")  # Helm's releaseutil.SplitManifests


def helm_documents(text: str) -> list[tuple[dict[str, Any] | None, list[str], str]]:
    """Each document Helm emits: (object or None when it is not YAML, duplicate keys, text)."""
    documents = []
    for part in SEPARATOR.split(text):
        if not part.strip():
            continue
        loader = MergingLoader(part)
        loader.duplicates = []
        try:
            obj = loader.get_single_data()
        except yaml.YAMLError as err:
            documents.append((None, [f"YAML: {str(err).splitlines()[0]}"], part))
            continue
        finally:
            loader.dispose()
        documents.append((obj, loader.duplicates, part))
    return documents


# --------------------------------------------------------------------------------------------
# the deviations of docs/chart-rules.md, applied to Helm's objects


def as_label(value: Any) -> str:
    """Deviation 4: a label value as the string argocd-fleet writes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def stringify_labels(node: Any) -> None:
    """Deviation 4 over an object: label/annotation maps, matchLabels, expression values."""
    if isinstance(node, dict):
        for key, item in node.items():
            if key in ("labels", "annotations", "matchLabels") and isinstance(item, dict):
                for name, value in item.items():
                    if not isinstance(value, dict | list):
                        item[name] = as_label(value)
            if key == "matchExpressions" and isinstance(item, list):
                for expression in item:
                    if isinstance(expression, dict) and isinstance(
                        expression.get("values"), list
                    ):
                        expression["values"] = [as_label(v) for v in expression["values"]]
            stringify_labels(item)
    elif isinstance(node, list):
        for item in node:
            stringify_labels(item)


def expected_from_helm(
    obj: dict[str, Any], release_type: Any, matrix_labels: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Helm's ApplicationSet as argocd-fleet is meant to write it (docs/chart-rules.md);
    `matrix_labels` are the selectorMatchLabels taken out of a git matrix component."""
    obj = copy.deepcopy(obj)
    stringify_labels(obj)
    spec = obj.get("spec") or {}
    # Deviation 3: the release type lower-cased, no leading `-` without one.
    template_meta = (spec.get("template") or {}).get("metadata") or {}
    name = template_meta.get("name")
    if isinstance(release_type, str) and release_type and isinstance(name, str):
        if release_type != release_type.lower():
            template_meta["name"] = name.replace(release_type + "-", release_type.lower() + "-", 1)
            meta_name = obj["metadata"]["name"]
            obj["metadata"]["name"] = meta_name[: -len(release_type)] + release_type.lower()
    elif isinstance(name, str) and name.startswith("-") and not release_type:
        template_meta["name"] = name[1:]
    # Deviation 2: a git matrix's selector nested in matchLabels goes beside them.
    for generator in spec.get("generators") or []:
        matrix = generator.get("matrix") if isinstance(generator, dict) else None
        if matrix:
            selector = matrix["generators"][0]["clusters"]["selector"]
            labels = selector.get("matchLabels") or {}
            nested_labels = labels.pop("matchLabels", None)
            nested_expressions = labels.pop("matchExpressions", None)
            labels.update({k: as_label(v) for k, v in (matrix_labels or {}).items()})
            if nested_labels:
                labels.update({k: as_label(v) for k, v in nested_labels.items()})
            if nested_expressions is not None:
                selector["matchExpressions"] = nested_expressions
    return obj


def neutralize_for_helm(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Values Helm can render for what argocd-fleet writes under deviation 2: a git matrix
    component's selectorMatchLabels breaks the chart's YAML; they are taken out and returned
    (by component key) to be laid over the matrix's matchLabels afterwards."""
    values = copy.deepcopy(values)
    moved = {}
    for key, entry in values.items():
        if isinstance(entry, dict) and entry.get("gitMatrix") and entry.get("selectorMatchLabels"):
            moved[key] = entry.pop("selectorMatchLabels")
    return values, moved


# --------------------------------------------------------------------------------------------
# one case


def render_helm(chart: Any, values: dict[str, Any]) -> str:
    manifests = chart.render(values, name="fuzz", namespace="argocd")
    return "".join(manifests[k] for k in sorted(manifests))


def signature(line: str) -> str:
    """A difference line without its values, indices or object names: the group it is in."""
    line = re.sub(r"\[\d+\]", "[N]", line.strip())
    line = re.sub(r":\s+(expected|missing|unexpected).*", r": \1", line)
    line = re.sub(r"(object|missing object|unexpected object) \S+", r"\1 X", line)
    line = re.sub(r"values\.yaml:N: [^ .]+\.", "values.yaml:N: C.", line)
    line = re.sub(r"(must be [a-z ]+), not .*", r"\1, not ...", line)
    return line


def key_name(key: tuple[Any, ...]) -> str:
    return "/".join(str(p) for p in key if p)


def compare(values: dict[str, Any], chart: Any, workdir: Path) -> tuple[list[str], dict[str, str]]:
    """(findings, artefacts) of one values file."""
    findings: list[str] = []
    path = workdir / "values.yaml"
    path.write_text(yaml.safe_dump(values, sort_keys=False))
    ours = run_cli("generate", "-f", str(path), "--allow-empty")
    helm_values, moved = neutralize_for_helm(values)
    artefacts = {"values.yaml": path.read_text(), "ours.yaml": ours.stdout + ours.stderr}
    try:
        helm_text = render_helm(chart, helm_values)
    except Exception as err:  # HelmRenderError and friends
        helm_text = None
        artefacts["helm.yaml"] = f"# Helm error: {err}\n"
        if ours.returncode == 0:
            findings.append(f"helm-error-ours-ok: {str(err).splitlines()[0][:160]}")
        return findings, artefacts
    artefacts["helm.yaml"] = helm_text
    if ours.returncode != 0:
        err_lines = ours.stderr.strip().splitlines()
        if "Traceback" in ours.stderr or "internal error" in ours.stderr or len(err_lines) != 1:
            findings.append(f"ours-crash: {ours.stderr.strip()[-200:]}")
        else:
            broken = [d for d in helm_documents(helm_text) if d[0] is None or d[1]]
            invalid = [
                e for d in helm_documents(helm_text) if d[0] for e in crd.errors(d[0])
            ]
            kind = "helm-broken" if broken or invalid else "helm-fine"
            message = re.sub(r"^argocd-fleet: \S+: ", "", err_lines[0])
            findings.append(f"ours-error ({kind}): {re.sub(r'[0-9]+', 'N', message)[:150]}")
        return findings, artefacts

    expected: dict[Any, Any] = {}
    unparsable = 0
    for obj, duplicates, _text in helm_documents(helm_text):
        if obj is None:
            unparsable += 1
            findings.append(f"helm-unparsable: {duplicates[0][:100]}")
            continue
        if duplicates:
            findings.append(f"note helm-duplicate-keys: {sorted(set(duplicates))}")
        helm_errors = crd.errors(obj)
        for e in helm_errors:
            findings.append(f"note helm-crd-invalid: {re.sub(r'^[^:]*: ', '', e)[:120]}")
        name = (obj.get("metadata") or {}).get("name") or ""
        key_entry = next((k for k in moved if name.startswith(normalize_name(k))), None)
        fixed = expected_from_helm(obj, values.get("releaseType"), moved.get(key_entry))
        meta = fixed.get("metadata") or {}
        manifest_diff.strip_identity(fixed.get("metadata"))
        manifest_diff.strip_identity(((fixed.get("spec") or {}).get("template") or {}).get("metadata"))
        key = (fixed.get("apiVersion"), fixed.get("kind"), meta.get("namespace"), meta.get("name"))
        expected[key] = fixed
    actual: dict[Any, Any] = {}
    for obj in yaml.safe_load_all(ours.stdout):
        if obj is None:
            continue
        for e in crd.errors(obj):
            findings.append(f"ours-crd-invalid: {re.sub(r'^[^:]*: ', '', e)[:120]}")
        manifest_diff.strip_identity(obj.get("metadata"))
        manifest_diff.strip_identity(((obj.get("spec") or {}).get("template") or {}).get("metadata"))
        meta = obj.get("metadata") or {}
        actual[(obj.get("apiVersion"), obj.get("kind"), meta.get("namespace"), meta.get("name"))] = obj
    for key in sorted(set(expected) | set(actual), key=str):
        if key not in actual:
            if not unparsable:
                findings.append(f"missing object {key_name(key)}")
        elif key not in expected:
            if not unparsable:
                findings.append(f"unexpected object {key_name(key)}")
        else:
            lines: list[str] = []
            manifest_diff.diff(expected[key], actual[key], "", lines)
            findings.extend(classify_line(line.strip()) for line in lines)
    return findings, artefacts


def classify_line(line: str) -> str:
    """A difference, or a note when it is no difference to Kubernetes: the chart prints
    `toYaml nil` (null, which the API server drops) where argocd-fleet leaves the key out, and
    `quote`/`squote` of a missing value as nothing (null) where argocd-fleet writes ''."""
    if line.endswith("missing (expected None)"):
        return f"note helm-null-ours-absent {line}"
    if "expected None (NoneType), got '' (str)" in line:
        return f"note helm-null-ours-empty {line}"
    return f"diff {line}"


def write_case(chart: Any, case: Path) -> int:
    """A regression case: Helm's render of `case/values.yaml`, verbatim, as its expected.yaml,
    refused unless Helm's objects are well-formed and need no deviation applied."""
    values = yaml.safe_load((case / "values.yaml").read_text())
    text = render_helm(chart, values)
    for obj, duplicates, _ in helm_documents(text):
        if obj is None or duplicates or crd.errors(obj):
            print(f"{case}: Helm's output is not usable as is: {duplicates or crd.errors(obj)}")
            return 1
        if expected_from_helm(obj, values.get("releaseType")) != obj:
            print(f"{case}: Helm's output needs a deviation applied")
            return 1
    (case / "expected.yaml").write_text(text)
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", type=int, default=3, help="examples shown per group")
    parser.add_argument("--notes", action="store_true", help="also group the notes")
    parser.add_argument("--values", type=Path, help="compare this values file only")
    parser.add_argument("--write-case", type=Path, help="render DIR/values.yaml with Helm")
    args = parser.parse_args(argv)
    chart = helm.Chart.load(str(CHART))
    if args.write_case:
        return write_case(chart, args.write_case)
    if args.values:
        with tempfile.TemporaryDirectory() as tmp:
            values = yaml.safe_load(args.values.read_text())
            findings, artefacts = compare(values, chart, Path(tmp))
        for name in ("helm.yaml", "ours.yaml"):
            print(f"===== {name}\n{artefacts[name]}")
        print("\n".join(["===== findings", *findings]))
        return 1 if any(not f.startswith("note ") for f in findings) else 0
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    failing = 0
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(args.count):
            case_seed = args.seed * 1_000_003 + index
            values = Gen(random.Random(case_seed)).values()
            findings, artefacts = compare(values, chart, Path(tmp))
            real = [f for f in findings if not f.startswith("note ")]
            if real:
                failing += 1
                if args.out:
                    case_dir = args.out / f"case-{case_seed}"
                    case_dir.mkdir(parents=True, exist_ok=True)
                    for name, text in artefacts.items():
                        (case_dir / name).write_text(text)
                    (case_dir / "report.txt").write_text("\n".join(findings) + "\n")
            for finding in findings if args.notes else real:
                groups[signature(finding)].append((case_seed, finding))
    for group, hits in sorted(groups.items(), key=lambda item: -len(item[1])):
        print(f"[{len(hits)}] {group}")
        for case_seed, finding in hits[: args.show]:
            print(f"      case {case_seed}: {finding[:200]}")
    print(f"{args.count} cases, {failing} with differences")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
