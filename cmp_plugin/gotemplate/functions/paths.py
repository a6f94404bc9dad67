"""sprig's path functions: Go's `path` (`base`, `dir`, `clean`, `ext`, `isAbs`) and
`path/filepath` (`osBase`, `osClean`, `osDir`, `osExt`, `osIsAbs`), which on Linux, where
Argo CD runs, are the same slash-separated rules. Unlike Python's `posixpath`, Go's Clean turns
a leading `//` into `/` and an empty path into `.`.
"""

from __future__ import annotations

from .registry import gofunc


def clean(path: str) -> str:
    """Go's `path.Clean`: one slash between elements, `.` removed, `..` resolved lexically."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for element in path.split("/"):
        if element in ("", "."):
            continue
        if element == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(element)
    joined = "/".join(parts)
    if rooted:
        return "/" + joined
    return joined or "."


def base(path: str) -> str:
    """Go's `path.Base`: the last element, trailing slashes dropped; `.` for ``, `/` for `/`."""
    if not path:
        return "."
    path = path.rstrip("/")
    if not path:
        return "/"
    return path[path.rfind("/") + 1 :]


def dir_(path: str) -> str:
    """Go's `path.Dir`: all but the last element, cleaned."""
    return clean(path[: path.rfind("/") + 1])


def ext(path: str) -> str:
    """Go's `path.Ext`: from the last dot of the last element, or ""."""
    for i in range(len(path) - 1, -1, -1):
        if path[i] == "/":
            break
        if path[i] == ".":
            return path[i:]
    return ""


def is_abs(path: str) -> bool:
    return path.startswith("/")


for _prefix in ("", "os"):
    for _name, _body, _result in (
        ("base", base, "string"),
        ("dir", dir_, "string"),
        ("clean", clean, "string"),
        ("ext", ext, "string"),
        ("isAbs", is_abs, "bool"),
    ):
        _full = _prefix + (_name[0].upper() + _name[1:] if _prefix else _name)
        gofunc(_full, "string", result=_result)(_body)
