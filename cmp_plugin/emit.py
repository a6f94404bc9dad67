"""A small, fast YAML emitter for manifests (JSON-shaped data: maps, lists, scalars).

PyYAML's dumper builds a node graph in pure Python even with libyaml, which costs about
15 ms for the 14 ApplicationSets of the all-catalogs case: a third of the CLI's budget.
Manifests need little of YAML, so this writes block style directly: keys sorted, lists
indentless under their key (as `kubectl` and PyYAML print them), multi-line strings as
literal blocks. A string is written plain only when PyYAML's own YAML 1.1 resolver reads it
back as that same string; otherwise it is single-quoted, or double-quoted (JSON escapes)
when it has characters a single-quoted scalar cannot hold. Tests check that every output
loads back equal to the data.
"""

from __future__ import annotations

import json
import re

import yaml.resolver

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
# A plain scalar starts with none of YAML's indicators (`-?:,[]{}#&*!|>'"%@`).
_PLAIN = re.compile(r"[A-Za-z0-9_./$=+~^;()<\\][^\x00-\x1f\x7f]*")
# Characters YAML cannot hold raw (outside its printable set), and line breaks besides \n.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
_PRINTABLE = re.compile(
    "[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*"
)
_cache: dict[str, str] = {}


def scalar(value: object) -> str:
    """One scalar as YAML text."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    return string(str(value))


def string(text: str) -> str:
    known = _cache.get(text)
    if known is None:
        known = _cache[text] = _string(text)
    return known


def _string(text: str) -> str:
    if (
        _PLAIN.fullmatch(text)
        and _PRINTABLE.fullmatch(text)
        and not text.endswith((" ", ":"))
        and not text.startswith("...")  # a document end marker at the start of a line
        and ": " not in text
        and " #" not in text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR
    ):
        return text
    if _PRINTABLE.fullmatch(text) and "\n" not in text and "\t" not in text:
        return "'" + text.replace("'", "''") + "'"
    quoted = json.dumps(text, ensure_ascii=False)  # JSON escapes are YAML escapes
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)  # YAML 1.1 floats need a dot
    return text


def _block(text: str, indent: str) -> str | None:
    """A literal block scalar for a multi-line string, or None when it cannot be one."""
    if not _PRINTABLE.fullmatch(text) or text.startswith((" ", "\t")) or "\r" in text:
        return None
    if not text.strip("\n"):
        return None  # only line breaks: a block would read back empty
    lines = text.split("\n")
    if any(line != line.rstrip(" \t") for line in lines):
        return None
    if text.endswith("\n\n"):
        chomp = "+"
    elif text.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    body = text[:-1] if text.endswith("\n") else text
    if chomp == "+":
        body = text[:-1]
    return "|" + chomp + "".join(f"\n{indent}{line}" if line else "\n" for line in body.split("\n"))


def document(obj: object) -> str:
    """One YAML document (without the `---` separator), ending in a newline."""
    out: list[str] = []
    _value(obj, "", out, top=True)
    return "".join(out)


def _value(value: object, indent: str, out: list[str], top: bool = False) -> None:
    if isinstance(value, dict):
        if not value:
            out.append(" {}\n" if not top else "{}\n")
            return
        if not top:
            out.append("\n")
        _mapping(value, indent, out)
    elif isinstance(value, list):
        if not value:
            out.append(" []\n" if not top else "[]\n")
            return
        if not top:
            out.append("\n")
        _sequence(value, indent, out)
    else:
        out.append(_inline(value, indent, top))


def _inline(value: object, indent: str, top: bool = False) -> str:
    if isinstance(value, str) and "\n" in value:
        block = _block(value, indent)
        if block is not None:
            return (" " if not top else "") + block + "\n"
    return (" " if not top else "") + scalar(value) + "\n"


def _mapping(mapping: dict, indent: str, out: list[str]) -> None:
    for key in sorted(mapping, key=str):
        item = mapping[key]
        out.append(f"{indent}{string(str(key))}:")
        if isinstance(item, list) and item:
            out.append("\n")
            _sequence(item, indent, out)  # indentless, as kubectl and PyYAML print it
        else:
            _value(item, indent + "  ", out)


def _sequence(items: list, indent: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            out.append(f"{indent}- ")
            first = True
            for key in sorted(item, key=str):
                child = item[key]
                prefix = "" if first else f"{indent}  "
                first = False
                out.append(f"{prefix}{string(str(key))}:")
                if isinstance(child, list) and child:
                    out.append("\n")
                    _sequence(child, indent + "  ", out)
                else:
                    _value(child, indent + "    ", out)
        elif isinstance(item, list) and item:
            out.append(f"{indent}-\n")
            _sequence(item, indent + "  ", out)
        else:
            out.append(f"{indent}-")
            _value(item, indent + "  ", out)
