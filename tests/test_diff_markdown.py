"""The pull-request comment of `argocd-fleet diff -o markdown` (`cmp_plugin/diff/markdown.py`),
on diffs built by hand: what the summary says, that the details are folded, that names from
the repository cannot inject Markdown or HTML, and that the comment stays under its cap.
"""

from __future__ import annotations

import re

import pytest

from cmp_plugin.diff import DEFAULT_MAX_BYTES, MIN_MAX_BYTES
from cmp_plugin.diff.compare import (
    AppSetChange,
    AppSetDiff,
    AppSetRef,
    ClusterDiff,
    FieldChange,
    FleetDiff,
    GroupDiff,
)
from cmp_plugin.diff.guard import Limits, Protect, check
from cmp_plugin.diff.markdown import MARKER, code, comment, printable
from cmp_plugin.preview.applications import PreviewApp

SIDES = ("origin/main", "HEAD")
GITHUB_COMMENT_CHARACTERS = 65_536


def app(cluster: str, component: str, version: str, name: str | None = None) -> PreviewApp:
    return PreviewApp(
        name=name or f"default-{cluster}-{component}-{version}",
        applicationSet=f"{component}-default",
        release="default",
        chart=component,
        repoURL="https://charts.example.com",
        targetRevision=version,
        namespace=component,
        valueFiles=[],
        cluster=cluster,
        component=component,
    )


def bump(cluster: str, labels: dict[str, str] | None = None) -> ClusterDiff:
    return ClusterDiff(
        cluster,
        "changed",
        added=[app(cluster, "metrics-server", "3.13.0")],
        removed=[app(cluster, "metrics-server", "3.12.2")],
        labels_before=labels or {},
        labels_after=labels or {},
    )


def version_bump_diff(clusters: int) -> FleetDiff:
    change = AppSetChange(
        "metrics-server-default",
        "addons",
        [FieldChange("spec.generators[0].clusters.values.addonChartVersion", "3.12.2", "3.13.0")],
    )
    return FleetDiff(
        AppSetDiff(changed=[change]),
        [bump(f"spoke-{n:05d}") for n in range(clusters)],
        GroupDiff(changed=["addons"]),
    )


def render(diff: FleetDiff, limits: Limits | None = None, **options: int) -> str:
    return comment(diff, SIDES, [], check(diff, limits or Limits()), **options)


# --------------------------------------------------------------------------------------------
# what it says


def test_the_summary_counts_and_names_and_the_details_are_folded() -> None:
    diff = FleetDiff(
        AppSetDiff(
            added=[AppSetRef("vpa-default", "addons")],
            changed=[
                AppSetChange("metrics-server-default", "addons", [FieldChange("spec.x", 1, 2)])
            ],
        ),
        [
            bump("spoke-a"),
            ClusterDiff("spoke-new", "added", added=[app("spoke-new", "vpa", "4.4.6")]),
        ],
        GroupDiff(added=["monitoring"], changed=["addons"]),
    )
    text = render(diff)
    head, _, details = text.partition("<details>")
    assert head.splitlines()[:2] == [MARKER, "### Fleet diff `origin/main` → `HEAD`"]
    assert "| Clusters | 1 | 0 | 1 |" in head
    assert "| Groups | 1 | 0 | 1 |" in head
    assert "| ApplicationSets | 1 | 0 | 1 |" in head
    assert "| Applications | 2 | 1 | 0 |" in head
    assert "**Groups** added: `monitoring`; changed: `addons`." in head
    assert "**ApplicationSets** added: `vpa-default`; changed: `metrics-server-default`." in head
    assert "1 removed Application is replaced by another version" in head
    assert "Blast radius" not in head  # no limit given
    # One fold for the ApplicationSets, one per cluster; each a diff code block.
    assert text.count("<details>") == text.count("</details>") == 3
    assert "<details><summary>ApplicationSets: 1 added, 1 changed</summary>" in text
    assert "<details><summary>Cluster <code>spoke-a</code>: 1 added, 1 removed</summary>" in text
    assert "<details><summary>Cluster <code>spoke-new</code> (added): 1 added</summary>" in text
    assert "\n+ default-spoke-a-metrics-server-3.13.0  metrics-server 3.13.0" in details
    assert "\n- default-spoke-a-metrics-server-3.12.2  metrics-server 3.12.2" in details
    assert "\n    spec.x: 1 -> 2\n" in details
    assert text.count("```diff\n") == 3


