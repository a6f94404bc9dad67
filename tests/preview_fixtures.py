"""Small ApplicationSets and cluster secrets for the generator and template tests.

Every expectation in those tests is written from Argo CD's code (applicationset/generators,
applicationset/utils, applicationset/controllers/template), never from this project's output.
"""

from __future__ import annotations

import copy
from typing import Any

from cmp_plugin.preview.applications import AppSetPreview, compile_application_set

SECRET_TYPE = {"argocd.argoproj.io/secret-type": "cluster"}


def secret(
    name: str,
    server: str | None = None,
    project: str | None = None,
    annotations: dict[str, str] | None = None,
    nameless: bool = False,
    **labels: str,
) -> dict[str, Any]:
    """A cluster secret as the preview API takes it (`{name, server?, project?, ...}`)."""
    result: dict[str, Any] = {
        "name": name,
        "labels": {**SECRET_TYPE, **labels},
        "annotations": dict(annotations or {}),
    }
    if server is not None:
        result["server"] = server
    if project is not None:
        result["project"] = project
    if nameless:
        result["nameless"] = True
    return result


TEMPLATE: dict[str, Any] = {
    "metadata": {"name": "{{ .name }}-app", "labels": {"component": "demo"}},
    "spec": {
        "project": "default",
        "destination": {"name": "{{ .name }}", "namespace": "demo"},
        "source": {
            "repoURL": "https://charts.example.com",
            "chart": "demo",
            "targetRevision": "1.0.0",
        },
    },
}


def appset(
    generators: list[dict[str, Any]],
    name: str | None = None,
    namespace: str | None = None,
    options: list[str] | None = None,
    **spec: Any,
) -> dict[str, Any]:
    """An ApplicationSet with TEMPLATE, its name and namespace templates replaced if given."""
    template = copy.deepcopy(TEMPLATE)
    if name is not None:
        template["metadata"]["name"] = name
    if namespace is not None:
        template["spec"]["destination"]["namespace"] = namespace
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "ApplicationSet",
        "metadata": {"name": "demo-default"},
        "spec": {
            "goTemplate": True,
            "goTemplateOptions": ["missingkey=error"] if options is None else options,
            "generators": generators,
            "template": template,
            **spec,
        },
    }


def preview(document: dict[str, Any], clusters: list[dict[str, Any]] = ()) -> AppSetPreview:  # type: ignore[assignment]
    return compile_application_set(document).preview(list(clusters))


def apps(result: AppSetPreview) -> list[dict[str, Any]]:
    """The preview JSON of each Application, with the cluster it belongs to."""
    return [{**app.to_dict(), "cluster": app.cluster} for app in result.applications]


def pick(result: AppSetPreview, *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(app[f] for f in fields) for app in apps(result)]
