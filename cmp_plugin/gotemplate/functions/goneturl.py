"""Go's `net/url`: `Parse`, `URL.Hostname` and `URL.String`, byte for byte, with Go's errors.

As Argo CD's Go 1.26 has it (its module says `go 1.26`, so `urlstrictcolons` is on):

- a host in brackets must be an IPv6 address (`[1.2.3.4]` and `[x]` are refused, an IPv4-mapped
  `[::ffff:1.2.3.4]` is not), and a `[` elsewhere in the host is refused (Go 1.24.8, 1.25.2);
- an `http` or `https` host with two colons or more outside brackets is refused
  (`http://::1/`, `http://a:1:2/`); other schemes take the port after the last colon, as
  PostgreSQL's and MongoDB's host lists want (Go 1.26.1, go.dev/issue/78077).

Everything else reads as in every Go release since 1.19: control characters are refused,
escapes must be `%XX` (a host may escape only non-ASCII bytes, and `%25` before an IPv6 zone),
a relative URL's first segment may not hold a colon, a scheme followed by anything but `/` is
opaque. Texts are Go strings as bytes (`gounicode.go_bytes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..printing import quote
from .gonetip import AddrError, parse_addr
from .gounicode import from_go_bytes

PATH, PATH_SEGMENT, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT = range(1, 8)
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_HOST_EXTRA = frozenset(b"!$&'()*+,;=:[]<>\"")
_RESERVED = frozenset(b"$&+,/:;=?@")


class URLError(ValueError):
    """A `net/url` error, its text as Go's `Error()` gives it."""


def _q(data: bytes) -> str:
    return quote(from_go_bytes(data))


def _should_escape(c: int, mode: int) -> bool:
    """Go's shouldEscape: whether byte `c` is written `%XX` in that part of a URL."""
    if c in _ALNUM:
        return False
    if mode in (HOST, ZONE) and c in _HOST_EXTRA:
        return False
    if c in b"-_.~":
        return False
    if c in _RESERVED:
        if mode == PATH:
            return c == 0x3F
        if mode == PATH_SEGMENT:
            return c in b"/;,?"
        if mode == USER_PASSWORD:
            return c in b"@/?:"
        if mode == QUERY_COMPONENT:
            return True
        if mode == FRAGMENT:
            return False
    return not (mode == FRAGMENT and c in b"!()*")


_ESCAPED = {
    mode: frozenset(c for c in range(256) if _should_escape(c, mode)) for mode in range(1, 8)
}


def escape(data: bytes, mode: int) -> bytes:
    """Go's escape (a space is `+` in a query component)."""
    escaped = _ESCAPED[mode]
    out = bytearray()
    for c in data:
        if c == 0x20 and mode == QUERY_COMPONENT:
            out.append(0x2B)
        elif c in escaped:
            out += b"%%%02X" % c
        else:
            out.append(c)
    return bytes(out)


def unescape(data: bytes, mode: int) -> bytes:
    """Go's unescape: `%XX` to bytes, with Go's EscapeError and InvalidHostError."""
    i = 0
    while i < len(data):
        c = data[i]
        if c == 0x25:
            if i + 2 >= len(data) or data[i + 1] not in _HEX or data[i + 2] not in _HEX:
                raise URLError(f"invalid URL escape {_q(data[i : i + 3])}")
            triple = data[i : i + 3]
            if mode == HOST and int(triple[1:2], 16) < 8 and triple != b"%25":
                raise URLError(f"invalid URL escape {_q(triple)}")
            value = int(triple[1:], 16)
            if mode == ZONE and triple != b"%25" and value != 0x20 and _should_escape(value, HOST):
                raise URLError(f"invalid URL escape {_q(triple)}")
            i += 3
            continue
        if mode in (HOST, ZONE) and c < 0x80 and _should_escape(c, mode):
            raise URLError(f"invalid character {_q(data[i : i + 1])} in host name")
        i += 1
    if b"%" not in data and not (mode == QUERY_COMPONENT and b"+" in data):
        return data
    out = bytearray()
    i = 0
    while i < len(data):
        c = data[i]
        if c == 0x25:
            out.append(int(data[i + 1 : i + 3], 16))
            i += 3
            continue
        out.append(0x20 if c == 0x2B and mode == QUERY_COMPONENT else c)
        i += 1
    return bytes(out)


@dataclass(slots=True)
class Userinfo:
    username: bytes
    password: bytes = b""
    password_set: bool = False

    def string(self) -> bytes:
        """Go's Userinfo.String: the escaped `user[:password]`."""
        text = escape(self.username, USER_PASSWORD)
        if self.password_set:
            text += b":" + escape(self.password, USER_PASSWORD)
        return text