def test_equal_sides() -> None:
    text = render(FleetDiff(AppSetDiff(), []), Limits(max_removed=0))
    assert "No differences: every cluster gets the same Applications." in text
    assert "**✅ Blast radius: within the limits**" in text
    assert "<details>" not in text


def test_the_guard_says_which_limit_tripped_and_by_how_much() -> None:
    gone = ClusterDiff(
        "spoke-prod-1",
        "changed",
        removed=[app("spoke-prod-1", "vpa", "4.4.6")],
        labels_before={"environment": "prod"},
        labels_after={"environment": "prod"},
    )
    diff = FleetDiff(AppSetDiff(), [gone, bump("spoke-dev-1")])
    limits = Limits(max_clusters=5, max_removed=0, protect=(Protect("environment", "prod"),))
    text = render(diff, limits)
    assert "**❌ Blast radius: 2 of 3 limits exceeded**" in text
    assert (
        "- ✅ `--max-clusters 5`: 2 clusters with changed Applications "
        "(`spoke-prod-1`, `spoke-dev-1`), within the limit"
    ) in text
    assert (
        "- ❌ `--max-removed 0`: 1 Application removed (`spoke-prod-1`), 1 over the limit" in text
    )
    assert (
        "- ❌ `--protect environment=prod`: 1 Application removed on a protected cluster "
        "(`spoke-prod-1`), 1 over the limit"
    ) in text


def test_warnings_are_counted_and_folded() -> None:
    diff = version_bump_diff(1)
    text = comment(diff, SIDES, ["HEAD: ApplicationSet x: no release"], check(diff, Limits()))
    assert "⚠️ 1 warning (below)." in text
    assert "<details><summary>Warnings: 1</summary>\n\n```diff\n! HEAD: ApplicationSet x: no release\n```" in text  # fmt: skip


# --------------------------------------------------------------------------------------------
# nothing from the repository is Markdown or HTML

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</details><script>alert(1)</script>",
    "```\n</details>\n# heading",
    "@org/admins `x`` y",
    "a|b *c* _d_ [e](http://evil) <!-- f",
    "\u202eevil",
]


