"""whole-annotations (error): an ApplicationSet that copies a cluster's annotations whole into
its Applications.

A cluster secret created with `kubectl apply` carries the annotation
`kubectl.kubernetes.io/last-applied-configuration`: a copy of the whole secret as applied,
its `config` (bearer token, TLS client key) included. A template that writes the cluster's
annotations whole into an Application (a plugin parameter, an env value, Helm values, a
label...) therefore copies those credentials into the Application's spec, where everyone who
may read Applications reads them. Pass only the annotations needed instead, each by name:

    '{{ toJson (dict "name" .name "labels" .metadata.labels "annotations" (dict
      "addons_repo_basepath" (index .metadata.annotations "addons_repo_basepath"))) }}'

(sprig's `pick` and `omit` would read better, but fail in Argo CD: the cluster generator
gives the annotations as a `map[string]string`, and they take `map[string]interface{}`.)

Checked: every ApplicationSet of the repository (any YAML file, any document), in every
string of `spec.template`, in `spec.templatePatch` and in the `template` of its generators.
Found there, in a Go-template action (`{{ ... }}`):

- `.metadata.annotations` used as a value: printed, passed to a function (`toJson`,
  `toYaml`, `dict`...), ranged over or tested; as the map of `index` with a key, it is fine;
- `.metadata` used as a value (it holds the annotations), and `.` (the whole parameter set)
  passed to `toJson`, `toPrettyJson`, `toRawJson` or `toYaml`;
- and anywhere in those strings, the name `last-applied-configuration` (the annotation
  itself, or its flat parameter `metadata.annotations.kubectl.kubernetes.io/...`).

The same goes for `$.metadata.annotations` and `$var.metadata.annotations`.

Why an error: credentials of a cluster end up readable by everyone with read access to
Applications (and in every Application's history), however carefully the secret itself is
guarded.

Example::

    fleet/bootstrap/hub/bootstrap.yaml:42: error: spec.template.spec.source.plugin.parameters.1.string:
    copies the cluster's annotations whole into the Application (`.metadata.annotations`);
    pass only those needed, each with (index .metadata.annotations "key") [whole-annotations]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..core import ERROR, Finding

ID = "whole-annotations"
SEVERITY = ERROR

LAST_APPLIED = "last-applied-configuration"
SERIALISERS = frozenset({"toJson", "toPrettyJson", "toRawJson", "toYaml", "mustToJson"})
_ENDS = frozenset({")", "|", ","})
_ACTION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"'  # an interpreted string
    r"|`[^`]*`"  # a raw string
    r"|[$.\w]+(?:\.\w+)*"  # a field chain, variable, dot or identifier
    r"|[()|,]|:?="
)


def check(context: Context) -> Iterator[Finding]:
    for yaml_file in context.files.values():
        for index, document in enumerate(yaml_file.documents):
            if not is_application_set(document):
                continue
            for keypath, text in templates(document["spec"]):
                for problem in leaks(text):
                    path = ".".join(str(step) for step in keypath)
                    yield Finding(
                        yaml_file.path,
                        yaml_file.line_of(keypath, index),
                        SEVERITY,
                        ID,
                        f"{path}: {problem}",
                    )


def leaks(text: str) -> list[str]:
    """What in one template string copies annotations whole (or names last-applied)."""
    problems: list[str] = []
    if LAST_APPLIED in text:
        problems.append(
            f"names the annotation kubectl.kubernetes.io/{LAST_APPLIED}, a copy of the "
            "cluster secret with its credentials"
        )
    for action in _ACTION.finditer(text):
        for chain in _whole_values(_TOKEN.findall(action.group(1))):
            problems.append(
                f"copies the cluster's annotations whole into the Application (`{chain}`); "
                'pass only those needed, each with (index .metadata.annotations "key")'
            )
    return sorted(set(problems))


def _whole_values(tokens: list[str]) -> Iterator[str]:
    """The field chains of one action that stand for all of a cluster's annotations."""
    for position, token in enumerate(tokens):
        before = tokens[position - 1] if position else ""
        after = tokens[position + 1 :]
        if _ends_with(token, "metadata.annotations"):
            if not (before == "index" and after and after[0] not in _ENDS):
                yield token  # as the map of `index`, with a key, it reads one annotation
        elif _ends_with(token, "metadata") and not _reads_one_key(before, after):
            yield token  # the metadata hold the annotations
        elif token in (".", "$") and before in SERIALISERS:
            yield f"{before} {token}"


def _reads_one_key(before: str, after: list[str]) -> bool:
    """`index .metadata "labels"` or `index .metadata "annotations" "key"`: not the annotations
    whole."""
    if before != "index" or not after or not _is_string(after[0]):
        return False
    if after[0][1:-1] != "annotations":
        return True
    return len(after) > 1 and after[1] not in _ENDS


def _ends_with(token: str, chain: str) -> bool:
    return token[:1] in ".$" and (token.endswith("." + chain) or token == "$" + chain)


def _is_string(token: str) -> bool:
    return token[:1] in ('"', "`")


def is_application_set(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and document.get("kind") == "ApplicationSet"
        and str(document.get("apiVersion", "")).startswith("argoproj.io/")
        and isinstance(document.get("spec"), dict)
    )


def templates(spec: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string Argo CD renders into an Application: the template, the template patch
    and the generators' own templates."""
    yield from _strings(spec.get("template"), ("spec", "template"))
    yield from _strings(spec.get("templatePatch"), ("spec", "templatePatch"))
    yield from _generator_templates(spec.get("generators"), ("spec", "generators"))


def _generator_templates(
    node: Any, keypath: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                yield from _strings(value, (*keypath, key))
            else:
                yield from _generator_templates(value, (*keypath, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _generator_templates(item, (*keypath, index))


def _strings(node: Any, keypath: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield keypath, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*keypath, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _strings(item, (*keypath, index))
