"""render (error): the hub cannot render a group.

The preview of each group starts as the plugin does on the hub: fleet mode with the hub's
labels, the group's bootstrap values, the value files of the hierarchy and the catalogs
(`argocd-fleet generate --repo . --group G --cluster HUB`). When that fails, this is the
one line the plugin would print, at the file and line it names (else the hub file): a
release `catalog:` folder that does not exist, a label or annotation the hierarchy needs
that the hub lacks, two releases producing the same ApplicationSet, a component the model
refuses, ...

A failure whose file already has an error of another rule (a syntax error, a duplicate key,
a schema error) is not repeated here.

Why an error: the hub's Application for that group fails to sync, so no cluster gets any
change of the group.

Example::

    fleet/bootstrap/catalogs/canary:1: error: the hub fleet-hub cannot render group addons:
    catalog directory does not exist [render]
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..context import Context
from ..core import ERROR, Finding

ID = "render"
SEVERITY = ERROR
DEFERS = True  # the core leaves out a finding in a file that has an error of another rule


def check(context: Context) -> Iterator[Finding]:
    hub = context.hub
    assert hub is not None, "the rules that need the clusters run only with a hub"
    for group in context.groups:
        context.preview(group)
        err = context.render_errors.get(group)
        if err is None:
            continue
        relative = context.relative_of(err.file)
        if relative is None and err.file and not os.path.isabs(err.file):
            relative = err.file  # a repository path that is no YAML file (a folder)
        file = context.display(relative) if relative else err.file or hub.where("")[0]
        yield Finding(
            file,
            err.line or 1,
            SEVERITY,
            ID,
            f"the hub {hub.cluster.name} cannot render group {group}: {err.message}",
        )
