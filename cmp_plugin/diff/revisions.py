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
    tree = f"{commit}:{checkout.prefix}" if checkout.prefix else commit
    with tempfile.TemporaryDirectory(prefix="argocd-fleet-diff-") as scratch:
        target = os.path.join(scratch, "tree")
        os.mkdir(target)
        _extract(checkout, tree, target, revision, skipped)
        yield target


def _extract(
    checkout: GitCheckout,
    tree: str,
    target: str,
    revision: str,
    skipped: Warn,
) -> None:
    def refuse_unsafe(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError as err:
            skipped(f"{member.name} skipped: {err}")
            return None

    # From the top: run in a subfolder, git archive keeps only that subfolder of the tree.
    command = ["git", "-C", checkout.toplevel, "archive", "--format=tar", tree]
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
            return
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
