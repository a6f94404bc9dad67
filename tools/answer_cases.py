"""Fill a conformance case file with real Go's answers.

Usage: python tools/answer_cases.py ORACLE EXTRAS_ORACLE CASES.json

ORACLE is a built go-template-oracle (Go text/template with sprig's GenericFuncMap as Argo CD
configures it), EXTRAS_ORACLE a built tools/argocd-extras-oracle (the same plus Argo CD's
`normalize`, `slugify`, `toYaml`, `fromYaml`, `fromYamlArray`). Every case whose `source` is
`oracle` (or `extras-oracle`) gets `outcome`, `output` or `go_error` from that program; cases
with another source (Argo CD's Go source or tests, where Argo CD's library versions differ from
the oracle's) keep the expectation written by hand and the reason given in `source`. The file
is rewritten in place.
"""

from __future__ import annotations

import json
import subprocess
import sys


def _context(doc: dict, case: dict) -> dict:
    if "ctx" in case:
        return case["ctx"]
    return doc["contexts"][case["context"]]


def answer(oracles: dict[str, str], path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        doc = json.load(handle)
    count = 0
    for source, oracle in oracles.items():
        asked = [case for case in doc["cases"] if case.get("source", "oracle") == source]
        _ask(oracle, doc, asked)
        count += len(asked)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    return count


def _ask(oracle: str, doc: dict, asked: list[dict]) -> None:
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


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    oracles = {"oracle": sys.argv[1], "extras-oracle": sys.argv[2]}
    print(f"{answer(oracles, sys.argv[3])} cases answered")
