"""Writing findings: text (one line each), JSON, or GitHub Actions workflow commands.

stdout carries only the findings; the summary (`2 errors, 1 warning`) is the caller's, on
stderr, in every format.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .core import Finding, counts

FORMATS = ("text", "json", "github")


def render(findings: Sequence[Finding], fmt: str) -> str:
    if fmt == "json":
        if not findings:
            return "[]\n"
        rows = [json.dumps(f.as_dict(), sort_keys=True, ensure_ascii=False) for f in findings]
        return "[\n  " + ",\n  ".join(rows) + "\n]\n"
    if fmt == "github":
        return "".join(github_line(finding) + "\n" for finding in findings)
    return "".join(text_line(finding) + "\n" for finding in findings)


def text_line(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}: {finding.severity}: {finding.message} [{finding.rule}]"


def github_line(finding: Finding) -> str:
    """`::error file=F,line=L,title=RULE::message`, escaped as the runner expects."""
    properties = ",".join(
        f"{name}={_escape_property(value)}"
        for name, value in (
            ("file", finding.file),
            ("line", str(finding.line)),
            ("title", finding.rule),
        )
    )
    return f"::{finding.severity} {properties}::{_escape_data(finding.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(findings: Sequence[Finding], skipped: Sequence[str] = ()) -> str:
    """`2 errors, 1 warning`, and which rules were skipped for want of a hub."""
    errors, warnings = counts(findings)
    text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if skipped:
        from ..fleet.clusterfiles import DEFAULT_HUB

        text += (
            f"; no hub (no --hub, and no {DEFAULT_HUB} in the repository), so the rules that "
            f"need the clusters were skipped: {', '.join(skipped)}; give --hub FILE|NAME to "
            "run them"
        )
    return text
