"""The repository root, and paths that are guaranteed to stay inside it.

Paths are built from labels, annotations and names that anyone with write access to a
cluster secret or a values file controls. Every such path is checked twice: lexically (no
`..`, nothing absolute, no backslash or NUL) and after resolving symlinks (still under the
root). Nothing outside the repository is ever opened.
"""

from __future__ import annotations

import os

from ..errors import FleetError
from ..record import Record


def check_segment(value: str, what: str, *, allow_slash: bool = False) -> str:
    """A piece of a path taken from a label or a name: refuse anything that could climb out."""
    if not value:
        raise FleetError(f"{what} is empty")
    bad = "\x00\\" + ("" if allow_slash else "/")
    if any(char in value for char in bad):
        raise FleetError(f"{what} {value!r} contains a character not allowed in a path")
    if value.startswith("/") or os.path.isabs(value):
        raise FleetError(f"{what} {value!r} is an absolute path; it must be inside the repository")
    if any(part in ("..", ".") for part in value.split("/")):
        raise FleetError(f"{what} {value!r} would leave its folder ('.' or '..')")
    return value


class Repo(Record):
    """A fleet repository checkout; `root` is its real (symlink-free) path."""

    root: str

    @classmethod
    def at(cls, directory: str) -> Repo:
        if not os.path.isdir(directory):
            raise FleetError("repository directory does not exist", directory)
        return cls(os.path.realpath(directory))

    def path(self, relative: str, what: str = "path") -> str:
        """The absolute path of `relative`, refused if it (or a symlink in it) leaves the root."""
        while relative.startswith("./"):
            relative = relative[2:]
        check_segment(relative, what, allow_slash=True)
        joined = os.path.join(self.root, relative)
        real = os.path.realpath(joined)
        if real != self.root and not real.startswith(self.root + os.sep):
            raise FleetError(
                f"{what} {relative!r} leads outside the repository (through a symlink)"
            )
        return real

    def exists(self, relative: str, what: str = "path") -> bool:
        return os.path.isfile(self.path(relative, what))


def find_repo_root(app_dir: str, source_path: str | None) -> str:
    """The checkout root for an Argo CD app directory.

    argocd-cmp-server runs the plugin in `<checkout>/<ARGOCD_APP_SOURCE_PATH>`; the root is
    that many levels up. Without the variable, the nearest ancestor holding `.git` or the
    `fleet/` folder is taken, else the directory itself.
    """
    app_dir = os.path.realpath(app_dir)
    if source_path is not None:
        parts = [p for p in source_path.replace("\\", "/").split("/") if p not in ("", ".")]
        if any(part == ".." for part in parts):
            raise FleetError(f"ARGOCD_APP_SOURCE_PATH {source_path!r} contains '..'")
        root = app_dir
        for _ in parts:
            root = os.path.dirname(root)
        return root
    current = app_dir
    while True:
        if os.path.exists(os.path.join(current, ".git")) or os.path.isdir(
            os.path.join(current, "fleet", "bootstrap")
        ):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return app_dir
        current = parent
