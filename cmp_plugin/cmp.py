"""The Argo CD plugin entry point: what `plugin.yaml`'s generate command runs.

argocd-cmp-server starts this in the Application's source directory with the Application's
parameters in `ARGOCD_APP_PARAMETERS` (JSON) and its plugin env as `ARGOCD_ENV_*`. It must
start fast (it runs on every refresh of every Application), so it imports neither click nor
anything heavy; it writes the manifest stream to stdout in one piece, or one line to stderr.

Parameters (or env `ARGOCD_ENV_FLEET_<NAME>`; parameters win):
  group, cluster, values, release, hierarchy, versions   fleet mode
  valueFiles (array; env: comma-separated), values      chart mode
  mode                                                  "generate" (default) or "register"
  output                                                "json" (default) or "yaml"
  allowEmpty                                            "true": an empty output is no error
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from .errors import FleetError, run, warn
from .record import Record, field

# What plugin.yaml announces; Argo CD never sends announced defaults, so they apply here.
# Fleet mode's own (`hierarchy`, `versions`) are fleet's constants, applied in `_fleet`.
DEFAULTS: dict[str, str] = {
    "mode": "generate",
    "output": "json",
    "allowEmpty": "false",
}
# The plugin's `output`, as the writer names it: its JSON is one document per object.
PLUGIN_FORMATS = {"json": "json-documents", "yaml": "yaml"}
STRING_PARAMETERS = (
    "mode",
    "group",
    "cluster",
    "values",
    "release",
    "hierarchy",
    "versions",
    "output",
    "allowEmpty",
)
ARRAY_PARAMETERS = ("valueFiles",)
ENV_NAMES = {
    "mode": "ARGOCD_ENV_FLEET_MODE",
    "group": "ARGOCD_ENV_FLEET_GROUP",
    "cluster": "ARGOCD_ENV_FLEET_CLUSTER",
    "values": "ARGOCD_ENV_FLEET_VALUES",
    "release": "ARGOCD_ENV_FLEET_RELEASE",
    "hierarchy": "ARGOCD_ENV_FLEET_HIERARCHY",
    "versions": "ARGOCD_ENV_FLEET_VERSIONS",
    "output": "ARGOCD_ENV_FLEET_OUTPUT",
    "allowEmpty": "ARGOCD_ENV_FLEET_ALLOW_EMPTY",
    "valueFiles": "ARGOCD_ENV_FLEET_VALUE_FILES",
}


class PluginInput(Record):
    """The plugin's inputs, from parameters and env, with the announced defaults applied."""

    strings: dict[str, str] = field(default_factory=dict)
    value_files: list[str] = field(default_factory=list)
    origin: dict[str, str] = field(default_factory=dict)  # name -> where it came from

    def get(self, name: str) -> str:
        return self.strings.get(name) or DEFAULTS.get(name, "")

    def where(self, name: str) -> str:
        return self.origin.get(name, f"parameter {name}")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> PluginInput:
        found = cls()
        for name in STRING_PARAMETERS:
            value = environ.get(ENV_NAMES[name])
            if value:
                found.strings[name] = value
                found.origin[name] = f"env {ENV_NAMES[name]}"
        files = environ.get(ENV_NAMES["valueFiles"], "")
        if files.strip():
            found.origin["valueFiles"] = f"env {ENV_NAMES['valueFiles']}"
            found.value_files = [
                _check_text(f.strip(), found.origin["valueFiles"])
                for f in files.split(",")
                if f.strip()
            ]
        for name, value in found.strings.items():
            _check_text(value, found.origin[name])
        for parameter in _parameters(environ.get("ARGOCD_APP_PARAMETERS", "")):
            name = parameter["name"]
            if name in ARRAY_PARAMETERS:
                found.value_files = _array(parameter)
                found.origin[name] = f"parameter {name}"
            elif name in STRING_PARAMETERS:
                value = _check_text(_string(parameter), f"parameter {name}")
                if value:
                    found.strings[name] = value
                    found.origin[name] = f"parameter {name}"
            else:
                known = ", ".join(STRING_PARAMETERS + ARRAY_PARAMETERS)
                raise FleetError(
                    f"ARGOCD_APP_PARAMETERS: unknown parameter {name!r} (known: {known})"
                )
        return found


def _parameters(raw: str) -> list[dict[str, Any]]:
    if not raw.strip():
        return []
    try:
        parameters = json.loads(raw)
    except ValueError as err:
        raise FleetError(f"ARGOCD_APP_PARAMETERS is not valid JSON: {err}") from None
    except RecursionError:
        raise FleetError("ARGOCD_APP_PARAMETERS is nested too deeply") from None
    if not isinstance(parameters, list):
        raise FleetError("ARGOCD_APP_PARAMETERS must be a JSON list of {name, string|array|map}")
    for index, parameter in enumerate(parameters):
        if not isinstance(parameter, dict) or not isinstance(parameter.get("name"), str):
            raise FleetError(f"ARGOCD_APP_PARAMETERS[{index}] must be an object with a 'name'")
    return parameters


def _string(parameter: dict[str, Any]) -> str:
    value = parameter.get("string", "")
    if not isinstance(value, str):
        raise FleetError(f"parameter {parameter['name']}: 'string' must be a string")
    return value


