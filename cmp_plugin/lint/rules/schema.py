"""schema (error): a value that the JSON Schema of the values (`argocd-fleet schema`) rejects.

Checked, each file on its own: the value files of the hierarchy
(`*/application-sets/<group>.yaml`, `<repoName>/bootstrap/defaults/<group>.yaml`, or the
levels of `--hierarchy`), the bootstrap values of each group (`--values`, or the `values`
parameter of the hub bootstrap's plugin Application(Set)s) and the catalogs of releases
(`catalog:` in the versions file).

A file holds part of the values, and the schema (`cmp_plugin/schema.py`) is written for
that: it requires no key and allows null everywhere, so it only rejects what no merge can
make right, such as a field of the wrong shape (`namespace: {a: 1}`, `valueFiles: a/b`),
an `enabled` that is neither a boolean nor "true"/"false" (the chart silently skips such a
component), a selector requirement without `key` or `operator` or with an operator other
than In/NotIn/Exists/DoesNotExist, or an empty `repoNames` entry. Unknown keys are the
`unknown-key` rule's.

Why an error: the engine refuses these values when it renders them.

Example::

    addons/bootstrap/defaults/addons.yaml:4: error: external-dns.enabled: must be a boolean
    or one of 'true', 'false', not 'yes' [schema]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...errors import type_name
from ...schema import SETTINGS, values_schema
from ..context import Context
from ..core import ERROR, Finding

ID = "schema"
SEVERITY = ERROR

TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "number": "a number",
    "integer": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def check(context: Context) -> Iterator[Finding]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(values_schema())
    for value_file in context.value_files:
        yaml_file = value_file.yaml
        if not yaml_file.ok:
            continue
        data = yaml_file.data
        if data is not None and not isinstance(data, dict):
            yield Finding(
                yaml_file.path,
                yaml_file.line_of(()),
                SEVERITY,
                ID,
                f"the top level must be a mapping, not {type_name(data)}",
            )
            continue
        keys = [key for key in data or {} if not isinstance(key, str)]
        if keys:
            yield Finding(
                yaml_file.path,
                yaml_file.line_of(()),
                SEVERITY,
                ID,
                f"keys must be strings, found {keys[0]!r}",
            )
            continue
        errors = sorted(
            validator.iter_errors(data),
            key=lambda e: ([str(step) for step in e.absolute_path], e.message),
        )
        for error in errors:
            path = list(error.absolute_path)
            top = data.get(path[0]) if isinstance(data, dict) and len(path) == 1 else None
            if len(path) == 1 and path[0] not in SETTINGS and not isinstance(top, dict):
                continue  # a top-level key that is neither setting nor component: unknown-key
            where = ".".join(str(step) for step in path) or "(top level)"
            yield Finding(
                yaml_file.path, yaml_file.line_of(path), SEVERITY, ID, f"{where}: {describe(error)}"
            )


def describe(error: Any) -> str:
    """The schema error in the words of argocd-fleet's other messages."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "type":
        return f"must be {_types(expected)}, not {_shown(instance)}"
    if kind == "enum":
        return f"must be one of {', '.join(map(repr, expected))}, not {_shown(instance)}"
    if kind in ("anyOf", "oneOf"):
        options = []
        for option in expected:
            if "type" in option:
                options.append(_types(option["type"]))
            if "enum" in option:
                options.append("one of " + ", ".join(map(repr, option["enum"])))
        if options:
            return f"must be {' or '.join(options)}, not {_shown(instance)}"
    if kind == "required" and isinstance(instance, dict):
        missing = [name for name in expected if name not in instance]
        return f"needs {' and '.join(missing)}"
    if kind == "minLength" and expected == 1:
        return "must not be empty"
    return str(error.message)


def _types(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    words = [str(TYPE_WORDS.get(name, name)) for name in names if name != "null"]
    words = list(dict.fromkeys(words))
    if not words:
        return "null"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _shown(value: Any) -> str:
    if isinstance(value, str | bool | int | float) or value is None:
        return repr(value) if not isinstance(value, bool) else str(value).lower()
    return type_name(value)
