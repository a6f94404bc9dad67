"""The Applications an ApplicationSet creates for a set of clusters, with evaluated fields.

`compile_application_set` does the per-ApplicationSet work once: generators, selectors and
every template string are compiled. `CompiledAppSet.preview(clusters)` then evaluates the
generators for the clusters and renders the template for each parameter set, as the
ApplicationSet controller does (`GenerateApplications`): each top-level generator with the
ApplicationSet's template (its own `template` merged over it), then `templatePatch`. The
result has one `PreviewApp` per Application with the fields the preview reports.

What Argo CD would refuse is reported, never hidden: a template string that fails (a missing
key under `missingkey=error`) or a patch that does not apply marks its Application `fails`,
and the controller then stops reconciling the whole ApplicationSet (`AppSetPreview.blocked`).
A string the evaluator cannot evaluate is shown as written, with a problem saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import FleetError
from .apptemplate import (  # noqa: F401  (component_source is part of the preview's API)
    CompiledTemplate,
    TemplateOptionsError,
    component_source,
    merge_templates,
    missingkey_of,
)
from .generators import (
    Generator,
    GeneratorContext,
    GeneratorError,
    GeneratorUnsupported,
    ParamSet,
    PreviewCluster,
    compile_top_level,
    prepare_clusters,
)

EMPTY_PARAMS_NOTE = (
    "the generator gave an empty parameter set: Argo CD renders nothing and uses the template "
    "as written"
)


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
    notes: list[str] = field(default_factory=list)  # what Argo CD does silently (dropped fields)

    @property
    def blocked(self) -> bool:
        """Argo CD would set ErrorOccurred and create, update or delete none of them."""
        return bool(self.errors) or any(app.fails for app in self.applications)


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
        self._runs: list[tuple[str, Generator, CompiledTemplate]] = []
        self._context: GeneratorContext | None = None
        if spec.get("goTemplate") is not True:
            self._unevaluated.append("goTemplate is not true: fasttemplate rendering not evaluated")
            return
        try:
            missingkey = missingkey_of(spec.get("goTemplateOptions"))
        except TemplateOptionsError as err:
            self._errors.append(
                f"{err} (Argo CD's controller panics rendering this ApplicationSet)"
            )
            return
        patch = spec.get("templatePatch")
        if patch is not None and not isinstance(patch, str):
            self._errors.append("templatePatch must be a string")
            return
        self._context = context = GeneratorContext(missingkey, repo_root)
        base = CompiledTemplate(template, missingkey, patch or None)
        for index, generator in enumerate(spec.get("generators") or []):
            try:
                for _kind, compiled, own in compile_top_level(generator, context):
                    plan = base
                    if own:
                        merged = merge_templates(own, template)
                        plan = CompiledTemplate(merged, missingkey, patch or None)
                    self._runs.append((f"generators[{index}]", compiled, plan))
            except GeneratorError as err:
                self._errors.append(f"generators[{index}]: {err}")
            except GeneratorUnsupported as err:
                self._unevaluated.append(f"generators[{index}]: not evaluated: {err}")

    def preview(self, clusters: Iterable[Any]) -> AppSetPreview:
        """The Applications for `clusters` (dicts, `Cluster`s or prepared `PreviewCluster`s)."""
        prepared = _prepared(clusters)
        result = AppSetPreview(
            self.name,
            self.component,
            self.release,
            errors=list(self._errors),
            unevaluated=list(self._unevaluated),
        )
        for label, generator, plan in self._runs:
            try:
                param_sets = generator(prepared)
            except GeneratorError as err:
                result.errors.append(f"{label}: {err}")
                continue
            except GeneratorUnsupported as err:
                result.unevaluated.append(f"{label}: not evaluated: {err}")
                continue
            for param_set in param_sets:
                result.applications.append(self._application(param_set, plan))
        if self._context is not None:
            result.notes = list(dict.fromkeys(self._context.notes))
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

    def _application(self, param_set: ParamSet, plan: CompiledTemplate) -> PreviewApp:
        rendered = plan.render(param_set.params)
        problems = list(param_set.problems)
        if not param_set.params:
            problems.append(EMPTY_PARAMS_NOTE)
        problems.extend(rendered.problems)
        name, namespace, destination, chart, path, repo_url, revision = rendered.fields
        return PreviewApp(
            name=name,
            applicationSet=self.name,
            release=self.release,
            chart=chart or path,
            repoURL=repo_url,
            targetRevision=revision,
            namespace=namespace,
            valueFiles=rendered.valueFiles,
            cluster=param_set.cluster or "",
            component=self.component,
            destination=destination,
            path="" if chart else path,
            fails=rendered.fails,
            problems=problems,
        )


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
