"""A git revision of the fleet repository, materialised in a temporary directory.

`git archive REV[:prefix]` is streamed into Python's tarfile with the `data` extraction filter:
the repository's work tree, index, HEAD and refs are never touched (no checkout, no worktree,
no lock taken). `--repo` may be a folder inside the git work tree (a fleet kept in a
subdirectory): that folder of the revision is materialised, as the repository's root.

As with any `git archive`: files marked `export-ignore` in `.gitattributes` are left out,
submodules are empty, and a symlink leading outside the tree is skipped (reported).
Every git command is run with an argument list, never through a shell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from ..errors import FleetError, UsageError, Warn

GIT_ENV = {
    "GIT_OPTIONAL_LOCKS": "0",  # read-only: never refresh the index behind the user's back
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",  # git's messages, which errors quote, in one language
    "GIT_LITERAL_PATHSPECS": "1",  # a path given is a path, never a pattern
}


@dataclass(frozen=True, slots=True)
class GitCheckout:
    """The git work tree that holds `directory`, and where in it `directory` is."""

    directory: str  # as the user gave it
    toplevel: str
    prefix: str  # "" at the top, else "sub/dir" (no trailing slash)


def locate(directory: str) -> GitCheckout:
    """The work tree of `directory`; an error when it is not in one."""
    if not os.path.isdir(directory):
        raise FleetError("repository directory does not exist", directory)
    if shutil.which("git") is None:
        raise FleetError("git is not installed (needed for --from/--to revisions)")
    toplevel = _git(directory, "rev-parse", "--show-toplevel")
    if toplevel.returncode != 0:
        raise FleetError(f"not a git repository ({_first_line(toplevel.stderr)})", directory)
    prefix = _git(directory, "rev-parse", "--show-prefix")
    if prefix.returncode != 0:
        raise FleetError(f"not a git work tree ({_first_line(prefix.stderr)})", directory)
    return GitCheckout(directory, toplevel.stdout.strip(), prefix.stdout.strip().rstrip("/"))


def resolve_commit(checkout: GitCheckout, revision: str) -> str:
    """The commit `revision` names; an error naming the revision when it names none."""
    if not revision or revision.startswith("-"):
        raise UsageError(f"invalid revision {revision!r}")
    found = _git(checkout.directory, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if found.returncode != 0 or not found.stdout.strip():
        raise FleetError(f"unknown revision {revision!r} (no such commit)", checkout.directory)
    commit = found.stdout.strip()
    if checkout.prefix:
        kind = _git(checkout.toplevel, "cat-file", "-t", f"{commit}:{checkout.prefix}")
        if kind.returncode != 0 or kind.stdout.strip() != "tree":
            raise FleetError(
                f"folder {checkout.prefix!r} of the repository does not exist at {revision}",
                checkout.directory,
            )
    return commit


@contextmanager
def materialised(checkout: GitCheckout, revision: str, skipped: Warn) -> Iterator[str]:
    """A temporary directory holding `revision` of the checkout's folder; removed on exit.

    `skipped` hears of each archive member the extraction filter refused (a symlink leading
    outside the tree, a device file).
    """
    commit = resolve_commit(checkout, revision)
    with revision_trees(checkout) as trees:
        trees.show(revision, commit, skipped)
        yield trees.root


@contextmanager
def revision_trees(checkout: GitCheckout) -> Iterator[Trees]:
    """A temporary directory for `Trees.show`; removed on exit."""
    with tempfile.TemporaryDirectory(prefix="argocd-fleet-diff-") as scratch:
        yield Trees(checkout, os.path.join(scratch, "tree"))


class Trees:
    """Revisions of the checkout's folder shown one after the other in one directory, `root`.

    The first is extracted whole. Each next one is made from the one before with what git
    says changed between their commits: the files changed or gone are removed, and so are
    the folders the new revision does not have that are left empty, then the files changed
    or added are extracted. Extracting thousands of files costs seconds on some file
    systems; two close revisions differ in a few. The members the extraction filter refuses
    are reported for each revision as a whole extraction reports them, in tree order.
    """

    def __init__(self, checkout: GitCheckout, root: str) -> None:
        self.checkout = checkout
        self.root = root
        self.commit: str | None = None
        self.refused: list[tuple[str, str]] = []  # (member, why) in the tree shown

    def show(self, revision: str, commit: str, skipped: Warn) -> None:
        """Make `root` hold `commit` (named `revision` in messages)."""
        changes = folders = None
        if self.commit is not None:
            changes = self._changes(self.commit, commit)
            folders = self._git_paths(
                "ls-tree", "-r", "-d", "-z", "--name-only", self._tree(commit)
            )
        if changes is None or folders is None or len(changes) > MAX_CHANGES:
            shutil.rmtree(self.root, ignore_errors=True)
            os.mkdir(self.root)
            self.refused = _extract(self.checkout, self._tree(commit), self.root, revision)
        else:
            self._apply(changes, set(folders), revision, commit)
        self.commit = commit
        for _member, why in self.refused:
            skipped(why)

    def _tree(self, commit: str) -> str:
        return f"{commit}:{self.checkout.prefix}" if self.checkout.prefix else commit

    def _changes(self, before: str, after: str) -> list[tuple[str, str]] | None:
        """(status letter, path) of each file that differs; None if git cannot say."""
        trees = (self._tree(before), self._tree(after))
        fields = self._git_paths("diff-tree", "-r", "-z", "--no-renames", "--name-status", *trees)
        if fields is None:
            return None
        return [(fields[i][:1], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]

    def _git_paths(self, *args: str) -> list[str] | None:
        """The NUL-separated output of a git command, as paths; None when git fails."""
        try:
            done = subprocess.run(
                ["git", "-C", self.checkout.toplevel, *args],
                capture_output=True, env=_env(), stdin=subprocess.DEVNULL, check=False,
            )  # fmt: skip
        except OSError:
            return None
        if done.returncode != 0:
            return None
        return [os.fsdecode(part) for part in done.stdout.split(b"\0") if part]

    def _apply(
        self, changes: list[tuple[str, str]], folders: set[str], revision: str, commit: str
    ) -> None:
        for _status, path in changes:
            _remove(os.path.join(self.root, path))
        for parent in sorted({p for _, path in changes for p in _parents(path)}, reverse=True):
            full = os.path.join(self.root, parent)
            if parent not in folders and os.path.isdir(full) and not os.listdir(full):
                os.rmdir(full)
        added = [path for status, path in changes if status != "D"]
        refused = _extract(self.checkout, self._tree(commit), self.root, revision, added)
        touched = {path for _, path in changes}
        kept = [entry for entry in self.refused if entry[0] not in touched]
        self.refused = sorted(kept + refused)


# More files changed than this: the revision is extracted whole (the paths are arguments).
MAX_CHANGES = 2000


def _parents(path: str) -> Iterator[str]:
    """`a/b/c` -> `a/b`, `a` (the folders a removed file leaves, deepest first)."""
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path


def _remove(path: str) -> None:
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):  # a submodule's empty folder
        shutil.rmtree(path)


def _extract(
    checkout: GitCheckout, tree: str, target: str, revision: str, paths: list[str] | None = None
) -> list[tuple[str, str]]:
    """Extract `tree` (or only `paths` of it) into `target`; the members refused, and why."""
    refused: list[tuple[str, str]] = []

    def refuse_unsafe(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError as err:
            refused.append((member.name, f"{member.name} skipped: {err}"))
            return None

    if paths == []:
        return refused
    # From the top: run in a subfolder, git archive keeps only that subfolder of the tree.
    command = ["git", "-C", checkout.toplevel, "archive", "--format=tar", tree]
    if paths:
        command += ["--", *paths]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, env=_env(), stdin=subprocess.DEVNULL
        )
        stream: IO[bytes] = process.stdout  # type: ignore[assignment]
        failure: Exception | None = None
        try:
            with tarfile.open(fileobj=stream, mode="r|") as archive:
                archive.extractall(target, filter=refuse_unsafe)
        except (tarfile.TarError, OSError) as err:
            failure = err
        finally:
            # Closing the pipe ends a git still writing (EPIPE), whatever stopped the reading.
            stream.close()
            status = process.wait()
        if failure is None and status == 0:
            return refused
        errors.seek(0)
        said = _first_line(errors.read().decode("utf-8", "replace")) or str(failure)
        raise FleetError(f"cannot materialise revision {revision}: {said}", checkout.directory)


def _git(directory: str, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", directory, *args],
            capture_output=True,
            text=True,
            env=_env(),
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except OSError as err:
        raise FleetError(f"cannot run git: {err.strerror or err}") from None


def _env() -> dict[str, str]:
    return {**os.environ, **GIT_ENV}


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""
