"""A small, fast YAML emitter for manifests (JSON-shaped data: maps, lists, scalars).

PyYAML's dumper builds a node graph in pure Python even with libyaml, which costs about
15 ms for the 14 ApplicationSets of the all-catalogs case: a third of the CLI's budget.
Manifests need little of YAML, so this writes block style directly: keys sorted, lists
indentless under their key (as `kubectl` and PyYAML print them), multi-line strings as
literal blocks. A string is written plain only when both PyYAML's YAML 1.1 resolver and
go-yaml v2's (what Argo CD and kubectl read manifests with: `y`, `1e3`, `0o17` and `08` are
booleans and numbers there) read it back as that same string; otherwise it is
single-quoted, or double-quoted (JSON escapes) when it has characters a single-quoted scalar
cannot hold. Tests check that every output loads back equal to the data.
"""

from __future__ import annotations

import json
import re

import yaml.resolver

from .goyamlrules import reads_as_string

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
# YAML readers look for the `:` of an implicit key within 1024 characters of its start.
_MAX_IMPLICIT_KEY = 1000
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
        and reads_as_string(text)
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
    """A literal block scalar for a multi-line string, or None when it cannot be one.

    A block keeps every character of its lines but normalises line breaks, so a string with
    CR, NEL, U+2028/U+2029 or another unprintable character is quoted instead; so is one with
    a blank at the end of a line, which editors and `git` strip. Content lines are indented
    two spaces deeper than their key or `-`: when the first line is empty or starts with a
    blank, the reader cannot find that indentation alone and the header says it (`|2`).
    Lines of the block never start at column 0, so `---` or `...` in them mark nothing.
    """
    if not _PRINTABLE.fullmatch(text) or not text.strip("\n"):
        return None  # a string of line breaks only would read back empty
    lines = text.split("\n")
    if any(line.endswith((" ", "\t")) for line in lines):
        return None
    header = "|2" if text.startswith((" ", "\t", "\n")) else "|"
    if text.endswith("\n\n"):
        header += "+"  # keep: every final line break is content
    elif not text.endswith("\n"):
        header += "-"  # strip: no final line break
    body = lines[:-1] if text.endswith("\n") else lines
    return header + "".join(f"\n{indent}{line}" if line else "\n" for line in body)


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
    # A document that is one string is quoted: at the top a block's indentation is read
    # differently by YAML 1.1 and 1.2 readers.
    if isinstance(value, str) and "\n" in value and not top:
        block = _block(value, indent)
        if block is not None:
            return (" " if not top else "") + block + "\n"
    return (" " if not top else "") + scalar(value) + "\n"


def _key(key: object, indent: str) -> str:
    """A mapping key and its `:`; `indent` is the mapping's own indentation."""
    text = string(str(key))
    if len(text) <= _MAX_IMPLICIT_KEY:
        return text + ":"
    return f"? {text}\n{indent}:"  # an explicit key: implicit ones end within 1024 characters


def _mapping(mapping: dict, indent: str, out: list[str]) -> None:
    for key in sorted(mapping, key=str):
        item = mapping[key]
        out.append(indent + _key(key, indent))
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
                out.append(prefix + _key(key, indent + "  "))
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
