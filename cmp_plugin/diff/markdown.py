"""`argocd-fleet diff -o markdown`: the diff as a pull-request (or merge-request) comment.

Short enough to read: a heading naming the two sides, a table of what is added, removed and
changed (clusters, groups, ApplicationSets, Applications), the ApplicationSets and groups
that change by name, and what the blast-radius guard found. The details are folded in
`<details>` blocks, one for the ApplicationSets, one for the warnings and one per cluster,
each the text report's lines in a `diff` code block (GitHub and GitLab colour `+` and `-`).

Capped: GitHub refuses a comment over 65,536 characters, GitLab over 1,000,000. The comment
is at most `max_bytes` bytes of UTF-8 (bytes, never fewer than characters, so the cap holds
for both); what does not fit is cut, whole blocks first, and a last line says what was left
out and how to see it all.

Nothing from the repository can inject Markdown or HTML: every name and value is shown in a
code span or a code block (where neither Markdown, HTML nor @mentions are interpreted) whose
fence is longer than any run of backticks in it, inside HTML it is entity-escaped, and
control characters (a newline could end a block) are shown as escapes. The first line is an
HTML comment that CI steps use to find and update their previous comment.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from . import DEFAULT_MAX_BYTES
from .compare import ClusterDiff, FleetDiff
from .guard import Verdict
from .report import appset_lines, appsets_heading, cluster_heading, cluster_lines

MARKER = "<!-- argocd-fleet diff -->"
SHOWN_NAMES = 10  # ApplicationSets or groups named in the summary before "and N more"
NAME_CHARS = 120  # a longer name is shortened in the summary (the details show it whole)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BACKTICKS = re.compile(r"`+")


@dataclass(slots=True)
class Fold:
    """A `<details>` block: its summary line (HTML, escaped) and its code lines (raw)."""

    summary: str
    lines: list[str]
    cluster: bool = False

    def render(self, shown: int | None = None) -> str:
        lines = self.lines if shown is None else self.lines[:shown]
        if shown is not None and shown < len(self.lines):
            lines = [*lines, f"… {len(self.lines) - shown} more lines (the comment is capped)"]
        fence = code_fence(lines)
        body = "\n".join(printable(line) for line in lines)
        return (
            f"<details><summary>{self.summary}</summary>\n\n"
            f"{fence}diff\n{body}\n{fence}\n\n</details>\n\n"
        )


def comment(
    diff: FleetDiff,
    sides: tuple[str, str],
    warnings: list[str],
    verdict: Verdict,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """The comment, at most `max_bytes` bytes of UTF-8."""
    note_room = 600  # the note that says what was cut, with room to spare
    for detail in (2, 1, 0):  # a summary too long for the cap names less
        head = _head(diff, sides, verdict, warnings, detail)
        if size(head) + note_room <= max_bytes:
            break
    folds = _folds(diff, warnings)
    budget = max_bytes - size(head) - note_room
    parts, shown_clusters, cut = [], 0, False
    for fold in folds:
        block = fold.render()
        if size(block) <= budget:
            parts.append(block)
            budget -= size(block)
            shown_clusters += fold.cluster
            continue
        partial = _partial(fold, budget)
        if partial:
            parts.append(partial)
            shown_clusters += fold.cluster
        cut = True
        break
    text = head + "".join(parts)
    if cut:
        text += _cut_note(max_bytes, shown_clusters, len(diff.clusters))
    return text.rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# the summary


def _head(
    diff: FleetDiff, sides: tuple[str, str], verdict: Verdict, warnings: list[str], detail: int
) -> str:
    """The summary. `detail` 2: all of it; 1: without the groups and ApplicationSets by name;
    0: without the limits one by one either (only whether one is exceeded)."""
    before, after = (code(_short(side)) for side in sides)
    lines = [MARKER, f"### Fleet diff {before} → {after}", ""]
    if diff.equal:
        lines += ["No differences: every cluster gets the same Applications.", ""]
    else:
        lines += [*_table(diff), ""]
        lines += _names(diff) if detail > 1 else []
    if verdict.replacements():
        lines += [verdict.replacements() + ".", ""]
    lines += _guard(verdict, listed=detail > 0)
    if warnings:
        count = len(warnings)
        lines += [f"⚠️ {count} warning{'s' if count > 1 else ''} (below).", ""]
    return "\n".join(lines) + "\n"


def _table(diff: FleetDiff) -> list[str]:
    clusters = {status: 0 for status in ("added", "removed", "changed")}
    for cluster in diff.clusters:
        clusters[cluster.status] += 1
    appsets, groups = diff.application_sets, diff.groups
    rows = [
        ("Clusters", clusters["added"], clusters["removed"], clusters["changed"]),
        ("Groups", len(groups.added), len(groups.removed), len(groups.changed)),
        ("ApplicationSets", len(appsets.added), len(appsets.removed), len(appsets.changed)),
        (
            "Applications",
            sum(len(c.added) for c in diff.clusters),
            sum(len(c.removed) for c in diff.clusters),
            sum(len(c.changed) for c in diff.clusters),
        ),
    ]
    lines = ["| | added | removed | changed |", "| :-- | --: | --: | --: |"]
    return lines + [f"| {name} | {a} | {r} | {c} |" for name, a, r, c in rows]


def _names(diff: FleetDiff) -> list[str]:
    appsets, groups = diff.application_sets, diff.groups
    lines = []
    for what, named in (
        ("Groups", {"added": groups.added, "removed": groups.removed, "changed": groups.changed}),
        (
            "ApplicationSets",
            {
                "added": [ref.name for ref in appsets.added],
                "removed": [ref.name for ref in appsets.removed],
                "changed": [change.name for change in appsets.changed],
            },
        ),
    ):
        parts = [f"{how}: {_listed(names)}" for how, names in named.items() if names]
        if parts:
            lines += [f"**{what}** " + "; ".join(parts) + ".", ""]
    return lines


def _listed(names: list[str]) -> str:
    shown = ", ".join(code(_short(name)) for name in names[:SHOWN_NAMES])
    more = len(names) - SHOWN_NAMES
    return shown + (f" and {more} more" if more > 0 else "")


def _guard(verdict: Verdict, listed: bool = True) -> list[str]:
    if not verdict.checks:
        return []
    mark = "❌" if verdict.tripped else "✅"
    lines = [f"**{mark} {verdict.heading()}**", ""]
    for check in verdict.checks if listed else ():
        shown = check.describe(lambda name: code(_short(name)))
        lines.append(f"- {'❌' if check.tripped else '✅'} {shown}")
    return [*lines, ""]


# --------------------------------------------------------------------------------------------
# the details


def _folds(diff: FleetDiff, warnings: list[str]) -> list[Fold]:
    folds = []
    if warnings:
        folds.append(Fold(f"Warnings: {len(warnings)}", [f"! {w}" for w in warnings]))
    if not diff.application_sets.equal:
        appsets = diff.application_sets
        folds.append(Fold(html.escape(appsets_heading(appsets)), appset_lines(appsets)))
    folds += [Fold(_cluster_summary(c), cluster_lines(c), cluster=True) for c in diff.clusters]
    return folds


def _cluster_summary(cluster: ClusterDiff) -> str:
    heading = cluster_heading(cluster)  # "Cluster NAME[ (status)]: counts"
    rest = heading[len("Cluster ") + len(cluster.name) :]
    name = html.escape(printable(cluster.name), quote=True)
    return f"Cluster <code>{name}</code>{html.escape(rest)}"


def _partial(fold: Fold, budget: int) -> str:
    """The fold with as many of its lines as fit in `budget` bytes, or "" if none does."""
    low, high = 0, len(fold.lines)
    best = ""
    while low <= high:
        middle = (low + high) // 2
        block = fold.render(middle)
        if size(block) <= budget:
            best, low = (block if middle else ""), middle + 1
        else:
            high = middle - 1
    return best


def _cut_note(max_bytes: int, shown: int, clusters: int) -> str:
    return (
        f"**Cut to fit {max_bytes:,} bytes** (`--max-comment-bytes`): "
        f"{shown} of {clusters} cluster{'s' if clusters != 1 else ''} with differences shown. "
        "The whole diff: `argocd-fleet diff` with the same options and `-o text` "
        "(or `-o json`).\n"
    )


# --------------------------------------------------------------------------------------------
# escaping


def printable(text: str) -> str:
    """`text` with control characters (newlines, bidirectional overrides) as `\\uXXXX`."""
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    text = printable(text)
    if not text:
        return '`""`'
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        return f"{fence} {text} {fence}"
    return f"{fence}{text}{fence}"


def code_fence(lines: list[str]) -> str:
    """A code-block fence longer than any run of backticks in `lines` (at least three)."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    return "`" * max(3, longest + 1)


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"
