"""The one writer of manifest streams, in named formats.

| format | what | who |
|---|---|---|
| `yaml` | `---`-separated YAML documents, keys sorted (`emit.py`) | the CLI's default; the plugin's `output: yaml` |
| `json` | one JSON list, indented | the CLI's `-o json` |
| `json-documents` | one JSON document per object, `---`-separated (JSON is YAML; Argo CD reads it) | the plugin's default, the fastest to write |

Every format writes object by object, and refuses the stream as soon as it passes the output
limit (`limits.check_output_size`), so that an oversized stream is never built whole. The
YAML emitter is imported only when YAML is written: the plugin's JSON path does without it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from .limits import LIMITS, Limits, check_output_size


class Format:
    """A stream format: each object as a piece, the separator between pieces, and the
    whole (pieces joined) as written."""

    __slots__ = ("piece", "separator", "whole")

    def __init__(
        self,
        piece: Callable[[Any], str],
        separator: str = "",
        whole: Callable[[str], str] = lambda body: body,
    ) -> None:
        self.piece = piece
        self.separator = separator
        self.whole = whole


def dump_yaml(obj: Any) -> str:
    """One YAML document (without `---`), keys sorted, long strings never folded (emit.py)."""
    from .emit import document

    return document(obj)


def _yaml_document(obj: Any) -> str:
    return f"---\n{dump_yaml(obj)}"


def _json_item(obj: Any) -> str:
    # json.dumps of the whole list, one element at a time: each is indented one level.
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False).replace("\n", "\n  ")


def _json_list(body: str) -> str:
    return f"[\n  {body}\n]\n" if body else "[]\n"


def _json_document(obj: Any) -> str:
    return f"---\n{json.dumps(obj, sort_keys=True, ensure_ascii=False)}\n"


FORMATS: dict[str, Format] = {
    "yaml": Format(_yaml_document),
    "json": Format(_json_item, ",\n  ", _json_list),
    "json-documents": Format(_json_document),
}


def write_stream(objects: Iterable[Any], fmt: str = "yaml", limits: Limits = LIMITS) -> str:
    """The manifest stream of `objects` in the format named `fmt` (one of `FORMATS`)."""
    form = FORMATS[fmt]
    kept: list[str] = []
    size = 0
    separator = len(form.separator)
    for obj in objects:
        piece = form.piece(obj)
        size += separator + (len(piece) if piece.isascii() else len(piece.encode()))
        check_output_size(size, limits)
        kept.append(piece)
    return form.whole(form.separator.join(kept))