@dataclass(slots=True)
class URL:
    scheme: bytes = b""
    opaque: bytes = b""
    user: Userinfo | None = None
    host: bytes = b""
    path: bytes = b""
    raw_query: bytes = b""
    fragment: bytes = b""

    def hostname(self) -> bytes:
        """Go's URL.Hostname: the host without its port and brackets."""
        host = self.host
        colon = host.rfind(b":")
        if colon >= 0 and _valid_optional_port(host[colon:]):
            host = host[:colon]
        if host.startswith(b"[") and host.endswith(b"]"):
            host = host[1:-1]
        return host

    def string(self) -> bytes:
        """Go's URL.String for a URL built field by field (no RawPath, RawFragment, OmitHost
        or ForceQuery, as sprig's urlJoin builds it)."""
        out = bytearray()
        if self.scheme:
            out += self.scheme + b":"
        if self.opaque:
            out += self.opaque
        else:
            if self.scheme or self.host or self.user is not None:
                if self.host or self.path or self.user is not None:
                    out += b"//"
                if self.user is not None:
                    out += self.user.string() + b"@"
                if self.host:
                    out += escape(self.host, HOST)
            path = b"*" if self.path == b"*" else escape(self.path, PATH)
            if path and path[0] != 0x2F and self.host:
                out += b"/"
            if not out and b":" in path.partition(b"/")[0]:
                out += b"./"  # a relative path whose first segment has a colon
            out += path
        if self.raw_query:
            out += b"?" + self.raw_query
        if self.fragment:
            out += b"#" + escape(self.fragment, FRAGMENT)
        return bytes(out)


def parse(raw: bytes) -> URL:
    """Go's url.Parse; URLError as `parse "raw": reason`."""
    before, _, fragment = raw.partition(b"#")
    try:
        url = _parse(before)
    except URLError as err:
        raise URLError(f"parse {_q(before)}: {err}") from None
    if fragment:
        try:
            url.fragment = unescape(fragment, FRAGMENT)
        except URLError as err:
            raise URLError(f"parse {_q(raw)}: {err}") from None
    return url


def _scheme(raw: bytes) -> tuple[bytes, bytes]:
    """Go's getScheme: (scheme, rest); no scheme unless letters lead up to a colon."""
    for i, c in enumerate(raw):
        if 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A:
            continue
        if c in _ALNUM or c in b"+-.":
            if i == 0:
                return b"", raw
            continue
        if c == 0x3A:
            if i == 0:
                raise URLError("missing protocol scheme")
            return raw[:i], raw[i + 1 :]
        return b"", raw
    return b"", raw


def _parse(raw: bytes) -> URL:
    if any(c < 0x20 or c == 0x7F for c in raw):
        raise URLError("net/url: invalid control character in URL")
    url = URL()
    if raw == b"*":
        url.path = b"*"
        return url
    scheme, rest = _scheme(raw)
    url.scheme = scheme.lower()
    if rest.endswith(b"?") and rest.count(b"?") == 1:
        rest = rest[:-1]  # ForceQuery: a `?` with nothing after it
    else:
        rest, _, url.raw_query = rest.partition(b"?")
    if not rest.startswith(b"/"):
        if url.scheme:
            url.opaque = rest
            return url
        if b":" in rest.partition(b"/")[0]:
            raise URLError("first path segment in URL cannot contain colon")
    if (url.scheme or not rest.startswith(b"///")) and rest.startswith(b"//"):
        authority, slash, path = rest[2:].partition(b"/")
        rest = slash + path
        url.user, url.host = _authority(url.scheme, authority)
    url.path = unescape(rest, PATH)
    return url


def _authority(scheme: bytes, authority: bytes) -> tuple[Userinfo | None, bytes]:
    at = authority.rfind(b"@")
    host = _host(scheme, authority[at + 1 :])
    if at < 0:
        return None, host
    userinfo = authority[:at]
    if not _valid_userinfo(userinfo):
        raise URLError("net/url: invalid userinfo")
    if b":" not in userinfo:
        return Userinfo(unescape(userinfo, USER_PASSWORD)), host
    username, _, password = userinfo.partition(b":")
    user = unescape(username, USER_PASSWORD)
    return Userinfo(user, unescape(password, USER_PASSWORD), True), host


_USERINFO = _ALNUM | frozenset(b"-._:~!$&'()*+,;=%@")


def _valid_userinfo(userinfo: bytes) -> bool:
    return all(c in _USERINFO for c in userinfo)


def _host(scheme: bytes, host: bytes) -> bytes:
    """Go 1.26's parseHost: `host[:port]`, unescaped, an IP literal checked."""
    bracket = host.rfind(b"[")
    if bracket > 0:
        raise URLError("invalid IP-literal")
    if bracket == 0:
        close = host.rfind(b"]")
        if close < 0:
            raise URLError("missing ']' in host")
        colon_port = host[close + 1 :]
        if not _valid_optional_port(colon_port):
            raise URLError(f"invalid port {_q(colon_port)} after host")
        name = host[1:close]
        zone = name.find(b"%25")
        if zone >= 0:
            name = unescape(name[:zone], HOST) + unescape(name[zone:], ZONE)
        else:
            name = unescape(name, HOST)
        try:
            version = parse_addr(name)
        except AddrError as err:
            raise URLError(f"invalid host: {err}") from None
        if version == 4:
            raise URLError("invalid IP-literal")
        return b"[" + name + b"]" + colon_port
    colon = host.find(b":")
    if colon >= 0:
        last = host.rfind(b":")
        if last != colon and scheme not in (b"http", b"https"):
            colon = last  # a list of hosts: the port follows the last colon
        colon_port = host[colon:]
        if not _valid_optional_port(colon_port):
            raise URLError(f"invalid port {_q(colon_port)} after host")
    return unescape(host, HOST)


def _valid_optional_port(port: bytes) -> bool:
    """`""` or `:` and digits."""
    if not port:
        return True
    return port[0] == 0x3A and all(0x30 <= c <= 0x39 for c in port[1:])
