"""`Record`: a typed value class for the plugin's start-up path.

The plugin runs as a new process on every refresh of every Application, with about 50 ms
to spend. `dataclasses` imports `inspect` (12 ms here) and generates each class's methods
with `exec` (3 to 5 ms for a class of 40 fields): a third of that budget before any work.
Modules on the generate path therefore declare their models as `Record` subclasses: the
class annotations are the fields (type checkers and readers see them), a class attribute is
a default, `field(default_factory=dict)` a default made anew for each instance, `__init__`
takes the fields by name only (a call reads as what it builds, and a field added or moved
cannot shift the others), and instances compare and print like dataclasses. Modules off that
path use dataclasses.

`typing.dataclass_transform` tells type checkers that much, so that mypy checks every
construction of a Record as it checks a dataclass's; `typing` is imported on the plugin's
path anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A default made anew for each instance: `labels: dict[str, str] = field(default_factory=dict)`."""
    return _Factory(default_factory)  # type: ignore[return-value]  # a marker __init__ resolves


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
class Record:
    _fields: tuple[str, ...] = ()
    _defaults: dict[str, object] = {}

    def __init_subclass__(cls) -> None:
        inherited = cls._fields
        own = [
            name
            for name in cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (no inspect)
            if not name.startswith("_") and name not in inherited
        ]
        defaults = dict(cls._defaults)
        for name in own:
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
                delattr(cls, name)
        cls._fields = inherited + tuple(own)
        cls._defaults = defaults

    def __init__(self, **values: object) -> None:
        unknown = [name for name in values if name not in self._fields]
        missing = [n for n in self._fields if n not in values and n not in self._defaults]
        if unknown or missing:
            raise TypeError(f"{type(self).__name__}: unknown {unknown}, missing {missing}")
        for name in self._fields:
            if name in values:
                value = values[name]
            else:
                value = self._defaults[name]
                if isinstance(value, _Factory):
                    value = value.make()
            setattr(self, name, value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"
