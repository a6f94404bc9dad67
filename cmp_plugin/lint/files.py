"""The YAML files of a fleet repository, each read once, keeping nodes for lines.

The engine's loader (`yamlio`) stops at the first problem of a file; a linter must go on. A
`YamlFile` is therefore read in steps that each can fail on their own: the bytes (size,
UTF-8), the nesting limit, the composed node trees (syntax; every document of a stream),
every duplicate key (not only the first), then the data, built leniently (the last of
duplicate keys wins) so that the other rules can still look at the file. The first step that
fails is kept as `problem`, with its line; `data` is then None.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import yaml

from ..errors import FleetError
from ..fleet.paths import read_regular, walk
from ..record import Record, field
from ..yamlguard import check_nesting, check_tree
from ..yamlio import _Loader, decode, node_line, read_bytes


class _LenientLoader(_Loader):
    """The engine's loader (tags, go-yaml's scalars and keys) without the duplicate-key
    error: the last of duplicate keys wins, and `duplicates` reports them all."""

    duplicates_are_errors = False


class Duplicate(NamedTuple):
    key: str
    line: int
    first_line: int


class YamlFile(Record):
    """One YAML file (or stream): its text, node trees, duplicates and data.

    A `Record`, not a dataclass: `generate` reads its values files as these (for the
    unknown-key warnings), and importing dataclasses costs it ~5 ms.
    """

    path: str  # how findings name it (see Context.display)
    text: str = ""
    nodes: list[yaml.Node] = field(default_factory=list)
    documents: list[Any] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    problem: FleetError | None = None
    first_line: int = 0  # for text embedded in a bigger file: the lines before it

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def data(self) -> Any:
        """The first document (None when empty or unreadable)."""
        return self.documents[0] if self.ok and self.documents else None

    def line_of(self, keypath: Sequence[Any], document: int = 0) -> int:
        """The 1-based line of `keypath` (the nearest parent found), 1 when unknown."""
        if self.first_line < 0:
            return 1  # embedded text whose place in its file is not known
        node = self.nodes[document] if document < len(self.nodes) else None
        line = node_line(node, keypath) if node is not None else None
        return (line or 1) + self.first_line


def read_yaml(real_path: str, display: str, *, confined: bool = True) -> YamlFile:
    """A YAML file of the repository (`confined`: a regular file, opened without blocking),
    or one the person named on the command line (read as it is, a pipe included)."""
    try:
        raw = read_regular(real_path, display) if confined else read_bytes(real_path, display)
        text = decode(raw, display)
    except FleetError as err:
        return YamlFile(path=display, problem=err)
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str, first_line: int = 0) -> YamlFile:
    result = YamlFile(path=display, text=text, first_line=first_line)
    try:
        check_nesting(text, display)
    except FleetError as err:
        result.problem = err
        return result
    loader = _LenientLoader(text)
    try:
        while loader.check_node():
            result.nodes.append(loader.get_node())
        result.duplicates = list(duplicates(result.nodes))
        result.documents = [loader.construct_document(node) for node in result.nodes]
    except yaml.MarkedYAMLError as err:
        result.problem = _syntax_error(err, text, display)
    except yaml.YAMLError as err:
        result.problem = FleetError(f"invalid YAML: {err}", display)
    except RecursionError:
        result.problem = FleetError("nested too deeply to read", display)
    finally:
        loader.dispose()
    if result.problem is None:
        try:
            for document in result.documents:
                check_tree(document, display)
        except FleetError as err:
            result.problem = err
    if result.problem is not None:
        result.nodes, result.documents = [], []
        if result.problem.line and first_line > 0:
            result.problem.line += first_line
    return result


def _syntax_error(err: yaml.MarkedYAMLError, text: str, display: str) -> FleetError:
    # The same words as yamlio.load_text, so the engine and the linter describe it alike.
    mark = err.problem_mark or err.context_mark
    last = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    line = min(mark.line + 1, last) if mark else None
    problem = err.problem or err.context or "invalid YAML"
    if err.context and err.problem:
        problem = f"{err.problem} ({err.context})"
    return FleetError(f"invalid YAML: {problem}", display, line)


def duplicates(nodes: Sequence[yaml.Node]) -> Iterator[Duplicate]:
    """Every key written twice in one mapping, at any depth, in document order."""
    stack: list[yaml.Node] = list(reversed(nodes))
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:  # an alias: the same node again
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = (key_node.tag, key_node.value)
                line = key_node.start_mark.line + 1
                if key in first:
                    yield Duplicate(key_node.value, line, first[key])
                else:
                    first[key] = line
            stack.extend(value for _, value in reversed(node.value))
            stack.extend(key for key, _ in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def repository_yaml(root: str) -> Iterator[tuple[str, bool]]:
    """Repository-relative paths of the YAML files of the fleet, in path order, and whether
    each is a symlink.

    Hidden folders, symlinked folders and the `templates/` folder of a Helm chart (Go
    templates, not YAML) are left out, and so are symlinked files that stay inside the
    repository (their targets are listed themselves); one that leads outside is listed, for
    `invalid-file` to report it.
    """
    for prefix, folders, files in walk(root):
        if any(entry.name == "Chart.yaml" for entry in files):
            folders[:] = [entry for entry in folders if entry.name != "templates"]
        for entry in files:
            if not entry.name.endswith((".yaml", ".yml")):
                continue
            linked = entry.is_symlink()
            if not linked or _leads_outside(entry.path, root):
                yield (prefix + entry.name).replace(os.sep, "/"), linked


def _leads_outside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return real != root and not real.startswith(root + os.sep)
