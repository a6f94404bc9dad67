"""The repository root, and paths that are guaranteed to stay inside it.

Paths are built from labels, annotations and names that anyone with write access to a
cluster secret or a values file controls. Every such path is checked twice: lexically (no
`..`, nothing absolute, no backslash or NUL) and after resolving symlinks (still under the
root). Nothing outside the repository is ever opened.
"""

from __future__ import annotations

import os

from ..errors import FleetError


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


class Repo:
    """A fleet repository checkout; `root` is its real (symlink-free) path.

    Every path handed out is resolved component by component: a symlink anywhere on the way
    is followed and the result must still be under the root. Directories are resolved once
    and remembered, so checking thousands of value files costs one `lstat` per new folder,
    not a full `realpath` walk per file.
    """

    def __init__(self, root: str) -> None:
        self.root = root
        self._dirs: dict[str, str] = {"": root}

    def __repr__(self) -> str:
        return f"Repo({self.root!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Repo) and other.root == self.root

    __hash__ = None  # type: ignore[assignment]

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
        relative = relative.rstrip("/")
        folder, name = os.path.split(relative)
        real = self._resolve(os.path.join(self._folder(folder, relative, what), name))
        self._inside(real, relative, what)
        return real

    def exists(self, relative: str, what: str = "path") -> bool:
        return os.path.isfile(self.path(relative, what))

    def _folder(self, folder: str, relative: str, what: str) -> str:
        known = self._dirs.get(folder)
        if known is None:
            parent, name = os.path.split(folder)
            known = self._resolve(os.path.join(self._folder(parent, relative, what), name))
            self._inside(known, relative, what)
            self._dirs[folder] = known
        return known

    @staticmethod
    def _resolve(path: str) -> str:
        return os.path.realpath(path) if os.path.islink(path) else path

    def _inside(self, real: str, relative: str, what: str) -> None:
        if real != self.root and not real.startswith(self.root + os.sep):
            raise FleetError(
                f"{what} {relative!r} leads outside the repository (through a symlink)"
            )


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
