"""Comparing what two revisions of a fleet repository render (`argocd-fleet diff`).

- `revisions.py`: a git revision of the repository, materialised in a temporary directory
  (`git archive`, nothing in the repository changes);
- `sides.py`: one side of the comparison, previewed as `argocd-fleet preview` does;
- `compare.py`: the comparison of two previews, pure (no I/O);
- `report.py`: the text and JSON writers of a `FleetDiff`;
- `markdown.py`: the pull-request comment (`-o markdown`);
- `guard.py`: the blast-radius limits (`--max-clusters`, `--max-removed`, `--protect`).
- `run.py`: the whole comparison, as the command runs it.
"""

# The size cap of the Markdown comment, here so that the command's --help reads it without
# importing the engine. GitHub takes 65,536 characters in one comment: the default leaves room
# for what a posting step adds (a sticky comment's header). Below the minimum, the summary
# itself might not fit.
DEFAULT_MAX_BYTES = 64_000
MIN_MAX_BYTES = 4_096
