"""The Applications an ApplicationSet creates for a set of clusters, with evaluated fields.

`compile_application_set` does the per-ApplicationSet work once: generators, selectors and
every template string are compiled. `CompiledAppSet.preview(clusters)` then evaluates the
generators for the clusters and renders the template for each parameter set, as the
ApplicationSet controller does (`GenerateApplications`), giving one `PreviewApp` per
Application with the fields the preview reports.

What Argo CD would refuse is reported, never hidden: a template string that fails (a missing
key under `missingkey=error`) marks its Application `fails`, and the controller then stops
reconciling the whole ApplicationSet (`AppSetPreview.blocked`). A string the evaluator cannot
evaluate is shown as written, with a problem saying so. `templatePatch` is not applied (a
note on each Application says so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from ..errors import FleetError
from ..k8snames import is_label_value, is_subdomain
from .generators import (
    Generator,
    GeneratorContext,
    GeneratorError,
    GeneratorUnsupported,
    ParamSet,
    PreviewCluster,
    compile_generator,
    prepare_clusters,
)
from .gotemplate import (
    Outcome,
    Template,
    Unsupported,
    compile_fast_tuple,
    compile_template,
    missingkey_from_options,
)

TEMPLATE_PATCH_NOTE = "templatePatch is not applied by the preview; fields it patches may differ"


class PreviewError(FleetError):
    """The ApplicationSet as a whole cannot be previewed (see `AppSetPreview`)."""


@dataclass(slots=True)
class PreviewApp:
    """One Application an ApplicationSet creates; field names follow the preview JSON."""

    name: str
    applicationSet: str
    release: str
    chart: str  # the chart, or the path of a directory source
    repoURL: str
    targetRevision: str
    namespace: str
    valueFiles: list[str]
    cluster: str  # the cluster whose parameters made it (the generator's `name`)
    component: str = ""
    destination: str = ""  # destination.name, or destination.server
    path: str = ""  # set when the component source is a directory, not a chart
    fails: bool = False  # Argo CD cannot render or create it
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The preview JSON shape; `problems` only when there are some."""
        result: dict[str, Any] = {
            "name": self.name,
            "applicationSet": self.applicationSet,
            "release": self.release,
            "chart": self.chart,
            "repoURL": self.repoURL,
            "targetRevision": self.targetRevision,
            "namespace": self.namespace,
            "valueFiles": list(self.valueFiles),
        }
        if self.problems:
            result["problems"] = list(self.problems)
        return result

    def sort_key(self) -> tuple[str, str, str]:
        return (self.cluster, self.name, self.applicationSet)


@dataclass(slots=True)
class AppSetPreview:
    """What one ApplicationSet does for the clusters previewed."""

    name: str
    component: str
    release: str
    applications: list[PreviewApp] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # Argo CD fails the ApplicationSet
    unevaluated: list[str] = field(default_factory=list)  # the preview cannot tell
    notes: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """Argo CD would set ErrorOccurred and create, update or delete none of them."""
        return bool(self.errors) or any(app.fails for app in self.applications)


@dataclass(frozen=True, slots=True)
class _Slot:
    """A template string of the Application template and where its result goes."""

    path: str
    template: Template


@dataclass(frozen=True, slots=True)
class _Pick:
    """A string of the template: a constant, or the result of slot `index`."""

    constant: str = ""
    index: int = -1


_PICKED = ("name", "namespace", "destination", "chart", "path", "repoURL", "targetRevision")


