"""Go's `net/netip.ParseAddr`, as far as `net/url` needs it: whether a text is an IPv4 address,
an IPv6 address (with an optional `%zone`), or neither, with Go's error message.

Go 1.26's rules (which `net/url` applies to a host in brackets since Go 1.24.8 and 1.25.2):
no leading zero in an IPv4 octet, at most four hex digits in an IPv6 group, an embedded IPv4
address only in the last 32 bits, a `::` that stands for at least one group, a zone that is not
empty. The texts are Go strings as bytes.
"""

from __future__ import annotations

from ..printing import quote
from .gounicode import from_go_bytes


class AddrError(ValueError):
    """`ParseAddr("in"): msg (at "rest")`, as Go's parseAddrError prints it."""

    def __init__(self, text: bytes, message: str, at: bytes = b"") -> None:
        where = f" (at {_q(at)})" if at else ""
        super().__init__(f"ParseAddr({_q(text)}): {message}{where}")


def _q(data: bytes) -> str:
    return quote(from_go_bytes(data))


_HEX = {c: int(chr(c), 16) for c in b"0123456789abcdefABCDEF"}


def parse_addr(text: bytes) -> int:
    """The version of the address `text` is (4 or 6), or AddrError."""
    for c in text:
        if c == 0x2E:  # '.'
            _parse_ipv4(text, 0, len(text))
            return 4
        if c == 0x3A:  # ':'
            _parse_ipv6(text)
            return 6
        if c == 0x25:  # '%': a zone without its address
            raise AddrError(text, "missing IPv6 address")
    raise AddrError(text, "unable to parse IP")


def _parse_ipv4(whole: bytes, start: int, end: int) -> None:
    """Go's parseIPv4Fields: `whole[start:end]` as a dotted quad; errors name `whole`."""
    part = whole[start:end]
    value = position = digits = 0
    for i, c in enumerate(part):
        if 0x30 <= c <= 0x39:
            if digits == 1 and value == 0:
                raise AddrError(whole, "IPv4 field has octet with leading zero")
            value = value * 10 + c - 0x30
            digits += 1
            if value > 255:
                raise AddrError(whole, "IPv4 field has value >255")
        elif c == 0x2E:
            if i == 0 or i == len(part) - 1 or part[i - 1] == 0x2E:
                raise AddrError(whole, "IPv4 field must have at least one digit", part[i:])
            if position == 3:
                raise AddrError(whole, "IPv4 address too long")
            position += 1
            value = digits = 0
        else:
            raise AddrError(whole, "unexpected character", part[i:])
    if position < 3:
        raise AddrError(whole, "IPv4 address too short")


def _parse_ipv6(whole: bytes) -> None:
    """Go's parseIPv6: groups of hex digits, one `::`, an embedded IPv4, a `%zone`."""
    rest, zone = whole, b""
    percent = whole.find(b"%")
    if percent >= 0:
        rest, zone = whole[:percent], whole[percent + 1 :]
        if not zone:
            raise AddrError(whole, "zone must be a non-empty string")
    ellipsis = -1
    if rest.startswith(b"::"):
        ellipsis, rest = 0, rest[2:]
        if not rest:
            return
    filled = 0
    while filled < 16:
        off, acc = 0, 0
        while off < len(rest) and rest[off] in _HEX:
            acc = (acc << 4) + _HEX[rest[off]]
            if off > 3:
                raise AddrError(whole, "each group must have 4 or less digits", rest)
            off += 1
        if off == 0:
            raise AddrError(whole, "each colon-separated field must have at least one digit", rest)
        if off < len(rest) and rest[off] == 0x2E:
            if ellipsis < 0 and filled != 12:
                message = "embedded IPv4 address must replace the final 2 fields of the address"
                raise AddrError(whole, message, rest)
            if filled + 4 > 16:
                message = "too many hex fields to fit an embedded IPv4 at the end of the address"
                raise AddrError(whole, message, rest)
            end = len(whole) - (len(zone) + 1 if zone else 0)
            _parse_ipv4(whole, end - len(rest), end)
            rest, filled = b"", filled + 4
            break
        filled += 2
        rest = rest[off:]
        if not rest:
            break
        if rest[0] != 0x3A:
            raise AddrError(whole, "unexpected character, want colon", rest)
        if len(rest) == 1:
            raise AddrError(whole, "colon must be followed by more characters", rest)
        rest = rest[1:]
        if rest[0] == 0x3A:
            if ellipsis >= 0:
                raise AddrError(whole, "multiple :: in address", rest)
            ellipsis, rest = filled, rest[1:]
            if not rest:
                break
    if rest:
        raise AddrError(whole, "trailing garbage after address", rest)
    if filled < 16 and ellipsis < 0:
        raise AddrError(whole, "address string too short")
    if filled == 16 and ellipsis >= 0:
        raise AddrError(whole, "the :: must expand to at least one field of zeros")
