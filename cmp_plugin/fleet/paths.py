"""The repository root, and paths that are guaranteed to stay inside it.

Paths are built from labels, annotations and names that anyone with write access to a
cluster secret or a values file controls. Every such path is checked twice: lexically (no
`..`, nothing absolute, no backslash or NUL) and after resolving symlinks (still under the
root). Nothing outside the repository is ever opened, and nothing but a regular file is
read: a FIFO would block the reader forever and a device or a directory is no YAML, so
either is an error naming the path rather than a file taken as missing.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

from ..errors import FleetError
from ..limits import LIMITS, Limits


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
        self._read: dict[str, bytes] = {}  # real path -> the bytes `read` gave in this run

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
        """Whether a regular file is at `relative`; anything else there is an error."""
        return self.file(relative, what) is not None

    def file(self, relative: str, what: str = "file") -> str | None:
        """The real path of the regular file at `relative`, or None when nothing is there.

        The type is checked before anything is opened: a FIFO, a device, a socket or a
        directory where a file is expected, a name too long or a symlink loop is an error.
        """
        real = self.path(relative, what)
        try:
            info = os.stat(real)
        except FileNotFoundError:
            return None
        except OSError as err:
            raise FleetError(f"{what}: {_os_problem(err)}", relative) from None
        if not stat.S_ISREG(info.st_mode):
            raise FleetError(f"{what} is {file_kind(info.st_mode)}, not a regular file", relative)
        return real

    def read(self, relative: str, what: str = "file", limits: Limits = LIMITS) -> bytes:
        """The bytes of the regular file at `relative` (one past the size limit at most)."""
        real = self.file(relative, what)
        if real is None:
            raise FleetError(f"{what} not found", relative)
        data = self._read[real] = read_regular(real, relative, limits)
        return data

    def remember(self, real: str, data: bytes) -> None:
        """Take `data` as what `read` gave for `real` (read by a worker of this run)."""
        self._read[real] = data

    def read_before(self, real: str) -> bytes | None:
        """The bytes `read` gave for the file at the real path `real` in this run, if it read
        it (a preview reads the member files, then looks for the hub bootstrap in them)."""
        return self._read.get(real)

    def confine(self, path: str, display: str, what: str = "file") -> str:
        """The real path of `path` (absolute, found by walking the checkout), refused if a
        symlink leads it outside the repository."""
        real = os.path.realpath(path)
        self._inside(real, display, what)
        return real

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


Listing = tuple[str, list[os.DirEntry[str]], list[os.DirEntry[str]]]


def walk(root: str) -> Iterator[Listing]:
    """`os.walk(root)` top-down with each folder's entries sorted by name, hidden and
    symlinked folders left out: (the folder's path relative to `root` with a trailing
    separator, "" for the root; its folders; its other entries). Prune the folders in place
    to skip them, as with os.walk. Each folder is listed once and nothing is `stat`ed: an
    entry says whether it is a symlink, and a file that is none is where its path says,
    since no folder on the way was a symlink. A folder that cannot be listed is left out.
    """
    pending = [(root, "")]  # folders still to list, the next one last
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=_name)
        except OSError:
            continue
        folders: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            if _is_folder(entry):
                if not entry.name.startswith(".") and not entry.is_symlink():
                    folders.append(entry)
            else:
                files.append(entry)
        yield prefix, folders, files
        pending.extend((entry.path, prefix + entry.name + os.sep) for entry in reversed(folders))


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # following a symlink, as os.walk sorts entries
    except OSError:
        return False


def find_repo_root(app_dir: str, source_path: str | None) -> str:
    """The checkout root for an Argo CD app directory.

    argocd-cmp-server runs the plugin in `<checkout>/<ARGOCD_APP_SOURCE_PATH>`; the root is
    that many levels up from the directory the plugin runs in. If that path is a symlink (or
    goes through one), the process's directory is the link's target and climbing from it
    would make another directory the root (another Application's checkout, say): so the
    path is walked back down from the root found, without following symlinks, and must lead
    to the app directory. Without the variable, the nearest ancestor holding `.git` or the
    `fleet/` folder is taken, else the directory itself.
    """
    physical = os.path.realpath(app_dir)
    if source_path is not None:
        parts = [p for p in source_path.replace("\\", "/").split("/") if p not in ("", ".")]
        if any(part == ".." for part in parts):
            raise FleetError(f"ARGOCD_APP_SOURCE_PATH {source_path!r} contains '..'")
        root = physical
        for _ in parts:
            root = os.path.dirname(root)
        _check_app_path(root, parts, physical, source_path)
        return root
    current = physical
    while True:
        if os.path.exists(os.path.join(current, ".git")) or os.path.isdir(
            os.path.join(current, "fleet", "bootstrap")
        ):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return physical
        current = parent


def _check_app_path(root: str, parts: list[str], app_dir: str, source_path: str) -> None:
    here = root
    for index, part in enumerate(parts):
        here = os.path.join(here, part)
        if os.path.islink(here):
            walked = "/".join(parts[: index + 1])
            raise FleetError(
                f"ARGOCD_APP_SOURCE_PATH {source_path!r}: {walked!r} is a symlink; the plugin "
                "does not follow a symlinked Application path (point the Application at the "
                "real directory)"
            )
    if here != app_dir or not os.path.isdir(here):
        raise FleetError(
            f"ARGOCD_APP_SOURCE_PATH {source_path!r} does not lead from the repository root to "
            "the directory the plugin runs in: the Application's path is (or goes through) a "
            "symlink, which the plugin does not follow"
        )


def file_kind(mode: int) -> str:
    """What a file of this mode is, in words, for messages."""
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _os_problem(err: OSError) -> str:
    if err.errno == errno.ENOTDIR:
        return "a folder on its path is a file"
    if err.errno == errno.ELOOP:
        return "a symlink on its path loops"
    return (err.strerror or str(err)).lower()


def read_regular(path: str, display: str, limits: Limits = LIMITS) -> bytes:
    """The bytes of the regular file `path` (one past the size limit at most).

    Opened without blocking and without following a final symlink, and its type checked on
    the open file: what was checked before opening cannot be swapped for a FIFO meanwhile.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as err:
        raise FleetError(f"cannot read: {_os_problem(err)}", display) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise FleetError(f"is {file_kind(mode)}, not a regular file", display)
        chunks = []
        remaining = limits.max_bytes + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    except OSError as err:
        raise FleetError(f"cannot read: {_os_problem(err)}", display) from None
    finally:
        os.close(descriptor)
