"""Refresh the copied golden cases from a shared directory, re-applying the corrections.

usage: python tests/refresh_golden.py ../shared
"""

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
DEVIATION_3_CASES = [
    "06-user-overrides-catalog",
    "08-appset-level-options",
    "17-upstream-test-values",
]


def correct_deviation_3(path: Path) -> None:
    """Drop the leading '-' of Application names rendered with an empty releaseType."""
    lines = path.read_text().split("\n")
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("      name: -{{ .name | trunc 30 }}-"):
            value = line[len("      name: -") :]
            while i + 1 < len(lines) and lines[i + 1].startswith("        "):
                i += 1
                value += " " + lines[i].strip()
            out.append("      name: '" + value.replace("'", "''") + "'")
        else:
            out.append(line)
        i += 1
    path.write_text("\n".join(out))


def main(shared: str) -> None:
    source = Path(shared) / "golden"
    for part in ("chart", "e2e", "fleets", "registration"):
        shutil.rmtree(HERE / "golden" / part, ignore_errors=True)
        shutil.copytree(source / part, HERE / "golden" / part)
    shutil.copy(source / "README.md", HERE / "golden" / "UPSTREAM-README.md")
    for case in DEVIATION_3_CASES:
        correct_deviation_3(HERE / "golden" / "chart" / case / "expected.yaml")
    for part in ("argocd", "external-secrets"):
        shutil.rmtree(HERE / "data" / "schemas" / part, ignore_errors=True)
        shutil.copytree(Path(shared) / "schemas" / part, HERE / "data" / "schemas" / part)
    shutil.rmtree(HERE / "data" / "reference-fleet", ignore_errors=True)
    shutil.copytree(Path(shared) / "reference-fleet", HERE / "data" / "reference-fleet")
    shutil.copy(Path(shared) / "tools" / "manifest_diff.py", HERE / "manifest_diff.py")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared")
