"""The limits on YAML text, checked before libyaml builds anything and after the tree exists.

Building a document costs far more than its text: libyaml's composer makes a node object with
two marks for every value (some 400 bytes each, so a 4 MiB flow list of two million numbers
would take 800 MB), recurses once per nesting level (overflowing the C stack near 100,000),
and aliases let a small text stand for a huge tree. So the text is measured first, with cheap
upper bounds that only a suspicious text exceeds; such a text is then walked event by event
(libyaml's parser is an iterative state machine that holds one event at a time) to measure
the real depth and node count, and refused before it is composed. Aliases are measured on the
finished tree, with shared subtrees counted as often as they are referenced: in nodes, and in
bytes (a 1 MiB string aliased 256 times is a 256 MiB document).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import FleetError
from .limits import EXPANSION_FACTOR, LIMITS, Limits

try:  # events only: the resolver and constructors of yamlio's loader play no part here
    _EventLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _EventLoader = yaml.SafeLoader

_FLOW_OPEN = re.compile(r"[\[\]{}]")
# Every node of a document is opened by one of these characters or sits on a line of its own;
# a mapping adds its values, hence twice their count (plus the document) bounds the nodes.
_NODE_MARKS = ("\n", ",", ":", "-", "?", "[", "{")


def check_text(text: str, source: str, limits: Limits = LIMITS) -> int:
    """Refuse text nested too deeply or holding too many nodes, before it is parsed.

    Returns the number of nodes: exact when the text had to be walked, else an upper bound.
    """
    _check_flow_depth(text, source, limits)
    nodes = 2 * sum(text.count(mark) for mark in _NODE_MARKS) + 2
    deep = _block_depth_bound(text) > limits.max_depth
    if deep or nodes > limits.max_nodes:
        nodes = _walk_events(text, source, limits)
    return nodes


def check_nesting(text: str, source: str, limits: Limits = LIMITS) -> None:
    """`check_text` for callers that only want the refusal."""
    check_text(text, source, limits)


def _check_flow_depth(text: str, source: str, limits: Limits) -> None:
    """Flow collections (`[[[`): counting brackets is an upper bound of the depth, and cheap;
    only when it exceeds the limit is the text scanned line by line for the real depth."""
    if text.count("[") + text.count("{") <= limits.max_depth:
        return
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _FLOW_OPEN.finditer(line):
            if match.group() in "[{":
                depth += 1
                if depth > limits.max_depth:
                    raise FleetError(
                        f"nested deeper than the limit of {limits.max_depth} levels", source, number
                    )
            elif depth > 0:
                depth -= 1


def _block_depth_bound(text: str) -> int:
    """An upper bound of the block nesting (`- - - x`, indentation).

    A block collection is either more indented than its parent, at the same column (a
    sequence under a key), or opened by an indicator (`-`, `?`) on the line, so the depth at
    a line is at most twice its indentation plus its indicators plus two.
    """
    bound = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        estimate = 2 * (len(line) - len(stripped)) + stripped.count("-") + stripped.count("?") + 2
        bound = max(bound, estimate)
    return bound


def _walk_events(text: str, source: str, limits: Limits) -> int:
    """The real depth and node count, from the parser's events; refused past the limits."""
    loader = _EventLoader(text)
    depth = nodes = 0
    opening = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                nodes += 1
            elif isinstance(event, opening):
                nodes += 1
                depth += 1
                if depth > limits.max_depth:
                    raise FleetError(
                        f"nested deeper than the limit of {limits.max_depth} levels",
                        source,
                        event.start_mark.line + 1 if event.start_mark else None,
                    )
            elif isinstance(event, closing):
                depth -= 1
            else:
                continue
            if nodes > limits.max_nodes:
                raise FleetError(
                    f"holds more than {limits.max_nodes} nodes "
                    "(raise the limit with ARGOCD_FLEET_MAX_NODES)",
                    source,
                    event.start_mark.line + 1,
                )
    except yaml.YAMLError:
        pass  # not valid YAML: parsing it properly reports where
    finally:
        loader.dispose()
    return nodes


def check_tree(data: Any, source: str, limits: Limits = LIMITS) -> int:
    """Enforce the depth, node and size budgets on a parsed tree, with aliases expanded.

    Returns the number of nodes (keys included). A subtree that aliases share is measured
    once and counted every time it is referenced.
    """
    if not isinstance(data, dict | list):
        return 1
    sizes: dict[int, tuple[int, int]] = {}  # id -> (nodes, bytes), with aliases expanded
    stack: list[tuple[Any, int, bool]] = [(data, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        is_dict = isinstance(node, dict)
        children = node.values() if is_dict else node
        if done:
            nodes, size = 1, 0
            if is_dict:
                nodes += len(node)
                size += sum(len(k) if isinstance(k, str) else 8 for k in node)
            for child in children:
                if isinstance(child, dict | list):
                    child_nodes, child_size = sizes[id(child)]
                    nodes += child_nodes
                    size += child_size
                else:
                    nodes += 1
                    size += len(child) if isinstance(child, str) else 8
            sizes[id(node)] = (nodes, size)
            _check_expanded(nodes, size, source, limits)
            continue
        if id(node) in sizes:
            continue
        if depth > limits.max_depth:
            raise FleetError(f"nested deeper than the limit of {limits.max_depth} levels", source)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if isinstance(c, dict | list))
    return sizes[id(data)][0]


def _check_expanded(nodes: int, size: int, source: str, limits: Limits) -> None:
    if nodes > limits.max_nodes:
        raise FleetError(f"expands to more than {limits.max_nodes} nodes (an alias bomb?)", source)
    if size > limits.max_expanded_bytes:
        raise FleetError(
            f"expands through aliases to more than {limits.max_expanded_bytes} bytes "
            f"({EXPANSION_FACTOR} x ARGOCD_FLEET_MAX_FILE_BYTES; an alias bomb?)",
            source,
        )