def _array(parameter: dict[str, Any]) -> list[str]:
    value = parameter.get("array", [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FleetError(f"parameter {parameter['name']}: 'array' must be a list of strings")
    return [_check_text(item, f"parameter {parameter['name']}") for item in value if item]


def _check_text(value: str, where: str) -> str:
    """Refuse text that cannot be written back as UTF-8 (a lone surrogate from a JSON
    escape, or an undecodable byte in an env variable), before it reaches the writer."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise FleetError(
            f"{where}: not valid Unicode ({value[err.start]!r} at character {err.start + 1})"
        ) from None
    return value


def generate(environ: Mapping[str, str], cwd: str) -> str:
    """The manifest stream for the Application whose directory is `cwd`."""
    from .limits import LIMITS

    LIMITS.start_run()  # all the inputs of this render count against one node budget
    try:
        return _generate(environ, cwd)
    finally:
        LIMITS.end_run()


def _generate(environ: Mapping[str, str], cwd: str) -> str:
    from .fleet.paths import Repo, find_repo_root
    from .limits import OutputBudget
    from .stream import write_stream

    inputs = PluginInput.from_environment(environ)
    repo = Repo.at(find_repo_root(cwd, environ.get("ARGOCD_APP_SOURCE_PATH")))
    output = inputs.get("output")
    if output not in PLUGIN_FORMATS:
        raise FleetError(f"{inputs.where('output')}: must be yaml or json, not {output!r}")
    allow_empty = inputs.get("allowEmpty")
    if allow_empty not in ("true", "false"):
        raise FleetError(
            f"{inputs.where('allowEmpty')}: must be true or false, not {allow_empty!r}"
        )
    budget = OutputBudget()
    mode = inputs.get("mode")
    if mode == "register":
        objects, cause = _register(inputs, repo, budget)
    elif mode != "generate":
        raise FleetError(f"{inputs.where('mode')}: must be generate or register, not {mode!r}")
    elif inputs.get("group"):
        objects, cause = _fleet(inputs, repo, budget)
    elif inputs.value_files or inputs.strings.get("values"):
        objects, cause = _chart(inputs, repo, cwd, budget)
    else:
        raise FleetError(
            "no input: set the parameters group and cluster (fleet mode), or valueFiles "
            "and/or values (chart mode) on the Application"
        )
    if not objects:
        from .empty import PLUGIN_HINT, refusal

        if allow_empty != "true":
            raise refusal(cause(), PLUGIN_HINT)
        warn(f"nothing to render, which allowEmpty permits: {cause()}")
    return write_stream(objects, PLUGIN_FORMATS[output])


Objects = list[dict[str, Any]]
Cause = Callable[[], str]  # why the output is empty, asked only when it is


def _fleet(inputs: PluginInput, repo: Any, budget: Any) -> tuple[Objects, Cause]:
    from .fleet.cluster import Cluster
    from .fleet.hierarchy import DEFAULT_PRESET, resolve
    from .fleet.releases import DEFAULT_VERSIONS
    from .fleet.render import FleetRequest, fleet_mode
    from .sources import ValueSource

    if not inputs.get("cluster"):
        raise FleetError("fleet mode needs the parameter cluster (the cluster's metadata as JSON)")
    values = inputs.strings.get("values")
    request = FleetRequest(
        repo=repo,
        group=inputs.get("group"),
        cluster=Cluster.from_text(inputs.get("cluster"), inputs.where("cluster")),
        bootstrap=ValueSource.from_text(values, inputs.where("values")) if values else None,
        release=inputs.strings.get("release"),
        versions=inputs.get("versions") or DEFAULT_VERSIONS,
        hierarchy=resolve(inputs.get("hierarchy") or DEFAULT_PRESET, repo),
        budget=budget,
    )
    result = fleet_mode(request, warn)

    def cause() -> str:
        from .empty import fleet_cause

        bootstrap = inputs.where("values") if values else None
        return fleet_cause(result, request.hierarchy.name, bootstrap)

    return result.objects, cause


def _chart(inputs: PluginInput, repo: Any, cwd: str, budget: Any) -> tuple[Objects, Cause]:
    from .generate import chart_mode
    from .sources import ValueSource

    app_dir = os.path.relpath(os.path.realpath(cwd), repo.root)
    sources = []
    for name in inputs.value_files:
        relative = os.path.normpath(os.path.join(app_dir, name)) if app_dir != "." else name
        sources.append(ValueSource.from_bytes(repo.read(relative, "value file"), name))
    values = inputs.strings.get("values")
    if values:
        sources.append(ValueSource.from_text(values, inputs.where("values")))
    rendered = chart_mode(sources, warn=warn, budget=budget)

    def cause() -> str:
        from .empty import chart_cause

        read = [source.display for source in sources]
        return chart_cause(rendered.values, read, rendered.catalogs)

    return rendered.objects, cause


def _register(inputs: PluginInput, repo: Any, budget: Any) -> tuple[Objects, Cause]:
    from .fleet.cluster import Cluster
    from .registration import register_objects

    if not inputs.get("cluster"):
        raise FleetError("mode register needs the parameter cluster (the hub's metadata as JSON)")
    hub = Cluster.from_text(inputs.get("cluster"), inputs.where("cluster"))
    objects = register_objects(repo.root, hub.as_dict(), warn, budget)

    def cause() -> str:
        from .empty import register_cause

        return register_cause(repo.root, hub)

    return objects, cause


def main() -> int:
    """plugin.yaml's command: the manifests on stdout; the exit status."""

    def body() -> int:
        text = generate(os.environ, os.getcwd())
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0

    return run(body)


if __name__ == "__main__":
    sys.exit(main())
