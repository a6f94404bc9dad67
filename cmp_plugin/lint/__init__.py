"""Repository lint for `argocd-fleet validate`.

`context.Context` reads the fleet repository once (files with their lines, clusters,
releases, values, the fleet preview); each module of `rules/` checks one thing and documents
it in its docstring; `core` runs them, gives each finding its rule's level and sorts them;
`config` reads which rules run at which level (`.argocd-fleet.yaml`); `checks` is what
`validate` runs; `report` writes the findings.
"""

from __future__ import annotations

from .core import ERROR, WARNING, Finding, counts, lint

__all__ = ["ERROR", "WARNING", "Finding", "counts", "lint"]
