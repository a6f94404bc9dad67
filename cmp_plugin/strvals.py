"""Helm's `--set` syntax: `a.b=c`, `list[0]=x`, `a={x,y}`, `a\\.b=c`, comma-separated.

Types follow Helm's rules for `--set`: `true`/`false` (any case) are booleans, `null` is null,
whole numbers without a leading zero are integers, everything else is a string.
`--set-string` keeps every value a string.
"""

from __future__ import annotations

from typing import Any

from .errors import UsageError

MAX_INDEX = 65536


def parse_into(expression: str, values: dict[str, Any], *, as_string: bool = False) -> None:
    """Apply one `--set` expression (possibly several comma-separated) to `values`."""
    _Parser(expression, as_string).assignments(values)


def typed_value(text: str, as_string: bool = False) -> Any:
    if as_string:
        return text
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered == "null":
        return None
    if text == "0":
        return 0
    if text and text[0] != "0":
        body = text[1:] if text[0] in "+-" else text
        # At most 19 digits: the int64 range below, and far from Python's conversion limit.
        if body.isdigit() and body.isascii() and not body.startswith("0") and len(body) <= 19:
            number = int(text)
            if -(2**63) <= number < 2**63:
                return number
    return text


class _Parser:
    def __init__(self, text: str, as_string: bool) -> None:
        self.text = text
        self.pos = 0
        self.as_string = as_string

    def fail(self, message: str) -> UsageError:
        return UsageError(f"--set {self.text!r}: {message}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def read_until(self, stops: str) -> tuple[str, str]:
        """Characters up to one of `stops` (honouring backslash escapes), and the stop ('' at end)."""
        out = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            self.pos += 1
            if char == "\\":
                if self.pos >= len(self.text):
                    raise self.fail("ends with a lone backslash")
                out.append(self.text[self.pos])
                self.pos += 1
            elif char in stops:
                return "".join(out), char
            else:
                out.append(char)
        return "".join(out), ""

    def assignments(self, values: dict[str, Any]) -> None:
        if not self.text:
            raise self.fail("is empty")
        while self.pos < len(self.text):
            self.key(values)

    def key(self, target: dict[str, Any]) -> None:
        name, stop = self.read_until("=[.,")
        if not name:
            raise self.fail("a key is empty")
        if stop in ("", ","):
            raise self.fail(f"key {name!r} has no value")
        if stop == "=":
            target[name] = self.value()
        elif stop == ".":
            child = target.get(name)
            if not isinstance(child, dict):
                child = {}
                target[name] = child
            self.key(child)
        else:  # "["
            current = target.get(name)
            target[name] = self.index(current if isinstance(current, list) else [])

    def index(self, items: list[Any]) -> list[Any]:
        raw, stop = self.read_until("]")
        if stop != "]":
            raise self.fail("an index is not closed with ]")
        if not raw.isdigit():
            raise self.fail(f"index {raw!r} is not a non-negative whole number")
        position = int(raw)
        if position > MAX_INDEX:
            raise self.fail(f"index {position} is larger than {MAX_INDEX}")
        while len(items) <= position:
            items.append(None)
        after = self.peek()
        self.pos += 1
        if after == "=":
            items[position] = self.value()
        elif after == ".":
            child = items[position] if isinstance(items[position], dict) else {}
            items[position] = child
            self.key(child)
        elif after == "[":
            nested = items[position] if isinstance(items[position], list) else []
            items[position] = self.index(nested)
        else:
            raise self.fail(
                f"unexpected {after!r} after an index" if after else "ends after an index"
            )
        return items

    def value(self) -> Any:
        if self.peek() == "{":
            self.pos += 1
            items = []
            while True:
                item, stop = self.read_until(",}")
                if stop == "":
                    raise self.fail("a list value is not closed with }")
                items.append(typed_value(item, self.as_string))
                if stop == "}":
                    break
            following = self.peek()
            if following not in ("", ","):
                raise self.fail(f"unexpected {following!r} after a list value")
            self.pos += 1
            return items
        text, _ = self.read_until(",")
        return typed_value(text, self.as_string)
