"""Component catalogs: the chart's `values/<name>.yaml`, as data handed to the engine.

`mergeValues.<name>.use: true` selects the catalog `<name>`. The engine reads catalogs, never
files: whoever builds a `Catalog` gives it the names it holds and how to load one, and the
catalog loads each on first use, once (a render selects few). The built-in catalog is the
chart's own (`Catalog.builtin`, from the package's data); a directory (`--catalog DIR`) or a
release's `catalog:` folder of the fleet repository is built by `fleet.catalogs`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from .. import data
from ..errors import FleetError
from ..sources import ValueSource

Names = Callable[[], list[str]]
Entries = Callable[[str], dict[str, Any] | None]  # a catalog's entries, None: no such catalog
Text = Callable[[str], str | None]  # a catalog's text, for lines; None: not known


class Catalog:
    """The component catalogs of one source (built in, a directory), loaded lazily by name.

    `display` names the source in messages; a catalog's own file is shown as
    `<prefix>/<name>.yaml`.
    """

    def __init__(
        self,
        display: str,
        names: Names,
        entries: Entries,
        text: Text | None = None,
        prefix: str | None = None,
    ) -> None:
        self.display = display
        self.prefix = prefix or display
        self._names = names
        self._entries = entries
        self._text = text
        self._cache: dict[str, dict[str, Any] | None] = {}

    @classmethod
    def builtin(cls) -> Catalog:
        return cls(
            "built-in catalog",
            data.catalog_names,
            data.catalog,
            data.catalog_text,
            prefix="<built-in catalog>",
        )

    def display_path(self, name: str) -> str:
        return posixpath.join(self.prefix, f"{name}.yaml")

    def get(self, name: str) -> dict[str, Any] | None:
        """The catalog `name`, or None when there is no such catalog."""
        if name not in self._cache:
            if not _is_catalog_name(name):
                raise FleetError(
                    f"mergeValues: {name!r} is not a catalog name", keypath=("mergeValues",)
                )
            self._cache[name] = self._entries(name)
        return self._cache[name]

    def source(self, name: str) -> ValueSource | None:
        """The catalog `name` with its text, for the lines of messages; None when there is
        no such catalog or its text cannot be read."""
        entries = self.get(name)
        if entries is None or self._text is None:
            return None
        text = self._text(name)
        if text is None:
            return None
        return ValueSource(display=self.display_path(name), text=text, data=entries)

    def names(self) -> list[str]:
        return self._names()


def _is_catalog_name(name: str) -> bool:
    """A name that can only mean a file of the catalog directory: one path segment, no
    control character (a NUL would reach the file system), not hidden, not over-long."""
    return (
        0 < len(name) <= 200
        and not name.startswith(".")
        and not any(char in name for char in "/\\")
        and name.isprintable()
    )
