"""Comparing what two revisions of a fleet repository render (`argocd-fleet diff`).

- `revisions.py`: a git revision of the repository, materialised in a temporary directory
  (`git archive`, nothing in the repository changes);
- `sides.py`: one side of the comparison, previewed as `argocd-fleet preview` does;
- `compare.py`: the comparison of two previews, pure (no I/O);
- `report.py`: the text and JSON writers of a `FleetDiff`;
- `run.py`: the whole comparison, as the command runs it.
"""
