"""Regenerate the pre-parsed JSON copies of the built-in catalog and chart defaults.

The plugin starts on every refresh of every Application; parsing the five catalogs as YAML
costs several milliseconds of pure-Python construction, reading the same data as JSON costs
almost nothing. The YAML files stay the source; tests/test_catalog_data.py fails when a JSON
copy is out of date. Run: python -m cmp_plugin.data.build
"""

import json
from pathlib import Path

from cmp_plugin.yamlio import load_text

HERE = Path(__file__).parent


def json_copy(source: Path) -> Path:
    return source.with_suffix(".json")


def sources() -> list[Path]:
    return [HERE / "chart-values.yaml", *sorted((HERE / "catalog").glob("*.yaml"))]


def main() -> None:
    for source in sources():
        data = load_text(source.read_text(encoding="utf-8"), source.name) or {}
        json_copy(source).write_text(
            json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
