"""Label selectors as Kubernetes evaluates them (`metav1.LabelSelectorAsSelector`).

A selector is compiled once into a `Selector` (a tuple of requirements), then matched against
the labels of many clusters. The semantics are those of `k8s.io/apimachinery` labels:

- `matchLabels: {k: v}` is the requirement `k = v` (the key must be present with that value);
- `In` needs the key present with one of the values, `NotIn` matches when the key is absent or
  its value is none of them, `Exists` / `DoesNotExist` test the key alone;
- all requirements must match; an empty selector (no matchLabels, no matchExpressions) matches
  every cluster, and a missing selector (`None`) matches none;
- an invalid selector (an unknown operator, `In` without values, `Exists` with values, a key or
  value that is not a valid label) is an error, as it is for the API server and Argo CD.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import FleetError
from ..k8snames import SECRET_TYPE_CLUSTER, SECRET_TYPE_LABEL, is_label_value, is_subdomain

IN = "In"
NOT_IN = "NotIn"
EXISTS = "Exists"
DOES_NOT_EXIST = "DoesNotExist"
EQUALS = "="
OPERATORS = (IN, NOT_IN, EXISTS, DOES_NOT_EXIST)


class SelectorError(FleetError):
    """A selector Kubernetes would refuse; Argo CD fails the generator that holds it."""


@dataclass(frozen=True, slots=True)
class Requirement:
    key: str
    operator: str
    values: frozenset[str]

    def matches(self, labels: Mapping[str, str]) -> bool:
        operator = self.operator
        if operator in (EQUALS, IN):
            value = labels.get(self.key)
            return value is not None and value in self.values
        if operator == NOT_IN:
            value = labels.get(self.key)
            return value is None or value not in self.values
        if operator == EXISTS:
            return self.key in labels
        return self.key not in labels  # DoesNotExist

    def __str__(self) -> str:
        if self.operator == EQUALS:
            return f"{self.key}={next(iter(self.values))}"
        if self.operator in (EXISTS, DOES_NOT_EXIST):
            return f"{'' if self.operator == EXISTS else '!'}{self.key}"
        word = "in" if self.operator == IN else "notin"
        return f"{self.key} {word} ({','.join(sorted(self.values))})"


@dataclass(frozen=True, slots=True)
class Selector:
    """A compiled selector; `requirements is None` is the selector that matches nothing.

    `matches` is one generated Python expression over the labels (the requirements inlined),
    since a fleet preview asks it for every cluster of every ApplicationSet.
    """

    requirements: tuple[Requirement, ...] | None
    matches: Callable[[Mapping[str, str]], bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matches", _compile_matcher(self.requirements))

    def __str__(self) -> str:
        if self.requirements is None:
            return "<nothing>"
        return ",".join(str(r) for r in self.requirements) or "<everything>"


def _compile_matcher(
    requirements: tuple[Requirement, ...] | None,
) -> Callable[[Mapping[str, str]], bool]:
    if requirements is None:
        return lambda _labels: False
    if not requirements:
        return lambda _labels: True
    constants: dict[str, Any] = {"__builtins__": {}}
    terms = []
    for index, requirement in enumerate(requirements):
        key, values = f"_k{index}", f"_s{index}"
        constants[key] = requirement.key
        constants[values] = requirement.values
        if requirement.operator in (EQUALS, IN):
            terms.append(f"labels.get({key}) in {values}")  # None is in no set of strings
        elif requirement.operator == NOT_IN:
            terms.append(f"labels.get({key}) not in {values}")
        elif requirement.operator == EXISTS:
            terms.append(f"{key} in labels")
        else:
            terms.append(f"{key} not in labels")
    return eval(f"lambda labels: {' and '.join(terms)}", constants)


EVERYTHING = Selector(())
NOTHING = Selector(None)


def compile_selector(selector: Mapping[str, Any] | None, check_values: bool = True) -> Selector:
    """Compile a `{matchLabels, matchExpressions}` mapping; raises `SelectorError` if invalid.

    `check_values=False` is Argo CD's own `LabelSelectorAsSelector` for generator
    post-selectors: any string is a value (a server URL, a path), keys are still checked.
    """
    if selector is None:
        return NOTHING
    if not isinstance(selector, Mapping):
        raise SelectorError(f"a label selector must be a mapping, not {type(selector).__name__}")
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    if not isinstance(match_labels, Mapping):
        raise SelectorError("matchLabels must be a mapping")
    if not isinstance(expressions, list):
        raise SelectorError("matchExpressions must be a list")
    requirements: list[Requirement] = []
    for key, value in match_labels.items():
        _check_key(key)
        _check_value(key, value, check_values)
        requirements.append(Requirement(key, EQUALS, frozenset([value])))
    for expression in expressions:
        requirements.append(_requirement(expression, check_values))
    # Sorted by key as labels.Selector does; the result does not depend on the order.
    requirements.sort(key=lambda r: r.key)
    return Selector(tuple(requirements))


def cluster_generator_selector(selector: Mapping[str, Any] | None) -> Selector:
    """The selector the cluster generator lists secrets with.

    Argo CD adds `argocd.argoproj.io/secret-type: cluster` to the generator's selector
    (`metav1.AddLabelToSelector`), replacing a different value the selector may give it, so
    only cluster secrets are ever selected, even by an empty selector.
    """
    base = dict(selector or {})
    base["matchLabels"] = {
        **(base.get("matchLabels") or {}),
        SECRET_TYPE_LABEL: SECRET_TYPE_CLUSTER,
    }
    return compile_selector(base)


def matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """One-off evaluation; compile with `compile_selector` to match many clusters."""
    return compile_selector(selector).matches(labels)


def _requirement(expression: Any, check_values: bool = True) -> Requirement:
    if not isinstance(expression, Mapping):
        raise SelectorError("each matchExpressions entry must be a mapping")
    key = _check_key(expression.get("key"))
    operator = expression.get("operator")
    values = expression.get("values") or []
    if not isinstance(values, list):
        raise SelectorError(f"matchExpressions[{key}].values must be a list")
    if operator not in OPERATORS:
        raise SelectorError(f"{operator!r} is not a valid label selector operator")
    if operator in (IN, NOT_IN):
        if not values:
            raise SelectorError(
                f"matchExpressions[{key}]: for 'in', 'notin' operators, values set can't be empty"
            )
        for value in values:
            _check_value(key, value, check_values)
    elif values:
        raise SelectorError(
            f"matchExpressions[{key}]: values set must be empty for exists and does not exist"
        )
    return Requirement(key, operator, frozenset(values))


def _check_key(key: Any) -> str:
    """`validation.IsQualifiedName`: an optional DNS-subdomain prefix, `/`, a 63-char name."""
    if not isinstance(key, str) or not key:
        raise SelectorError(f"invalid label key {key!r}: a non-empty string is required")
    prefix, slash, name = key.rpartition("/")
    if slash and not (prefix and is_subdomain(prefix)):
        raise SelectorError(f"invalid label key {key!r}: the prefix must be a DNS subdomain")
    if not (name and is_label_value(name)):
        raise SelectorError(
            f"invalid label key {key!r}: a name of at most 63 alphanumerics, '-', '_' or '.' "
            "that starts and ends with an alphanumeric"
        )
    return key


def _check_value(key: str, value: Any, check_values: bool = True) -> None:
    if not isinstance(value, str):
        raise SelectorError(f"label {key}: the value {value!r} must be a string")
    if check_values and not is_label_value(value):
        raise SelectorError(
            f"label {key}: invalid value {value!r}: at most 63 alphanumerics, '-', '_' or '.' "
            "that starts and ends with an alphanumeric"
        )
