"""Regenerate the package's derived data: the pre-parsed JSON copies of the built-in catalog
and chart defaults, and the CRD shapes of the fields copied from values.

The plugin starts on every refresh of every Application; parsing the five catalogs as YAML
costs several milliseconds of pure-Python construction, reading the same data as JSON costs
almost nothing. The YAML files stay the source; tests/test_catalog_data.py fails when a JSON
copy is out of date.

`crd-shapes.json` holds the parts of Argo CD's ApplicationSet CRD (Apache-2.0, copied under
tests/data/schemas) that describe the fields argocd-fleet copies from the values as they are,
reduced to the keywords `chart/crdshape.py` checks; tests/test_crdshape.py fails when it is
out of date. Run from a checkout: python -m cmp_plugin.data.build
"""

import json
from pathlib import Path

from cmp_plugin.chart.fields import copied_fields
from cmp_plugin.yamlio import load_text

HERE = Path(__file__).parent
APPSET_CRD = HERE.parents[1] / "tests" / "data" / "schemas" / "argocd" / "applicationset-crd.yaml"
SHAPES = HERE / "crd-shapes.json"

# The values keys the chart copies with toYaml, and where each lands in an ApplicationSet
# (the `crd` column of the chart's field table).
COPIED_FIELDS = copied_fields()
# Keywords of the CRD that carry no constraint the check needs (documentation, or a format
# the CRD tests do not assert either), and the ones it implements.
IGNORED = {"description", "format", "x-kubernetes-list-type", "x-kubernetes-map-type"}
KEPT = {"type", "properties", "items", "required", "enum", "additionalProperties"}


def json_copy(source: Path) -> Path:
    return source.with_suffix(".json")


def sources() -> list[Path]:
    return [HERE / "chart-values.yaml", *sorted((HERE / "catalog").glob("*.yaml"))]


def crd_schema(path: Path = APPSET_CRD) -> dict:
    crd = load_text(path.read_text(encoding="utf-8"), path.name)
    (served,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1"]
    return served["schema"]["openAPIV3Schema"]


def at(schema: dict, dotted: str) -> dict:
    for name in dotted.split("."):
        schema = schema["properties"][name]
    return schema


def reduce(schema: dict, where: str) -> dict:
    """`schema` with only the keywords crdshape checks; any other constraint is an error here,
    so that a new CRD cannot add one that the check would silently skip."""
    result: dict = {}
    if schema.get("x-kubernetes-int-or-string"):
        return {"x-kubernetes-int-or-string": True}
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        # Anything goes below: keep only the type.
        return {"type": schema["type"]} if "type" in schema else {}
    for keyword, value in schema.items():
        if keyword in IGNORED:
            continue
        if keyword not in KEPT:
            raise SystemExit(f"{where}: the CRD uses {keyword!r}, which crdshape does not check")
        if keyword == "properties":
            value = {k: reduce(v, f"{where}.{k}") for k, v in value.items()}
        elif keyword in ("items", "additionalProperties") and isinstance(value, dict):
            value = reduce(value, f"{where}[]")
        result[keyword] = value
    return result


def crd_shapes(path: Path = APPSET_CRD) -> dict:
    schema = crd_schema(path)
    return {key: reduce(at(schema, dotted), dotted) for key, dotted in COPIED_FIELDS.items()}


def main() -> None:
    SHAPES.write_text(json.dumps(crd_shapes(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for source in sources():
        data = load_text(source.read_text(encoding="utf-8"), source.name) or {}
        json_copy(source).write_text(
            json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
