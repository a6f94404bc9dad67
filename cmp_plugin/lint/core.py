"""The lint core: what a finding is, the registry of rules, and running them.

A rule is a module of `cmp_plugin.lint.rules` (yamllint's layout): its docstring is the
user documentation, `ID` its id, `SEVERITY` its severity, and
`check(context) -> Iterable[Finding]` what it finds in a `context.Context`, the repository
read once. A rule reports its findings at `SEVERITY` (unknown-key reports its far-off keys a
level below); the core gives each the level the configuration (`config.LintConfig`) sets for
the rule. Rules import no other rule and share nothing they change: each reads the context,
and what one rule's findings mean for another (`render` leaves out a failure whose file
already has an error, `DEFERS`) is the core's to apply, once every rule has run. The core
drops exact repeats and sorts the findings by file, line, rule and message, so the output is
the same run to run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .config import LintConfig
    from .context import Context
    from .valuefiles import ValuesContext

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)
INVALID_FILE = "invalid-file"  # the rule a file nothing can read is reported under

# Every rule, in the order they run. `render` runs last: it leaves out a failure whose file
# already has an error of another rule (the same cause, reported once).
RULES = (
    "invalid_file",
    "duplicate_key",
    "schema",
    "unknown_key",
    "undefined_release",
    "unused_release_label",
    "unreached_cluster",
    "unread_value_file",
    "unselected_component",
    "whole_annotations",
    "render",
)


# The rules that look at clusters (the hub, its members, --clusters): without a hub,
# `validate` skips them and says what to give.
NEEDS_CLUSTERS = (
    "undefined_release",
    "unused_release_label",
    "unreached_cluster",
    "unread_value_file",
    "unselected_component",
    "render",
)
# The rules that read value files alone: what `validate -f` runs on chart-mode values.
VALUE_FILE_RULES = ("invalid_file", "duplicate_key", "schema", "unknown_key")


class Finding(NamedTuple):
    """One problem at one place: `file:line: severity: message [rule]`.

    (A NamedTuple, not a dataclass: `generate` makes these, and importing dataclasses
    costs it ~5 ms.)"""

    file: str
    line: int
    severity: str
    rule: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.rule, self.message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


def rule_modules(names: Iterable[str] = RULES) -> list[ModuleType]:
    """The rule modules, in the order they run."""
    return [importlib.import_module(f"{__package__}.rules.{name}") for name in names]


def lint(
    context: Context | ValuesContext,
    rules: Iterable[ModuleType] | None = None,
    config: LintConfig | None = None,
) -> list[Finding]:
    """Every finding of every rule, at the level `config` gives its rule, without repeats,
    sorted. A finding of a rule that `DEFERS` is left out when its file already has an error
    (of another rule, or an earlier one of its own): the same cause, reported once."""
    found: dict[tuple[str, int, str, str], Finding] = {}
    deferred: list[Finding] = []
    for rule in rule_modules() if rules is None else rules:
        for finding in rule.check(context):
            severity = finding.severity
            if config is not None:
                severity = config.severity(rule.ID, rule.SEVERITY, finding.severity)
            finding = finding._replace(severity=severity)
            if getattr(rule, "DEFERS", False):
                deferred.append(finding)
            else:
                found.setdefault(finding.sort_key(), finding)
    with_errors = {finding.file for finding in found.values() if finding.severity == ERROR}
    for finding in deferred:  # in the order reported: one failure per file
        if finding.file not in with_errors:
            found.setdefault(finding.sort_key(), finding)
            if finding.severity == ERROR:
                with_errors.add(finding.file)
    return sorted(found.values(), key=Finding.sort_key)


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for finding in findings:
        if finding.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings
