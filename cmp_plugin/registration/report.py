"""`register --labels` as text: per member, its model in words, its labels and annotations."""

from __future__ import annotations

import textwrap
from typing import Any


def labels_text(reports: list[dict[str, Any]]) -> str:
    """One block per member; empty input says so, so that nothing is not mistaken for success."""
    if not reports:
        return "no fleet members\n"
    blocks = []
    for report in reports:
        lines = [f"{report['name']}  ({report['file']})"]
        lines.append(f"  secret: {report['secret']}")
        lines.extend(
            textwrap.wrap(
                report["description"],
                width=96,
                initial_indent="  model: ",
                subsequent_indent="         ",
            )
        )
        for title in ("labels", "annotations"):
            mapping: dict[str, str] = report[title]
            lines.append(f"  {title}:")
            width = max((len(key) for key in mapping), default=0)
            lines.extend(f"    {key.ljust(width)}  {value}" for key, value in mapping.items())
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
