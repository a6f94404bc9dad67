"""sprig's `urlParse` and `urlJoin` (Go's net/url): registered with their Go signatures, but
not evaluated by the preview yet; a template using them is shown as not knowable offline
rather than guessed.
"""

from __future__ import annotations

from ..values import NotKnowable
from .registry import gofunc


@gofunc("urlParse", "string", result="map[string]interface {}")
def url_parse(_url: str) -> dict:
    raise NotKnowable("urlParse (Go's net/url) is not evaluated by the preview")


@gofunc("urlJoin", "map[string]interface {}", result="string")
def url_join(_parts: dict) -> str:
    raise NotKnowable("urlJoin (Go's net/url) is not evaluated by the preview")
