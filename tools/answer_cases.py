"""Fill a conformance case file with real Go's answers.

Usage: python tools/answer_cases.py ORACLE CASES.json

ORACLE is a built go-template-oracle (Go text/template with sprig's GenericFuncMap as Argo CD
configures it). Every case whose `source` is `oracle` gets `outcome`, `output` or `go_error`
from it; cases with another source (Argo CD's Go source, Helm's engine) keep the expectation
written by hand and the reason given in `source`. The file is rewritten in place.
"""

from __future__ import annotations

import json
import subprocess
import sys


def _context(doc: dict, case: dict) -> dict:
    if "ctx" in case:
        return case["ctx"]
    return doc["contexts"][case["context"]]


def answer(oracle: str, path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        doc = json.load(handle)
    asked = [case for case in doc["cases"] if case.get("source", "oracle") == "oracle"]
    requests = [
        {
            "id": str(i),
            "template": case["template"],
            "mode": case.get("missingkey", "default"),
            "ctx": _context(doc, case),
        }
        for i, case in enumerate(asked)
    ]
    run = subprocess.run(
        [oracle], input=json.dumps(requests), capture_output=True, text=True, check=True
    )
    for case, result in zip(asked, json.loads(run.stdout), strict=True):
        for key in ("output", "go_error"):
            case.pop(key, None)
        case["outcome"] = "ok" if result["ok"] else "error"
        if result["ok"]:
            case["output"] = result["out"]
        else:
            case["go_error"] = result["err"]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    return len(asked)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    print(f"{answer(sys.argv[1], sys.argv[2])} cases answered")
