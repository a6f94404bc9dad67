"""Refresh the copied test data from a directory of the upstream cases: the golden cases, the
CRD schemas, the reference fleet and the manifest comparison script, each copied as it is.

usage: python tests/refresh_golden.py DIR    (DIR holds golden/, schemas/, reference-fleet/
                                              and tools/manifest_diff.py)
"""

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
GOLDEN_PARTS = ("chart", "e2e", "fleets", "registration")


def main(shared: str) -> None:
    source = Path(shared) / "golden"
    for part in GOLDEN_PARTS:
        shutil.rmtree(HERE / "golden" / part, ignore_errors=True)
        shutil.copytree(source / part, HERE / "golden" / part)
    shutil.copy(source / "README.md", HERE / "golden" / "UPSTREAM-README.md")
    for part in ("argocd", "external-secrets"):
        shutil.rmtree(HERE / "data" / "schemas" / part, ignore_errors=True)
        shutil.copytree(Path(shared) / "schemas" / part, HERE / "data" / "schemas" / part)
    shutil.rmtree(HERE / "data" / "reference-fleet", ignore_errors=True)
    shutil.copytree(Path(shared) / "reference-fleet", HERE / "data" / "reference-fleet")
    shutil.copy(Path(shared) / "tools" / "manifest_diff.py", HERE / "manifest_diff.py")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-2].strip())
    main(sys.argv[1])
