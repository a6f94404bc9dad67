"""sprig's `urlParse` and `urlJoin`, on Go's `net/url` (`goneturl`).

`urlParse` is `url.Parse` read into a dict: `scheme` (lower case), `host` (unescaped, with its
port), `hostname`, `path` (unescaped), `query` (as written), `opaque`, `fragment` (unescaped)
and `userinfo` (escaped again); a URL Go refuses is sprig's panic, `unable to parse url:
parse "...": ...`. `urlJoin` builds a `url.URL` from the dict's `scheme`, `host`, `path`,
`query`, `opaque` and `fragment` (absent keys are empty; a value that is no string is sprig's
panic), reads `userinfo` by parsing `proto://USERINFO@host`, and returns `URL.String()`, which
escapes what each part needs escaped.
"""

from __future__ import annotations

from typing import Any

from ..values import GoError, NotKnowable, Unknown
from .goneturl import URL, URLError, parse
from .gounicode import from_go_bytes, go_bytes
from .reflection import kind_name
from .registry import gofunc


@gofunc("urlParse", "string", result="map[string]interface {}")
def url_parse(text: str) -> dict[str, Any]:
    try:
        url = parse(go_bytes(text))
    except URLError as err:
        raise GoError(f"unable to parse url: {err}") from None
    fields = {
        "scheme": url.scheme,
        "host": url.host,
        "hostname": url.hostname(),
        "path": url.path,
        "query": url.raw_query,
        "opaque": url.opaque,
        "fragment": url.fragment,
        "userinfo": b"" if url.user is None else url.user.string(),
    }
    return {key: from_go_bytes(value) for key, value in fields.items()}


def _string_field(parts: dict[str, Any] | None, key: str) -> bytes:
    """sprig's dictGetOrEmpty: the key's string, "" when absent, a panic for another type."""
    if parts is None or key not in parts:
        return b""
    value = parts[key]
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    if value is None:  # reflect.TypeOf(nil).Kind(): a method call on a nil interface
        raise GoError("runtime error: invalid memory address or nil pointer dereference")
    if not isinstance(value, str):
        kind = kind_name(value)
        raise GoError(f"unable to parse {key} key, must be of type string, but {kind} found")
    return go_bytes(value)


@gofunc("urlJoin", "map[string]interface {}", result="string")
def url_join(parts: dict[str, Any] | None) -> str:
    url = URL(
        scheme=_string_field(parts, "scheme"),
        host=_string_field(parts, "host"),
        path=_string_field(parts, "path"),
        raw_query=_string_field(parts, "query"),
        opaque=_string_field(parts, "opaque"),
        fragment=_string_field(parts, "fragment"),
    )
    userinfo = _string_field(parts, "userinfo")
    if userinfo:
        try:
            url.user = parse(b"proto://" + userinfo + b"@host").user
        except URLError as err:
            raise GoError(f"unable to parse userinfo in dict: {err}") from None
    return from_go_bytes(url.string())
