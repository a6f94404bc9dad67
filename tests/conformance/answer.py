"""Answer Go-template conformance cases with real Go (a development tool; tests never run it).

Usage: python tests/conformance/answer.py ORACLE CASES.json [CASES.json ...]

ORACLE is a built go-template-oracle: Go's text/template with sprig's GenericFuncMap as Argo CD
configures it (see docs/preview-engine.md, "Conformance corpus"). In each file, every case with
`"source": "oracle"` is sent to it and gets `outcome` and `output` (or `go_error`); a case whose
source says `argocd: <why>` keeps the answer written by hand, because Argo CD's Go or library
versions answer differently from the oracle's. The files are rewritten in place.

To add a case: append `{"id", "template", "missingkey", "context", "source": "oracle"}` to
tests/data/conformance/argocd-templates/own-cases.json (`context` names one of the file's
`contexts`), run this script on the file, review the answer, commit.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_TOOL = Path(__file__).resolve().parents[2] / "tools" / "answer_cases.py"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python tests/conformance/answer.py ORACLE CASES.json ...", file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location("answer_cases", _TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    oracle, files = argv[0], argv[1:]
    for path in files:
        count = tool.answer({"oracle": oracle}, path)
        print(f"{path}: {count} cases answered")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