class CompiledAppSet:
    """An ApplicationSet compiled once; `preview` it for any clusters."""

    def __init__(self, appset: Mapping[str, Any], repo_root: str | None = None) -> None:
        metadata = appset.get("metadata") or {}
        spec = appset.get("spec") or {}
        self.name = str(metadata.get("name", ""))
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        self.component = str(labels.get("component", "")) if isinstance(labels, Mapping) else ""
        self.release = derive_release(self.name, self.component)
        self._errors: list[str] = []
        self._unevaluated: list[str] = []
        self.notes: list[str] = []
        self._generators: list[Generator] = []
        self._slots: list[_Slot] = []
        self._constants: tuple[str, ...] = ()
        self._pick: Callable[[Sequence[str]], tuple[str, ...]] = lambda _r: ("",) * len(_PICKED)
        self._fast_all: Callable[[Any], tuple[str, ...]] | None = None
        self._label_slots: list[int] = []
        self._name_slot = -1
        if spec.get("templatePatch"):
            self.notes.append(TEMPLATE_PATCH_NOTE)
        if spec.get("goTemplate") is not True:
            self._unevaluated.append("goTemplate is not true: fasttemplate rendering not evaluated")
            return
        try:
            missingkey = missingkey_from_options(spec.get("goTemplateOptions"))
        except Unsupported as err:
            self._unevaluated.append(str(err))
            return
        context = GeneratorContext(missingkey, repo_root)
        for index, generator in enumerate(spec.get("generators") or []):
            try:
                self._generators.append(compile_generator(generator, context))
            except GeneratorError as err:
                self._errors.append(f"generators[{index}]: {err}")
            except GeneratorUnsupported as err:
                self._unevaluated.append(f"generators[{index}]: not evaluated: {err}")
        self._compile_template(template, missingkey)

    # ---------------------------------------------------------------------------------------

    def _compile_template(self, template: Mapping[str, Any], missingkey: str) -> None:
        """Compile every string of the template; remember where the reported fields are."""

        def walk(node: Any, path: str) -> Any:
            if isinstance(node, str):
                compiled = compile_template(node, missingkey)
                if compiled.is_constant:
                    return _Pick(constant=node)
                self._slots.append(_Slot(path, compiled))
                return _Pick(index=len(self._slots) - 1)
            if isinstance(node, Mapping):
                return {k: walk(v, f"{path}.{k}" if path else str(k)) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(v, f"{path}[{i}]") for i, v in enumerate(node)]
            return node

        tree = walk(template, "")
        metadata = tree.get("metadata") or {}
        spec = tree.get("spec") or {}
        labels = metadata.get("labels") or {}
        if isinstance(labels, Mapping):
            self._label_slots = [p.index for p in labels.values() if _is_slot(p)]
        destination = spec.get("destination") or {}
        sources = spec.get("sources") or ([spec["source"]] if spec.get("source") else [])
        main = component_source(template.get("spec") or {})
        source = sources[main] if main is not None else {}
        files = (source.get("helm") or {}).get("valueFiles") or []
        picks = [
            metadata.get("name"),
            destination.get("namespace"),
            destination.get("name") or destination.get("server"),
            source.get("chart"),
            source.get("path"),
            source.get("repoURL"),
            source.get("targetRevision"),
            *(f for f in files if isinstance(f, _Pick)),
        ]
        # Constants go after the slots' results, so that every field is one index.
        constants: list[str] = []
        indices: list[int] = []
        for pick in picks:
            if _is_slot(pick):
                indices.append(pick.index)
            else:
                constants.append(pick.constant if isinstance(pick, _Pick) else "")
                indices.append(len(self._slots) + len(constants) - 1)
        self._constants = tuple(constants)
        self._name_slot = picks[0].index if _is_slot(picks[0]) else -1
        getter = itemgetter(*indices)
        self._pick = getter  # len(indices) >= 7, so it always returns a tuple
        self._fast_all = compile_fast_tuple([slot.template for slot in self._slots])

    # ---------------------------------------------------------------------------------------

    def preview(self, clusters: Iterable[Any]) -> AppSetPreview:
        """The Applications for `clusters` (dicts, `Cluster`s or prepared `PreviewCluster`s)."""
        prepared = _prepared(clusters)
        result = AppSetPreview(
            self.name,
            self.component,
            self.release,
            errors=list(self._errors),
            unevaluated=list(self._unevaluated),
            notes=list(self.notes),
        )
        if self._unevaluated and not self._generators:
            return result
        for index, generator in enumerate(self._generators):
            try:
                param_sets = generator(prepared, None)
            except GeneratorError as err:
                result.errors.append(f"generators[{index}]: {err}")
                continue
            except GeneratorUnsupported as err:
                result.unevaluated.append(f"generators[{index}]: not evaluated: {err}")
                continue
            for param_set in param_sets:
                result.applications.append(self._application(param_set))
        seen: dict[str, PreviewApp] = {}
        for app in result.applications:
            if app.name in seen and not app.fails:
                result.errors.append(
                    f"ApplicationSet {self.name} contains applications with duplicate name: "
                    f"{app.name} (clusters {seen[app.name].cluster} and {app.cluster})"
                )
            seen.setdefault(app.name, app)
        result.applications.sort(key=PreviewApp.sort_key)
        return result

    def _application(self, param_set: ParamSet) -> PreviewApp:
        params = param_set.params
        problems = list(param_set.problems)
        fails = False
        results: tuple[str, ...] | None = None
        not_rendered: set[int] = set()  # slots shown as written: nothing to check in them
        if self._fast_all is not None:
            try:
                results = self._fast_all(params)
            except Exception:  # the interpreter decides what went wrong, string by string
                results = None
        if results is None:
            rendered_all = []
            for index, slot in enumerate(self._slots):
                rendered = slot.template.render(params)
                rendered_all.append(rendered.text)
                if not rendered.ok:
                    not_rendered.add(index)
                if rendered.outcome is Outcome.ERROR:
                    fails = True
                    problems.append(
                        f"{slot.path}: {rendered.message} (Argo CD fails this Application)"
                    )
                elif rendered.outcome is Outcome.UNEVALUATED:
                    problems.append(f"{slot.path}: {rendered.message} (shown as written)")
            results = tuple(rendered_all)
        fields = self._pick(results + self._constants)
        name, namespace, destination, chart, path, repo_url, revision = fields[:7]
        if not fails:
            fails = self._check_names(name, results, problems, not_rendered)
        problems.extend(self.notes)
        return PreviewApp(
            name=name,
            applicationSet=self.name,
            release=self.release,
            chart=chart or path,
            repoURL=repo_url,
            targetRevision=revision,
            namespace=namespace,
            valueFiles=list(fields[7:]),
            cluster=param_set.cluster or "",
            component=self.component,
            destination=destination,
            path="" if chart else path,
            fails=fails,
            problems=problems,
        )

    def _check_names(
        self, name: str, results: Sequence[str], problems: list[str], skip: set[int]
    ) -> bool:
        """Names and label values the API server would refuse when Argo CD creates the app."""
        fails = False
        name_slot = self._name_slot
        if name_slot >= 0 and name_slot not in skip and not is_subdomain(name):
            problems.append(
                f"metadata.name: {name!r} is not a valid Kubernetes name "
                "(Argo CD fails to create this Application)"
            )
            fails = True
        for index in self._label_slots:
            if index in skip:
                continue
            value = results[index]
            if not _valid_label_value(value):
                problems.append(
                    f"{self._slots[index].path}: {value!r} is not a valid label value "
                    "(Argo CD fails to create this Application)"
                )
                fails = True
        return fails


