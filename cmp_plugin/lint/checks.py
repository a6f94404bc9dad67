"""What `argocd-fleet validate` runs: the rules its configuration enables, on a fleet
repository or on chart-mode values files, and which of them it had to skip.

Without a hub (no `--hub`, no `clusters/hub.yaml`) the rules that look at clusters
(`core.NEEDS_CLUSTERS`) cannot run; the others still do, and the rules skipped are given back
for the summary to name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .config import DEFAULT, LintConfig, rule_id
from .core import NEEDS_CLUSTERS, RULES, VALUE_FILE_RULES, Finding, lint, rule_modules

if TYPE_CHECKING:
    from ..chart.catalog import Catalog
    from .context import LintRequest


class Checked(NamedTuple):
    findings: list[Finding]
    skipped: list[str]  # ids of the rules skipped for want of a hub


def check_repository(request: LintRequest, config: LintConfig = DEFAULT) -> Checked:
    """Every rule `config` enables, on the repository `request` names."""
    from .context import Context

    context = Context.build(request)
    names = config.runs(RULES)
    skipped: list[str] = []
    if context.hub is None:
        skipped = [rule_id(name) for name in names if name in NEEDS_CLUSTERS]
        names = [name for name in names if name not in NEEDS_CLUSTERS]
    return Checked(lint(context, rule_modules(names), config), skipped)


def check_values_files(
    paths: Sequence[str], catalog: Catalog | None, config: LintConfig = DEFAULT
) -> Checked:
    """The value-file rules `config` enables, on chart-mode values files (`validate -f`)."""
    from .valuefiles import chart_context

    rules = rule_modules(config.runs(VALUE_FILE_RULES))
    return Checked(lint(chart_context(paths, catalog), rules, config), [])
