"""The git files generator, on the repository's working tree.

Argo CD asks the repo-server for the files of the repository matching each `files[].path`
(a glob: `*` within a folder, `**` across), drops those an `exclude: true` entry matches, and
gives, per file, each object of the file (or of the list it holds) plus
`path.{path,basename,filename,basenameNormalized,filenameNormalized,segments}` (under
`<pathParamPrefix>.path` when set), then `values`. The preview reads the working tree, not
`revision`, and never outside the repository root. A templated `path` inside a matrix has
been rendered with the first generator's parameters before this runs (`interpolation.py`).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import FleetError
from ..fleet.paths import read_regular
from ..gotemplate import json_like, sanitize_name
from ..yamlio import load_text
from .params import (
    Generator,
    GeneratorContext,
    GeneratorError,
    GeneratorUnsupported,
    ParamSet,
    TypedList,
    values_renderer,
    with_values,
)


def git_generator(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    if body.get("directories"):
        raise GeneratorUnsupported("the git directories generator")
    files = body.get("files") or []
    if not isinstance(files, list) or not files:
        raise GeneratorError("the git generator needs files (or directories)")
    if context.repo_root is None:
        raise GeneratorUnsupported("the git files generator without a repository to read")
    patterns = [
        (str(f.get("path", "")), bool(f.get("exclude"))) for f in files if isinstance(f, Mapping)
    ]
    prefix = str(body.get("pathParamPrefix") or "")
    values = values_renderer(body.get("values"), context)
    root = os.path.realpath(context.repo_root)
    parsed: dict[str, list[dict[str, Any]]] = {}

    def generate(_clusters: Sequence[Any]) -> list[ParamSet]:
        selected: set[str] = set()
        removed: set[str] = set()
        for pattern, exclude in patterns:
            (removed if exclude else selected).update(_glob(root, pattern, context))
        result: list[ParamSet] = []
        for path in sorted(selected - removed):
            if path not in parsed:
                parsed[path] = _file_params(root, path, prefix)
            for params in parsed[path]:
                result.append(with_values(params, values, None))
        return result

    return generate


def _glob(root: str, pattern: str, context: GeneratorContext) -> list[str]:
    """Repository-relative files matching `pattern` (`*` within a folder, `**` across)."""
    cached = context.files.get(pattern)
    if cached is not None:
        return cached
    if not pattern or pattern.startswith("/") or ".." in pattern.split("/") or "\\" in pattern:
        raise GeneratorError(f"git files path {pattern!r} must stay inside the repository")
    found: list[str] = []
    for relative in glob.glob(pattern, root_dir=root, recursive=True, include_hidden=True):
        relative = relative.replace(os.sep, "/")
        if relative.startswith(".git/"):
            continue
        full = os.path.realpath(os.path.join(root, relative))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            continue
        found.append(relative)
    found.sort()
    context.files[pattern] = found
    return found


def _file_params(root: str, path: str, prefix: str) -> list[dict[str, Any]]:
    """`generateParamsFromGitFile`: one param set per object of the file, plus `path.*`."""
    try:
        data = load_text(read_regular(os.path.join(root, path), path), path)
    except FleetError as err:
        raise GeneratorError(f"unable to process file {path!r}: {err}") from None
    if data is None:
        objects: list[Any] = [{}]
    elif isinstance(data, Mapping):
        objects = [data]
    elif isinstance(data, list) and all(isinstance(item, Mapping) for item in data):
        objects = data
    else:
        raise GeneratorError(f"unable to process file {path!r}: not an object or a list of them")
    directory = os.path.dirname(path) or "."
    basename = os.path.basename(directory)
    filename = os.path.basename(path)
    path_params = {
        "path": directory,
        "basename": basename,
        "filename": filename,
        "basenameNormalized": sanitize_name(basename),
        "filenameNormalized": sanitize_name(filename),
        "segments": TypedList(directory.split("/")),
    }
    result = []
    for item in objects:
        params = json_like(item)
        if prefix:
            params[prefix] = {"path": dict(path_params)}
        else:
            params["path"] = dict(path_params)
        result.append(params)
    return result
