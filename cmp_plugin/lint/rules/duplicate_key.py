"""duplicate-key (error): a key written twice in the same mapping of a YAML file.

Every YAML file of the repository is checked (Helm chart `templates/` excepted), and the
bootstrap values embedded in a plugin Application(Set); every repeat is reported, at any
depth, with the line of the first.

Why an error: YAML forbids it, readers disagree on which value wins (PyYAML and Helm keep
the last, silently; argocd-fleet refuses the file), so the value the author sees first is
not the one that applies.

Example::

    addons/bootstrap/defaults/addons.yaml:9: error: duplicate key 'enabled' (first at
    line 7; only one of them can apply) [duplicate-key]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..core import ERROR, Finding

ID = "duplicate-key"
SEVERITY = ERROR


def check(context: Context) -> Iterator[Finding]:
    yaml_files = [*context.files.values(), *(v.yaml for v in context.value_files)]
    for yaml_file in yaml_files:
        known = yaml_file.first_line >= 0  # else embedded text whose place is not known
        offset = yaml_file.first_line if known else 0
        for duplicate in yaml_file.duplicates:
            first = f"first at line {duplicate.first_line + offset}; " if known else ""
            yield Finding(
                yaml_file.path,
                duplicate.line + offset if known else 1,
                SEVERITY,
                ID,
                f"duplicate key {duplicate.key!r} ({first}only one of them can apply)",
            )
