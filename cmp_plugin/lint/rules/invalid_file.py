"""invalid-file (error): a file of the repository argocd-fleet cannot read or use.

Reported for any YAML file of the repository (Helm chart `templates/` folders excepted,
they hold Go templates) that:

- is not valid YAML (the line of the syntax error), or not UTF-8;
- is larger than `ARGOCD_FLEET_MAX_FILE_BYTES`, nested deeper than `ARGOCD_FLEET_MAX_DEPTH`
  or expands past `ARGOCD_FLEET_MAX_NODES` through aliases;
- is a fleet member that registration refuses (no `clusterName`, a deployment flag other
  than "true"/"false", a cluster registered twice, ...), or makes its fleet-secret values
  unreadable.

Why an error: the engine refuses such a file, so the sync of every Application that reads
it fails. The rest of the repository is still checked; rules that need the file's content
skip it.

Example::

    addons/tenants/team-a/defaults/application-sets/addons.yaml:3: error: invalid YAML:
    mapping values are not allowed in this context [invalid-file]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import INVALID_FILE, Context
from ..core import ERROR, Finding

ID = INVALID_FILE
SEVERITY = ERROR


def check(context: Context) -> Iterator[Finding]:
    yield from context.problems
