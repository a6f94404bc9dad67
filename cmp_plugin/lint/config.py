"""Which rules `validate` runs, and at which level: the lint configuration (like yamllint's).

Read from, first found: the file `validate --config FILE` names; `.argocd-fleet.yaml` at the
root of the repository (`--repo DIR`; with `-f`, the working directory); the table
`[tool.argocd-fleet]` of a `pyproject.toml` there. Without any, the built-in `default`.

    extends: default              # the only built-in: every rule, at its own severity
    rules:
      unread-value-file: disable  # not run at all
      unknown-key:
        level: warning            # every finding of the rule is a warning
      render: enable              # as in `default`

A rule's `level` is the severity of the findings it reports, and the exit status follows it
(1 when any finding is an error). `unknown-key` reports a key close to no known one a level
below the rest (a warning), as its documentation says. A configuration without `extends`
extends `default` too (unlike yamllint's): a rule left out is never silently turned off.
Anything else in the file — an unknown key, a rule that does not exist, a level other than
`error`/`warning` — is an error naming the file and line, and nothing is checked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from ..errors import FleetError, type_name
from .core import RULES, SEVERITIES, WARNING
from .suggest import suggest

CONFIG_FILE = ".argocd-fleet.yaml"
PYPROJECT = "pyproject.toml"
BUILT_IN = ("default",)
KEYS = ("extends", "rules")


def rule_id(module_name: str) -> str:
    """`unknown_key` (the module) is `unknown-key` (the rule)."""
    return module_name.replace("_", "-")


class LintConfig(NamedTuple):
    """The rules that run, and the level of each (None: its own severity)."""

    disabled: frozenset[str] = frozenset()  # rule ids
    levels: Mapping[str, str] = {}  # rule id -> error|warning
    source: str | None = None  # the file it was read from; None: the built-in default

    def runs(self, names: Iterable[str]) -> list[str]:
        """Of the rule modules `names`, those this configuration runs, in order."""
        return [name for name in names if rule_id(name) not in self.disabled]

    def severity(self, rule: str, declared: str, reported: str) -> str:
        """What a finding of `rule` (declared severity `declared`) that the rule reported at
        `reported` is: the rule's level, or a level below it for a finding the rule itself
        reports below its declared severity (unknown-key's far-off keys)."""
        level = self.levels.get(rule, declared)
        return level if reported == declared else WARNING


DEFAULT = LintConfig()


def find_config(root: str, given: str | None = None) -> LintConfig:
    """The configuration `--config` names, else the one at `root`, else the default."""
    if given is not None:
        if os.path.basename(given) == PYPROJECT:
            return _from_pyproject(given, required=True)
        return _from_yaml(given)
    path = os.path.normpath(os.path.join(root, CONFIG_FILE))  # named as findings name files
    if os.path.isfile(path):
        return _from_yaml(path)
    pyproject = os.path.normpath(os.path.join(root, PYPROJECT))
    if os.path.isfile(pyproject):
        return _from_pyproject(pyproject, required=False)
    return DEFAULT


def _from_yaml(path: str) -> LintConfig:
    from ..sources import ValueSource

    source = ValueSource.from_file(path)  # a mapping, read as strictly as values are
    return parse(source.data, source.display, source.line_of)


def _from_pyproject(path: str, *, required: bool) -> LintConfig:
    import tomllib

    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, UnicodeDecodeError) as err:
        raise FleetError(f"cannot read it: {err}", path) from None
    except tomllib.TOMLDecodeError as err:
        raise FleetError(f"invalid TOML: {err}", path) from None
    table = data.get("tool", {}).get("argocd-fleet")
    if table is None:
        if required:
            raise FleetError("no [tool.argocd-fleet] table", path)
        return DEFAULT
    return parse(table, f"{path} [tool.argocd-fleet]", lambda keypath: None)


def parse(data: Any, source: str, line_of: Callable[[Sequence[Any]], int | None]) -> LintConfig:
    """A configuration from its data; `line_of(keypath)` gives a key's line when known."""

    def fail(message: str, keypath: Sequence[Any] = ()) -> FleetError:
        return FleetError(message, source, line_of(keypath) if keypath else None)

    if data is None:
        return LintConfig(source=source)
    if not isinstance(data, dict):
        raise fail(f"the configuration must be a mapping, not {type_name(data)}")
    for key in data:
        if key not in KEYS:
            raise fail(f"unknown key {key!r} (known: {', '.join(KEYS)})", [key])
    extends = data.get("extends", "default")
    if extends not in BUILT_IN:
        built_in = ", ".join(BUILT_IN)
        raise fail(f"extends: {extends!r} is no built-in configuration ({built_in})", ["extends"])
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise fail(f"rules: must be a mapping of rule ids, not {type_name(rules)}", ["rules"])
    disabled: set[str] = set()
    levels: dict[str, str] = {}
    known = [rule_id(name) for name in RULES]
    for rule, setting in rules.items():
        where = ["rules", rule]
        if rule not in known:
            hint = suggest(str(rule), known)
            also = f"did you mean {hint!r}? " if hint else ""
            raise fail(f"rules: no rule {rule!r} ({also}rules: {', '.join(known)})", where)
        if setting == "disable":
            disabled.add(rule)
        elif setting == "enable":
            continue
        elif isinstance(setting, dict) and set(setting) <= {"level"}:
            level = setting.get("level")
            if level not in SEVERITIES:
                raise fail(f"rules: {rule}: level must be error or warning, not {level!r}", where)
            levels[rule] = level
        else:
            raise fail(
                f"rules: {rule}: expected disable, enable or {{level: error|warning}}, "
                f"not {setting!r}",
                where,
            )
    return LintConfig(frozenset(disabled), levels, source)
