"""The parse tree of a template: Go's `text/template/parse` nodes.

Each node keeps its position in the source (for error messages) and prints as Go prints it
(`str(node)`), which is what Go's execution errors quote: `executing "base" at <.a.b>: ...`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .literals import Number
from .printing import quote


@dataclass(eq=False, slots=True)
class Text:
    pos: int
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False, slots=True)
class Dot:
    pos: int

    def __str__(self) -> str:
        return "."


@dataclass(eq=False, slots=True)
class Nil:
    pos: int

    def __str__(self) -> str:
        return "nil"


@dataclass(eq=False, slots=True)
class Bool:
    pos: int
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass(eq=False, slots=True)
class NumberLit:
    pos: int
    number: Number

    def __str__(self) -> str:
        return self.number.text


@dataclass(eq=False, slots=True)
class String:
    pos: int
    quoted: str  # as written
    text: str  # the value

    def __str__(self) -> str:
        return self.quoted


@dataclass(eq=False, slots=True)
class Field:
    """`.a.b.c`: field names from dot."""

    pos: int
    ident: tuple[str, ...]

    def __str__(self) -> str:
        return "".join("." + name for name in self.ident)


@dataclass(eq=False, slots=True)
class Variable:
    """`$x` or `$x.a.b`: the variable name then field names."""

    pos: int
    ident: tuple[str, ...]
    slot: str = ""  # the Python name the compiler gives the declaration it refers to

    def __str__(self) -> str:
        return ".".join(self.ident)


@dataclass(eq=False, slots=True)
class Identifier:
    """A function name."""

    pos: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(eq=False, slots=True)
class Chain:
    """`(pipeline).a.b`: fields of a term that is not dot or a variable."""

    pos: int
    node: Operand
    fields: tuple[str, ...]

    def __str__(self) -> str:
        inner = f"({self.node})" if isinstance(self.node, Pipe) else str(self.node)
        return inner + "".join("." + name for name in self.fields)


@dataclass(eq=False, slots=True)
class Command:
    pos: int
    args: list[Operand] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, Pipe) else str(a) for a in self.args)


@dataclass(eq=False, slots=True)
class Pipe:
    pos: int
    line: int
    decl: list[Variable] = field(default_factory=list)
    is_assign: bool = False
    cmds: list[Command] = field(default_factory=list)

    def __str__(self) -> str:
        head = ""
        if self.decl:
            names = ", ".join(str(v) for v in self.decl)
            head = names + (" = " if self.is_assign else " := ")
        return head + " | ".join(str(c) for c in self.cmds)


@dataclass(eq=False, slots=True)
class Action:
    pos: int
    line: int
    pipe: Pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass(eq=False, slots=True)
class Branch:
    """`if`, `with` or `range` (`kind`), with its list and optional else list."""

    kind: str
    pos: int
    line: int
    pipe: Pipe
    body: list[Node]
    otherwise: list[Node] | None

    def __str__(self) -> str:
        text = "{{" + self.kind + " " + str(self.pipe) + "}}" + "".join(map(str, self.body))
        if self.otherwise is not None:
            text += "{{else}}" + "".join(map(str, self.otherwise))
        return text + "{{end}}"


@dataclass(eq=False, slots=True)
class TemplateCall:
    """`{{template "name" pipeline}}` (and the call a `block` makes)."""

    pos: int
    line: int
    name: str
    pipe: Pipe | None

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + quote(self.name) + "}}"
        return "{{template " + quote(self.name) + " " + str(self.pipe) + "}}"


@dataclass(eq=False, slots=True)
class Break:
    pos: int

    def __str__(self) -> str:
        return "{{break}}"


@dataclass(eq=False, slots=True)
class Continue:
    pos: int

    def __str__(self) -> str:
        return "{{continue}}"


Operand = Dot | Nil | Bool | NumberLit | String | Field | Variable | Identifier | Chain | Pipe
Node = Text | Action | Branch | TemplateCall | Break | Continue
LITERALS = (Bool, NumberLit, String, Nil)


def is_empty(nodes: list[Node]) -> bool:
    """Go's `IsEmptyTree`: only spaces (and comments)."""
    return all(isinstance(node, Text) and not node.text.strip(" \t\r\n\v\f") for node in nodes)
