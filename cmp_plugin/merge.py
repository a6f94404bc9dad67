"""How Helm and sprig combine values, reproduced exactly.

Four operations matter to the chart, and they differ in ways that change its output:

- `merge_files`: Helm's `-f a.yaml -f b.yaml` (later file wins, maps merged deeply, a null
  is kept so that it can delete a chart default afterwards);
- `coalesce`: Helm laying the user's values over the chart's `values.yaml` (user wins, maps
  merged deeply, a user null deletes the default);
- `sprig_merge` and `merge_overwrite`: sprig's `merge` and `mergeOverwrite`, both built on
  mergo. `merge` keeps what is already there *unless it is empty* (null, false, 0, "", an
  empty map or list), so a later catalog's `enabled: true` does replace an earlier
  `enabled: false`; `mergeOverwrite` lets every non-null source value win, including false.
  Lists are replaced, never concatenated.

jsonmerge offers named strategies for this, but none reproduces mergo's treatment of empty
values, and importing it costs about 75 ms (it pulls in jsonschema) on a path that must start
in about 50 ms: these few functions are the specification, tested against the chart.
"""

from __future__ import annotations

from typing import Any


def is_empty(value: Any) -> bool:
    """Go's notion of an empty value, as mergo and sprig's `default` use it."""
    if value is None or value is False:
        return True
    if isinstance(value, str | dict | list):
        return len(value) == 0
    if isinstance(value, int | float):
        return value == 0
    return False


def deep_copy(value: Any) -> Any:
    """A copy of a JSON-like tree (much faster than `copy.deepcopy` for this shape)."""
    if isinstance(value, dict):
        return {key: deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [deep_copy(item) for item in value]
    return value


def merge_files(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's merge of successive `-f` files into `base` (mutated and returned)."""
    for key, value in override.items():
        current = base.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merge_files(current, value)
        else:
            base[key] = value
    return base


def coalesce(defaults: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Helm's coalescing of user `values` over chart `defaults`; returns a new tree.

    A null in the user's values removes the chart's default for that key.
    """
    result = dict(values)
    for key, default in defaults.items():
        if key not in values:
            result[key] = deep_copy(default)
            continue
        value = values[key]
        if value is None:
            del result[key]
        elif isinstance(value, dict) and isinstance(default, dict):
            result[key] = coalesce(default, value)
    return result


def sprig_merge(dst: dict[str, Any], src: dict[str, Any]) -> dict[str, Any]:
    """sprig `merge dst src`: fill what `dst` lacks or has empty; mutates and returns `dst`."""
    return _mergo(dst, src, overwrite=False)


def merge_overwrite(dst: dict[str, Any], src: dict[str, Any]) -> dict[str, Any]:
    """sprig `mergeOverwrite dst src`: every non-null value of `src` wins; mutates `dst`."""
    return _mergo(dst, src, overwrite=True)


def _mergo(dst: dict[str, Any], src: dict[str, Any], overwrite: bool) -> dict[str, Any]:
    for key, value in src.items():
        present = key in dst
        current = dst.get(key)
        if value is None:
            # mergo copies a nil only when overwriting; otherwise the key is not even added.
            if overwrite:
                dst[key] = None
            continue
        if isinstance(value, dict) and isinstance(current, dict):
            _mergo(current, value, overwrite)
            if current:
                continue
        elif isinstance(value, list) and present and not is_empty(current) and not overwrite:
            continue
        if overwrite or not present or is_empty(current):
            dst[key] = value
    return dst
