"""The one error type of argocd-fleet, and the one place that prints it and says the exit status.

Every bad input becomes a `FleetError` carrying the file and line where known. Commands never
print errors themselves: `run` turns the exception into one line on stderr and returns the exit
status (1 for bad input, 2 for usage), and keeps tracebacks away from users.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

# What takes a warning: `warn` below, a collector, or a note that prefixes it.
Warn = Callable[[str], None]


class FleetError(Exception):
    """A problem with the input, reported as `file:line: message`.

    `keypath` is the location inside a values tree (e.g. `("external-dns", "enabled")`), used
    to find the line of a key after the fact when the error is raised far from the loader.
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        keypath: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.keypath = keypath

    def located(self, file: str | None, line: int | None = None) -> FleetError:
        """Fill in a location this error does not have yet; returns self."""
        if self.file is None and file is not None:
            self.file = file
            if self.line is None:
                self.line = line
        return self

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return where + _one_line(self.message)


class UsageError(FleetError):
    """The command line or the plugin parameters are malformed (exit status 2)."""

    exit_code = EXIT_USAGE


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def type_name(value: Any) -> str:
    """How a value's type is called in messages: YAML words, not Python ones."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def warn(message: str) -> None:
    """A diagnostic that does not stop the run; always on stderr, never on stdout."""
    sys.stderr.write(f"argocd-fleet: warning: {_one_line(message)}\n")


def note(message: str) -> None:
    """What a command chose on its own that the person should know; on stderr."""
    sys.stderr.write(f"argocd-fleet: note: {_one_line(message)}\n")


def report(err: FleetError) -> int:
    """Say `err` in one line on stderr; its exit status."""
    sys.stderr.write(f"argocd-fleet: error: {err}\n")
    sys.stderr.flush()
    return err.exit_code


def run(main: Callable[[], int | None]) -> int:
    """Run a command body; map every outcome to one line on stderr and an exit status."""
    try:
        from .limits import LIMITS

        LIMITS.check()  # a limit set wrongly in the environment is an error, not the default
        status = main()
    except FleetError as err:
        return report(err)
    except KeyboardInterrupt:
        sys.stderr.write("argocd-fleet: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not our error, and nothing left to say.
        silence_stdout()
        return EXIT_BAD_INPUT
    except RecursionError:
        return report(FleetError("input is nested too deeply to process"))
    except MemoryError:
        return report(FleetError("input is too large to process in memory"))
    except Exception as err:  # pragma: no cover - the last line of defence
        if os.environ.get("ARGOCD_FLEET_DEBUG"):
            raise
        sys.stderr.write(
            f"argocd-fleet: internal error: {type(err).__name__}: {_one_line(str(err))} "
            "(set ARGOCD_FLEET_DEBUG=1 for a traceback, and please report it)\n"
        )
        return EXIT_INTERNAL
    return status or 0


def silence_stdout() -> None:
    """Send what is left to write on stdout nowhere: its reader went away."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
