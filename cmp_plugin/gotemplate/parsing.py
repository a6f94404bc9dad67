"""Go's `text/template/parse` parser: the items of `lexing` become a set of named trees.

It follows Go's grammar and its errors: pipelines with `|` and declarations (`$x :=`, `$x =`,
`range $i, $v :=`), parenthesised pipelines and field chains on them, `if`/`else if`,
`with`/`else with` (Go 1.23), `range`/`else` with `break`/`continue` (only inside a range),
`define`, `template`, `block`, `end`. A function must exist when the template is parsed
(`function "required" not defined`), a variable must be declared before use. The main tree is
named `base`, as Argo CD names its template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import lexing as lx
from .lexing import Item
from .literals import SyntaxErr, parse_number, unquote
from .nodes import Action as ActionNode
from .nodes import (
    Bool,
    Branch,
    Break,
    Chain,
    Command,
    Continue,
    Dot,
    Field,
    Identifier,
    Nil,
    Node,
    NumberLit,
    Operand,
    Pipe,
    String,
    TemplateCall,
    Text,
    Variable,
    is_empty,
)

MAIN = "base"
MAX_PAREN_DEPTH = 10000


class ParseError(Exception):
    """The template does not parse; the message reads like Go's (`core`: without its
    `template: base:LINE: ` prefix)."""

    def __init__(self, message: str, core: str) -> None:
        super().__init__(message)
        self.core = core


@dataclass(frozen=True, slots=True)
class _Else:
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{else}}"


@dataclass(frozen=True, slots=True)
class _End:
    pos: int

    def __str__(self) -> str:
        return "{{end}}"


UNDEFINED_SLOT = "!undefined"  # an assignment to a variable never declared


class _Tree:
    """Parsing state of one tree (the main template, a define or a block body)."""

    def __init__(self, parser: Parser, name: str) -> None:
        self.p = parser
        self.name = name
        self.vars: list[tuple[str, str]] = [("$", "dollar")]  # (name, slot) in scope
        self.range_depth = 0
        self.stack_depth = 0

    # -- tokens ----------------------------------------------------------------------------

    def next(self) -> Item:
        return self.p.next()

    def backup(self) -> None:
        self.p.index -= 1

    def peek(self) -> Item:
        item = self.p.next()
        self.p.index -= 1
        return item

    def next_non_space(self) -> Item:
        item = self.next()
        while item.typ == lx.SPACE:
            item = self.next()
        return item

    def peek_non_space(self) -> Item:
        item = self.next_non_space()
        self.backup()
        return item

    def error(self, message: str) -> ParseError:
        return ParseError(f"template: {MAIN}:{self.p.line}: {message}", message)

    def expect(self, typ: str, context: str) -> Item:
        item = self.next_non_space()
        if item.typ != typ:
            raise self.unexpected(item, context)
        return item

    def unexpected(self, item: Item, context: str) -> ParseError:
        if item.typ == lx.ERROR:
            return self.error(str(item))
        return self.error(f"unexpected {item} in {context}")

    # -- lists -----------------------------------------------------------------------------

    def item_list(self) -> tuple[list[Node], _Else | _End]:
        nodes: list[Node] = []
        while self.peek_non_space().typ != lx.EOF:
            node = self.text_or_action()
            if isinstance(node, _Else | _End):
                return nodes, node
            nodes.append(node)
        raise self.error("unexpected EOF")

    def text_or_action(self) -> Node | _Else | _End:
        item = self.next_non_space()
        if item.typ == lx.TEXT:
            return Text(item.pos, item.val)
        if item.typ == lx.LEFT_DELIM:
            return self.action()
        raise self.unexpected(item, "input")

    def action(self) -> Node | _Else | _End:
        item = self.next_non_space()
        control = {
            lx.BLOCK: self.block_control,
            lx.BREAK: lambda: self.loop_control(item, Break(item.pos)),
            lx.CONTINUE: lambda: self.loop_control(item, Continue(item.pos)),
            lx.ELSE: self.else_control,
            lx.END: lambda: _End(self.expect(lx.RIGHT_DELIM, "end").pos),
            lx.IF: lambda: self.branch("if"),
            lx.RANGE: lambda: self.branch("range"),
            lx.TEMPLATE: self.template_control,
            lx.WITH: lambda: self.branch("with"),
        }.get(item.typ)
        if control is not None:
            return control()
        self.backup()
        item = self.peek()
        return ActionNode(item.pos, item.line, self.pipeline("command", lx.RIGHT_DELIM))

    def loop_control(self, keyword: Item, node: Break | Continue) -> Node:
        item = self.next_non_space()
        if item.typ != lx.RIGHT_DELIM:
            raise self.unexpected(item, "{{" + keyword.val + "}}")
        if self.range_depth == 0:
            raise self.error("{{" + keyword.val + "}} outside {{range}}")
        return node

    def else_control(self) -> _Else:
        item = self.peek_non_space()
        if item.typ in (lx.IF, lx.WITH):  # `else if`/`else with`: the keyword stays pending
            return _Else(item.pos, item.line)
        item = self.expect(lx.RIGHT_DELIM, "else")
        return _Else(item.pos, item.line)

    # -- control structures ----------------------------------------------------------------

    def branch(self, kind: str) -> Branch:
        mark = len(self.vars)
        try:
            pipe = self.pipeline(kind, lx.RIGHT_DELIM)
            if kind == "range":
                self.range_depth += 1
            body, stop = self.item_list()
            if kind == "range":
                self.range_depth -= 1
            otherwise: list[Node] | None = None
            if isinstance(stop, _Else):
                follow = self.peek()
                if kind in ("if", "with") and follow.typ == (lx.IF if kind == "if" else lx.WITH):
                    self.next()
                    otherwise = [self.branch(kind)]
                else:
                    otherwise, stop = self.item_list()
                    if not isinstance(stop, _End):
                        raise self.error(f"expected end; found {stop}")
            return Branch(kind, pipe.pos, pipe.line, pipe, body, otherwise)
        finally:
            del self.vars[mark:]

    def template_name(self, item: Item, context: str) -> str:
        if item.typ not in (lx.STRING, lx.RAW_STRING):
            raise self.unexpected(item, context)
        try:
            return unquote(item.val)
        except SyntaxErr as err:
            raise self.error(str(err)) from None

    def template_control(self) -> TemplateCall:
        item = self.next_non_space()
        name = self.template_name(item, "template clause")
        pipe = None
        if self.next_non_space().typ != lx.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline("template clause", lx.RIGHT_DELIM)
        return TemplateCall(item.pos, item.line, name, pipe)

    def block_control(self) -> TemplateCall:
        context = "block clause"
        item = self.next_non_space()
        name = self.template_name(item, context)
        pipe = self.pipeline(context, lx.RIGHT_DELIM)
        block = _Tree(self.p, name)
        body, stop = block.item_list()
        if not isinstance(stop, _End):
            raise self.error(f"unexpected {stop} in {context}")
        self.p.add(block, body)
        return TemplateCall(item.pos, item.line, name, pipe)

    def definition(self) -> None:
        context = "define clause"
        item = self.next_non_space()
        if item.typ not in (lx.STRING, lx.RAW_STRING):
            raise self.unexpected(item, context)
        self.name = self.template_name(item, context)
        self.expect(lx.RIGHT_DELIM, context)
        body, stop = self.item_list()
        if not isinstance(stop, _End):
            raise self.error(f"unexpected {stop} in {context}")
        self.p.add(self, body)

    # -- pipelines -------------------------------------------------------------------------

    def pipeline(self, context: str, end: str) -> Pipe:
        item = self.peek_non_space()
        pipe = Pipe(item.pos, item.line)
        self.declarations(pipe, context)
        while True:
            item = self.next_non_space()
            if item.typ == end:
                self.check_pipeline(pipe, context)
                return pipe
            if item.typ in _COMMAND_START:
                self.backup()
                pipe.cmds.append(self.command())
            else:
                raise self.unexpected(item, context)

    def declarations(self, pipe: Pipe, context: str) -> None:
        pending: list[Item] = []
        while True:
            variable = self.peek_non_space()
            if variable.typ != lx.VARIABLE:
                break
            self.next_non_space()
            at = self.p.index - 1
            follow = self.peek_non_space()
            if follow.typ in (lx.ASSIGN, lx.DECLARE):
                pipe.is_assign = follow.typ == lx.ASSIGN
                self.next_non_space()
                pending.append(variable)
                break
            if follow.typ == lx.CHAR and follow.val == ",":
                self.next_non_space()
                pending.append(variable)
                if context == "range" and len(pending) < 2:
                    if self.peek_non_space().typ in (lx.VARIABLE, lx.RIGHT_DELIM, lx.RIGHT_PAREN):
                        continue
                    raise self.error("range can only initialize variables")
                raise self.error(f"too many declarations in {context}")
            self.p.index = at  # an argument, not a declaration
            break
        scope = list(self.vars)
        for item in pending:
            if pipe.is_assign:  # `$x = ...` sets the last `$x` declared before this pipeline
                found = (s for n, s in reversed(scope) if n == item.val)
                slot = next(found, UNDEFINED_SLOT)
            else:
                slot = self.p.new_slot()
            self.vars.append((item.val, slot))
            pipe.decl.append(Variable(item.pos, (item.val,), slot))

    def check_pipeline(self, pipe: Pipe, context: str) -> None:
        if not pipe.cmds:
            raise self.error(f"missing value for {context}")
        for stage, command in enumerate(pipe.cmds[1:], start=2):
            if isinstance(command.args[0], Bool | Dot | Nil | NumberLit | String):
                raise self.error(f"non executable command in pipeline stage {stage}")

    def command(self) -> Command:
        command = Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                command.args.append(operand)
            item = self.next()
            if item.typ == lx.SPACE:
                continue
            if item.typ in (lx.RIGHT_DELIM, lx.RIGHT_PAREN):
                self.backup()
            elif item.typ != lx.PIPE:
                raise self.unexpected(item, "operand")
            break
        if not command.args:
            raise self.error("empty command")
        return command

    def operand(self) -> Operand | None:
        node = self.term()
        if node is None:
            return None
        if self.peek().typ != lx.FIELD:
            return node
        start = self.peek().pos
        fields: list[str] = []
        while self.peek().typ == lx.FIELD:
            fields.append(self.next().val[1:])
        if isinstance(node, Field):
            return Field(node.pos, (*node.ident, *fields))
        if isinstance(node, Variable):
            return Variable(node.pos, (*node.ident, *fields), node.slot)
        if isinstance(node, Bool | String | NumberLit | Nil | Dot):
            raise self.error(f"unexpected . after term {_go_quote(str(node))}")
        return Chain(start, node, tuple(fields))

    def term(self) -> Operand | None:
        item = self.next_non_space()
        typ = item.typ
        if typ == lx.IDENTIFIER:
            if not self.p.has_function(item.val):
                raise self.error(f"function {_go_quote(item.val)} not defined")
            return Identifier(item.pos, item.val)
        if typ == lx.DOT:
            return Dot(item.pos)
        if typ == lx.NIL:
            return Nil(item.pos)
        if typ == lx.VARIABLE:
            return self.use_variable(item)
        if typ == lx.FIELD:
            return Field(item.pos, tuple(item.val[1:].split(".")))
        if typ == lx.BOOL:
            return Bool(item.pos, item.val == "true")
        if typ in (lx.CHAR_CONSTANT, lx.COMPLEX, lx.NUMBER):
            try:
                return NumberLit(item.pos, parse_number(item.val, typ))
            except SyntaxErr as err:
                raise self.error(str(err)) from None
        if typ == lx.LEFT_PAREN:
            if self.stack_depth >= MAX_PAREN_DEPTH:
                raise self.error("max expression depth exceeded")
            self.stack_depth += 1
            try:
                return self.pipeline("parenthesized pipeline", lx.RIGHT_PAREN)
            finally:
                self.stack_depth -= 1
        if typ in (lx.STRING, lx.RAW_STRING):
            try:
                return String(item.pos, item.val, unquote(item.val))
            except SyntaxErr as err:
                raise self.error(str(err)) from None
        self.backup()
        return None

    def use_variable(self, item: Item) -> Variable:
        name = item.val
        for declared, slot in reversed(self.vars):
            if declared == name:
                return Variable(item.pos, (name,), slot)
        raise self.error(f"undefined variable {_go_quote(name)}")


_COMMAND_START = {
    lx.BOOL,
    lx.CHAR_CONSTANT,
    lx.COMPLEX,
    lx.DOT,
    lx.FIELD,
    lx.IDENTIFIER,
    lx.NUMBER,
    lx.NIL,
    lx.RAW_STRING,
    lx.STRING,
    lx.VARIABLE,
    lx.LEFT_PAREN,
}


class Parser:
    """Parses one template source into `trees` (name -> node list); `ParseError` otherwise."""

    def __init__(self, source: str, has_function: Callable[[str], bool]) -> None:
        self.items = lx.lex(source)
        self.index = 0
        self.read = 0  # how far the lexer has been read (Go's message quotes its line)
        self.has_function = has_function
        self.trees: dict[str, list[Node]] = {}
        self.slots = 0

    @property
    def line(self) -> int:
        return self.items[min(self.read, len(self.items)) - 1].line if self.read else 1

    def next(self) -> Item:
        item = self.items[min(self.index, len(self.items) - 1)]
        self.index += 1
        self.read = max(self.read, self.index)
        return item

    def new_slot(self) -> str:
        self.slots += 1
        return f"v{self.slots}"

    def add(self, tree: _Tree, body: list[Node]) -> None:
        existing = self.trees.get(tree.name)
        if existing is None or is_empty(existing):
            self.trees[tree.name] = body
        elif not is_empty(body):
            message = f"template: multiple definition of template {_go_quote(tree.name)}"
            raise tree.error(message)

    def parse(self) -> dict[str, list[Node]]:
        main = _Tree(self, MAIN)
        body: list[Node] = []
        while main.peek().typ != lx.EOF:
            if main.peek().typ == lx.LEFT_DELIM:
                at = self.index
                self.next()
                if main.next_non_space().typ == lx.DEFINE:
                    _Tree(self, "definition").definition()
                    continue
                self.index = at
            node = main.text_or_action()
            if isinstance(node, _Else | _End):
                raise main.error(f"unexpected {node}")
            body.append(node)
        self.add(main, body)
        return self.trees


def _go_quote(text: str) -> str:
    from .printing import quote

    return quote(text)


def parse(source: str, has_function: Callable[[str], bool]) -> dict[str, list[Node]]:
    """The trees of `source` by name (`base` is the template itself)."""
    return Parser(source, has_function).parse()
