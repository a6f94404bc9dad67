"""The Go-template engine against real Go's answers.

Every `*.json` under tests/data/conformance/argocd-templates/ holds cases answered by Go
(the go-template-oracle: Go's text/template with sprig's function map as Argo CD builds it) or,
where Argo CD's Go 1.26 and library versions answer differently from the oracle's, by hand
with the reason in `source`. Only whether Go errors is normative, not its message: a case Go
answers passes when the preview renders the same text; a case Go fails passes when the
preview reports an error (Argo CD fails the Application). A case the preview declines by
design says `"preview": "unevaluated"`. See docs/preview-engine.md for adding cases.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from cmp_plugin.gotemplate import GoSlice, GoStringMap, Outcome, compile_template

CORPUS = Path(__file__).parent / "data" / "conformance" / "argocd-templates"

# Recorded answers the preview knowingly does not give: (file, id) -> (outcome, why).
DIVERGENCES: dict[tuple[str, str], tuple[Outcome, str]] = {}


def go_value(value: Any) -> Any:
    """A JSON context as Go holds it: `__strmap__` a map[string]string, `__strslice__` a
    []string, every number a float64."""
    if isinstance(value, dict):
        if set(value) == {"__strmap__"}:
            return GoStringMap(value["__strmap__"])
        if set(value) == {"__strslice__"}:
            return GoSlice(value["__strslice__"], "string")
        return {key: go_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [go_value(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CORPUS.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        contexts = document.get("contexts", {})
        for index, case in enumerate(document["cases"]):
            context = case["ctx"] if "ctx" in case else contexts[case["context"]]
            label = f"{path.stem}:{case['id']}:{case.get('missingkey', 'default')}:{index}"
            divergence = DIVERGENCES.get((path.stem, case["id"]))
            params.append(pytest.param(case, context, divergence, id=label))
    return params


CASES = load_cases()


def test_corpus_is_there() -> None:
    files = {path.name for path in CORPUS.glob("*.json")}
    assert {"cases.json", "own-cases.json"} <= files
    assert len(CASES) > 900


@pytest.mark.parametrize(("case", "context", "divergence"), CASES)
def test_case(case: dict[str, Any], context: Any, divergence: tuple[Outcome, str] | None) -> None:
    template = compile_template(case["template"], case.get("missingkey", "default"))
    rendered = template.render(go_value(context))
    if divergence is not None:  # still diverging, for the reason given
        assert rendered.outcome is divergence[0], rendered
    elif case.get("preview") == "unevaluated":
        assert rendered.outcome is Outcome.UNEVALUATED, rendered
    elif case["outcome"] == "ok":
        assert rendered.outcome is Outcome.OK, rendered.message
        assert rendered.text == case["output"]
    else:
        assert rendered.outcome is Outcome.ERROR, (rendered, case.get("go_error"))


def test_sha512sum_is_argo_cds() -> None:
    digest = hashlib.sha512(b"x").hexdigest()
    assert compile_template('{{ sha512sum "x" }}').render({}).text == digest


def test_own_cases_cover_argo_cd_only_behaviour() -> None:
    """The constructs Go 1.19 (the oracle) lacks are kept with Argo CD's answer and a reason."""
    document = json.loads((CORPUS / "own-cases.json").read_text(encoding="utf-8"))
    by_hand = {case["id"] for case in document["cases"] if case["source"] != "oracle"}
    assert {"range.int.var", "range.int.two.vars", "with.else.with"} <= by_hand
    for case in document["cases"]:
        assert case["source"] == "oracle" or case["source"].startswith("argocd: ")
