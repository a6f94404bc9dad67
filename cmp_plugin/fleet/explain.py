"""`explain`: the effective value of one key and every file that set or overrode it.

In fleet mode a cluster gets one render per release, each from the same value files (the
hierarchy, then the bootstrap values) plus the release's derived values and, possibly, its
own catalog: each release gets its own trace. In chart mode the inputs are the `-f` files.
Writing the traces as text or JSON is here too, so that the command only wires.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import yaml

from ..chart.catalog import Catalog
from ..chart.trace import NO_EFFECT, REMOVED, SET, Step, Trace, trace_key
from ..errors import Warn
from ..sources import MISSING, ValueSource
from .cluster import Cluster
from .render import FleetRequest, fleet_inputs


def explain_fleet(request: FleetRequest, key: str, warn: Warn | None = None) -> list[Trace]:
    """One trace of `key` per release the cluster gets."""
    inputs = fleet_inputs(request, warn)
    traces = []
    for entry in inputs.releases:
        context = (
            f"group {request.group}, cluster {request.cluster.name}, release {entry.release.type}"
        )
        if request.bootstrap:
            context += f"; bootstrap values: {request.bootstrap.display}"
        catalog = entry.catalog or request.catalog or Catalog.builtin()
        traces.extend(trace_key(entry.sources, catalog, key, context))
    return traces


def spoke_note(cluster: Cluster, group: str, hub: str | None = None) -> str | None:
    """For a fleet member (a spoke): whose Argo CD renders `group` for it, and so whether
    the value files of its own hierarchy apply. None for a cluster that is no spoke."""
    from .deployment import REMOTE_GROUPS, deployment_model

    if cluster.labels.get("fleet_member") != "spoke":
        return None
    model = deployment_model(cluster.labels)
    name = cluster.name
    label = REMOTE_GROUPS.get(group)
    if model.distributed and not model.hub_renders(group):
        return (
            f"{name} renders group {group} itself (distributed model: use_remote_argo and "
            f'{label} are "true"): these are the values its own Argo CD renders with'
        )
    hub_words = f"the hub {hub}" if hub else "the hub"
    if label is None:
        why = f"a spoke's own Argo CD renders only {' and '.join(REMOTE_GROUPS)}"
    elif model.distributed:
        why = f'it runs the distributed model, but {label} is not "true"'
    else:
        why = 'it runs the centralized model: use_remote_argo is not "true"'
    return (
        f"{name} is a fleet member: {hub_words} renders group {group} for it, from the hub's "
        f"values ({why}). The value files of {name} traced here apply only if the spoke "
        "renders the group itself (distributed model); explain without --cluster shows what "
        "the hub renders"
    )


def explain_chart(
    sources: Sequence[ValueSource], key: str, catalog: Catalog | None = None
) -> list[Trace]:
    return trace_key(sources, catalog or Catalog.builtin(), key, "chart mode")


# --------------------------------------------------------------------------------------------
# writing


def format_text(traces: Sequence[Trace]) -> str:
    """Per render (release), each key with its value, then the files that set it."""
    blocks: list[list[str]] = []
    context = None
    for trace in traces:
        if not blocks or trace.context != context:
            context = trace.context
            blocks.append([f"# {context}"] if context else [])
        value = _inline(trace.value) if trace.is_set else "not set"
        blocks[-1].append(f"{trace.key}: {value}")
        blocks[-1].extend(f"  {_place(step)}: {_describe(step)}" for step in trace.steps)
        if not trace.steps:
            blocks[-1].append("  no file sets it")
        if trace.suggestion:
            blocks[-1].append(f"  did you mean {trace.suggestion}?")
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def as_json(traces: Sequence[Trace]) -> str:
    """A JSON list: one entry per render and key, with its steps in merge order."""
    return json.dumps([_trace_json(t) for t in traces], indent=2, sort_keys=True) + "\n"


def _trace_json(trace: Trace) -> dict[str, Any]:
    entry: dict[str, Any] = {"context": trace.context, "key": trace.key, "set": trace.is_set}
    if trace.is_set:
        entry["value"] = trace.value
    if trace.suggestion:
        entry["suggestion"] = trace.suggestion
    entry["steps"] = [
        {
            "file": step.source,
            "line": step.line,
            "kind": step.kind,
            "effect": step.effect,
            **({"value": step.value} if step.value is not MISSING else {}),
        }
        for step in trace.steps
    ]
    return entry


def _place(step: Step) -> str:
    return f"{step.source}:{step.line}" if step.line else step.source


def _describe(step: Step) -> str:
    if step.effect == REMOVED:
        return "removed it (a null, or a parent key that is not a map)"
    if step.effect == NO_EFFECT:
        reason = "an earlier catalog keeps its value" if step.kind == "catalog" else "same value"
        return f"sets {_inline(step.value)} (no effect: {reason})"
    if step.value is MISSING:  # changed through a parent key
        return f"{step.effect} it, to {_inline(step.result)}, through a parent key"
    return (
        f"set to {_inline(step.value)}"
        if step.effect == SET
        else f"overrode with {_inline(step.value)}"
    )


def _inline(value: Any, width: int = 120) -> str:
    """A value as one line of YAML flow style, shortened when long."""
    text = yaml.safe_dump(value, default_flow_style=True, width=10**9, sort_keys=False).strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    elif text.endswith("..."):
        text = text[: -len("...")].strip()
    return text if len(text) <= width else text[: width - 1] + "…"