def _outside_code(text: str) -> str:
    """The comment without its code blocks, code spans and <code> elements."""
    kept, fence = [], None
    for line in text.splitlines():
        if fence is None:
            opening = re.match(r"^(`{3,})diff$", line)
            if opening:
                fence = opening.group(1)
                continue
            kept.append(line)
        elif line == fence:
            fence = None
    outside = "\n".join(kept)
    outside = re.sub(r"<code>[^<]*</code>", "", outside)
    # A code span: a run of backticks, up to the next run of the same length.
    return re.sub(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", "", outside)


def test_names_and_values_cannot_inject_markdown_or_html() -> None:
    clusters = [
        ClusterDiff(
            name,
            "removed",
            removed=[app("x", "c", "1", name=name)],
            labels_before={"environment": name},
        )
        for name in HOSTILE
    ]
    appsets = AppSetDiff(
        changed=[AppSetChange(name, name, [FieldChange(name, name, name)]) for name in HOSTILE]
    )
    diff = FleetDiff(appsets, clusters, GroupDiff(changed=HOSTILE))
    limits = Limits(max_removed=0, protect=(Protect("environment", HOSTILE[0]),))
    text = comment(diff, (HOSTILE[0], HOSTILE[2]), HOSTILE, check(diff, limits))

    outside = _outside_code(text)
    for tag in re.findall(r"<[^>]*>", outside):
        assert tag in (MARKER, "<details>", "</details>", "<summary>", "</summary>"), tag
    for word in ("onerror", "script", "@org", "evil", "heading", "\u202e"):
        assert word not in outside, word
    # Inside HTML the names are escaped; no control character is left raw anywhere.
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in text
    assert "<code>```\\u000a&lt;/details&gt;\\u000a# heading</code>" in text
    assert "\u202e" not in text and "\\u202eevil" in text
    # The folds are intact: each opens and closes on a line of its own.
    opened = re.findall(r"^<details><summary>", text, re.M)
    assert len(opened) == len(re.findall(r"^</details>$", text, re.M)) == 2 + len(HOSTILE)
    # Every code block closes with the fence it opened with.
    fences = re.findall(r"^(`{3,})diff$", text, re.M)
    assert all(f"\n{fence}\n" in text for fence in fences) and len(fences) == 2 + len(HOSTILE)
    assert "````diff\n" in text  # a name holding ``` gets a longer fence


def test_code_spans_hold_any_backticks() -> None:
    assert code("plain") == "`plain`"
    assert code("a`b") == "``a`b``"
    assert code("a``b") == "```a``b```"
    assert code("`edge`") == "`` `edge` ``"
    assert code("") == '`""`'
    assert printable("a\nb\tc\x7f") == "a\\u000ab\\u0009c\\u007f"


# --------------------------------------------------------------------------------------------
# capped at what the code hosts take


def test_a_big_change_is_cut_under_the_default_cap_and_says_so() -> None:
    diff = version_bump_diff(2_000)
    text = render(diff)
    assert len(text.encode()) <= DEFAULT_MAX_BYTES < GITHUB_COMMENT_CHARACTERS
    assert "| Clusters | 0 | 0 | 2000 |" in text  # the summary counts them all
    shown = text.count("<summary>Cluster ")
    assert 100 < shown < 2_000
    assert text.endswith(
        f"**Cut to fit 64,000 bytes** (`--max-comment-bytes`): {shown} of 2000 clusters with "
        "differences shown. The whole diff: `argocd-fleet diff` with the same options and "
        "`-o text` (or `-o json`).\n"
    )
    assert text.count("<details>") == text.count("</details>") == shown + 1
    # In order: the first clusters are shown, then the cut.
    assert "<code>spoke-00000</code>" in text and "<code>spoke-01999</code>" not in text


@pytest.mark.parametrize("cap", [MIN_MAX_BYTES, 20_000, 1_000_000])
def test_the_cap_is_configurable(cap: int) -> None:
    text = render(version_bump_diff(3_000), max_bytes=cap)
    assert len(text.encode()) <= cap
    assert cap - len(text.encode()) < 2_000  # the room is used
    assert "**Cut to fit" in text


def test_a_comment_under_the_cap_is_not_cut() -> None:
    text = render(version_bump_diff(3))
    assert "Cut to fit" not in text and text.count("<summary>Cluster ") == 3


def test_one_cluster_too_big_for_the_cap_is_shown_in_part() -> None:
    huge = ClusterDiff(
        "hub", "added", added=[app("hub", f"component-{n:04d}", "1.0.0") for n in range(3_000)]
    )
    text = render(FleetDiff(AppSetDiff(), [huge]), max_bytes=10_000)
    assert len(text.encode()) <= 10_000
    assert re.search(r"\n… \d+ more lines \(the comment is capped\)\n```\n\n</details>", text)
    assert "1 of 1 cluster with differences shown" in text


def test_a_long_summary_names_less_under_a_small_cap() -> None:
    long = [f"{'x' * 200}-{n}" for n in range(40)]
    diff = FleetDiff(
        AppSetDiff(added=[AppSetRef(name, "g") for name in long]),
        [bump("spoke-1")],
        GroupDiff(added=long),
    )
    text = render(diff, max_bytes=MIN_MAX_BYTES)
    assert len(text.encode()) <= MIN_MAX_BYTES
    assert "| ApplicationSets | 40 | 0 | 0 |" in text
    roomy = render(diff)
    assert "and 30 more" in roomy and "x" * 119 + "…" in roomy  # 10 named, each shortened