@lru_cache(maxsize=65536)
def _valid_label_value(value: str) -> bool:
    return is_label_value(value)


def _is_slot(pick: Any) -> bool:
    return isinstance(pick, _Pick) and pick.index >= 0


def _prepared(clusters: Iterable[Any]) -> list[PreviewCluster]:
    clusters = list(clusters)
    if all(isinstance(c, PreviewCluster) for c in clusters):
        return clusters
    return prepare_clusters(clusters)


def derive_release(appset_name: str, component: str) -> str:
    """The release an ApplicationSet renders: argocd-fleet names it `<component>-<release>`
    and labels its Applications `component: <component>`; "" when it has no release type."""
    if component and appset_name.startswith(component + "-"):
        return appset_name[len(component) + 1 :]
    return ""


def component_source(spec: Mapping[str, Any]) -> int | None:
    """The index of the component's own source among `spec.sources` (or 0 for `source`).

    The values `ref` source, the pod-identity chart (recognised by its
    `podIdentityAssociation` values) and the additional resources (after the component's
    source) are not it: it is the first source with a chart or a path that is none of these.
    """
    if spec.get("sources") is None:
        return 0 if isinstance(spec.get("source"), Mapping) else None
    for index, source in enumerate(spec.get("sources") or []):
        if not isinstance(source, Mapping) or not (source.get("chart") or source.get("path")):
            continue
        values_object = (source.get("helm") or {}).get("valuesObject") or {}
        if isinstance(values_object, Mapping) and "podIdentityAssociation" in values_object:
            continue
        return index
    return None


def compile_application_set(
    appset: Mapping[str, Any], repo_root: str | None = None
) -> CompiledAppSet:
    """Compile once, then `preview` for any clusters."""
    return CompiledAppSet(appset, repo_root)


def preview_application_sets(
    appsets: Iterable[Mapping[str, Any]], clusters: Iterable[Any], repo_root: str | None = None
) -> list[AppSetPreview]:
    """Every ApplicationSet (other kinds are skipped) for every cluster, clusters prepared once."""
    prepared = prepare_clusters(clusters)
    return [
        compile_application_set(appset, repo_root).preview(prepared)
        for appset in appsets
        if isinstance(appset, Mapping) and appset.get("kind") == "ApplicationSet"
    ]


def applications_for(
    appset: Mapping[str, Any], clusters: Iterable[Any], repo_root: str | None = None
) -> list[PreviewApp]:
    """The Applications `appset` creates for `clusters`, sorted by cluster and name.

    Raises `PreviewError` when a generator fails or is not evaluated, since the list would
    then be incomplete; `compile_application_set(...).preview(...)` reports that instead.
    """
    result = compile_application_set(appset, repo_root).preview(clusters)
    if result.errors or result.unevaluated:
        raise PreviewError(
            f"ApplicationSet {result.name}: " + "; ".join(result.errors + result.unevaluated)
        )
    return result.applications
