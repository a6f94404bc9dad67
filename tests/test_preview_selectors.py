"""Label selectors evaluated as Kubernetes' labels.Selector evaluates them."""

from __future__ import annotations

import pytest

from cmp_plugin.preview.selectors import (
    EVERYTHING,
    NOTHING,
    SelectorError,
    cluster_generator_selector,
    compile_selector,
    matches,
)

LABELS = {"environment": "prod", "tenant": "team-a", "enable_external_dns": "true"}


def expression(key: str, operator: str, *values: str) -> dict:
    entry: dict = {"key": key, "operator": operator}
    if values:
        entry["values"] = list(values)
    return {"matchExpressions": [entry]}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ({"matchLabels": {"environment": "prod"}}, True),
        ({"matchLabels": {"environment": "dev"}}, False),
        ({"matchLabels": {"missing": "x"}}, False),
        ({"matchLabels": {"environment": "prod", "tenant": "team-b"}}, False),
        (expression("environment", "In", "dev", "prod"), True),
        (expression("environment", "In", "dev", "staging"), False),
        (expression("missing", "In", "x"), False),
        (expression("environment", "NotIn", "dev", "staging"), True),
        (expression("environment", "NotIn", "prod"), False),
        (expression("missing", "NotIn", "x"), True),  # an absent key is in no set
        (expression("tenant", "Exists"), True),
        (expression("missing", "Exists"), False),
        (expression("missing", "DoesNotExist"), True),
        (expression("tenant", "DoesNotExist"), False),
        (expression("enable_external_dns", "In", "true"), True),
        (expression("enable_external_dns", "In", "True"), False),  # values are exact strings
    ],
)
def test_each_operator(selector: dict, expected: bool) -> None:
    assert compile_selector(selector).matches(LABELS) is expected
    assert matches(selector, LABELS) is expected


def test_all_requirements_must_match() -> None:
    selector = {
        "matchLabels": {"environment": "prod"},
        "matchExpressions": [
            {"key": "tenant", "operator": "In", "values": ["team-a"]},
            {"key": "enable_x", "operator": "Exists"},
        ],
    }
    assert not matches(selector, LABELS)
    assert matches(selector, {**LABELS, "enable_x": ""})


def test_empty_selector_matches_everything_and_none_matches_nothing() -> None:
    assert matches({}, {}) and matches({}, LABELS)
    assert matches({"matchLabels": {}, "matchExpressions": []}, LABELS)
    assert not matches(None, LABELS)
    assert EVERYTHING.matches({}) and not NOTHING.matches(LABELS)


def test_empty_label_value_is_a_value() -> None:
    assert matches({"matchLabels": {"tenant": ""}}, {"tenant": ""})
    assert not matches({"matchLabels": {"tenant": ""}}, {})


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        (expression("environment", "Equals", "prod"), "not a valid label selector operator"),
        (expression("environment", "in", "prod"), "not a valid label selector operator"),
        (expression("environment", "In"), "values set can't be empty"),
        (expression("environment", "NotIn"), "values set can't be empty"),
        (expression("environment", "Exists", "prod"), "must be empty"),
        (expression("environment", "DoesNotExist", "x"), "must be empty"),
        ({"matchLabels": {"bad key": "x"}}, "invalid label key"),
        ({"matchLabels": {"Example.com/x": "y"}}, "DNS subdomain"),
        ({"matchLabels": {"k": "not valid!"}}, "invalid value"),
        ({"matchLabels": {"k": "x" * 64}}, "invalid value"),
        ({"matchLabels": {"k": True}}, "must be a string"),
    ],
)
def test_invalid_selectors_are_errors(selector: dict, message: str) -> None:
    with pytest.raises(SelectorError, match=message):
        compile_selector(selector)


def test_prefixed_keys_are_valid() -> None:
    assert matches(
        {"matchLabels": {"argocd.argoproj.io/secret-type": "cluster"}},
        {"argocd.argoproj.io/secret-type": "cluster"},
    )


def test_cluster_generator_adds_the_secret_type() -> None:
    selector = cluster_generator_selector({"matchLabels": {"environment": "prod"}})
    assert not selector.matches(LABELS)
    assert selector.matches({**LABELS, "argocd.argoproj.io/secret-type": "cluster"})
    # Even an empty selector only lists cluster secrets, and a different value is replaced.
    assert not cluster_generator_selector({}).matches(LABELS)
    replaced = cluster_generator_selector(
        {"matchLabels": {"argocd.argoproj.io/secret-type": "repository"}}
    )
    assert replaced.matches({"argocd.argoproj.io/secret-type": "cluster"})


def test_str_shows_the_requirements_sorted_by_key() -> None:
    selector = compile_selector(
        {
            "matchLabels": {"b": "1"},
            "matchExpressions": [
                {"key": "a", "operator": "NotIn", "values": ["y", "x"]},
                {"key": "c", "operator": "DoesNotExist"},
            ],
        }
    )
    assert str(selector) == "a notin (x,y),b=1,!c"
