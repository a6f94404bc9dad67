"""The parse trees of a template turned into Python functions, one per tree.

Each template is translated once into Python source that does exactly what Go's executor
does, step by step, in Go's order: every argument of every call is evaluated (then checked
against its parameter's type), `and`/`or` stop at the deciding argument, a pipeline passes
each result as the last argument of the next command. What varies with the values goes
through `execution` (field lookups, argument checks, truth, range); constants are converted
when the template is compiled, and an error a constant causes is raised only if Go would
reach it. Generated names: `dot` and `dollar` (`.` and `$`), `vN` for variables, `_tN` for
temporaries, `_kN`/`_eN` for range keys and elements, globals `_gN` for constants.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import execution as ex
from .functions.registry import ANY, GoFunction
from .nodes import (
    LITERALS,
    Action,
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
    Pipe,
    String,
    TemplateCall,
    Text,
    Variable,
)
from .parsing import MAIN, UNDEFINED_SLOT
from .values import MISSING

_FIELDS = {mode: ex.Fields(mode) for mode in ("default", "zero", "error")}


class Compiler:
    def __init__(
        self,
        source: str,
        trees: dict[str, list[Node]],
        missingkey: str,
        lookup: Callable[[str], GoFunction],
        fast: bool = True,
    ) -> None:
        self.source = source
        self.fast = fast  # False: no shortcut (a property test compares both translations)
        self.trees = trees
        self.fields = _FIELDS[missingkey]
        self.lookup = lookup
        self.names = {name: f"_tree{i}" for i, name in enumerate(trees)}
        self.env: dict[str, Any] = {
            "__builtins__": {},
            "str": str,
            "MISSING": MISSING,
            "_F": self.fields,
            "_c1": self.fields.chains[0],
            "_c2": self.fields.chains[1],
            "_c3": self.fields.chains[2],
            "_v": ex.validate,
            "_vp": ex.validate_piped,
            "_truth": ex.truth,
            "_range": ex.range_items,
            "_pr": ex.printed,
            "_fail": ex.fail,
            "_NOFINAL": ex._NO_FINAL,
        }
        self.counter = 0
        self.tree = MAIN

    # -- helpers ---------------------------------------------------------------------------

    def const(self, value: Any) -> str:
        self.counter += 1
        name = f"_g{self.counter}"
        self.env[name] = value
        return name

    def temp(self) -> str:
        self.counter += 1
        return f"_t{self.counter}"

    def site(self, node: Any) -> str:
        """The `Site` of `node`: Go's error prefix and the node as written."""
        before = self.source[: node.pos]
        line = before.count("\n") + 1
        column = len(before[before.rfind("\n") + 1 :].encode("utf-8", "surrogateescape"))
        text = str(node)
        prefix = f'template: {MAIN}:{line}:{column}: executing "{self.tree}" at <{text}>: '
        return self.const((prefix, text))

    def chain(self, receiver: str, names: tuple[str, ...], site: str) -> str:
        """Field lookups: `.a.b` from `receiver`."""
        if not self.fast:
            return f"_F.slow({receiver}, {names!r}, {site})"
        if len(names) <= 3:
            args = ", ".join(repr(name) for name in names)
            return f"_c{len(names)}({receiver}, {args}, {site})"
        return f"_F.chain({receiver}, {names!r}, {site})"

    def fail(self, node: Any, message: str) -> str:
        return f"_fail({self.site(node)}, {message!r})"

    # -- trees -----------------------------------------------------------------------------

    def compile(self) -> dict[str, Callable[[Any], str]]:
        lines: list[str] = []
        for name, body in self.trees.items():
            self.tree = name
            lines.append(f"def {self.names[name]}(dot):")
            lines.append("    dollar = dot")
            simple = self.concatenation(body, "dot")
            if simple is not None:
                lines.append(f"    return {simple}")
                continue
            lines.append("    _o = []")
            lines.append("    _a = _o.append")
            self.statements(body, "dot", lines, 1)
            lines.append("    return ''.join(_o)")
        code = compile("\n".join(lines), "<go template>", "exec")
        exec(code, self.env)
        return {name: self.env[fn] for name, fn in self.names.items()}

    def concatenation(self, body: list[Node], dot: str) -> str | None:
        """The body as one expression, when it is only text and printing actions."""
        if not self.fast:
            return None
        parts: list[str] = []
        for node in body:
            if isinstance(node, Text):
                parts.append(repr(node.text))
            elif isinstance(node, Action) and not node.pipe.decl:
                parts.append(self.printed(node, dot))
            elif isinstance(node, Branch) and node.kind != "range" and not node.pipe.decl:
                value = self.temp()
                pipe = self.pipe(node.pipe, dot, unwrap=node.kind == "with")
                condition = self.truth(value, pipe, self.site(node))
                then = self.concatenation(node.body, value if node.kind == "with" else dot)
                otherwise = self.concatenation(node.otherwise or [], dot)
                if then is None or otherwise is None:
                    return None
                parts.append(f"(({then}) if {condition} else ({otherwise}))")
            else:
                return None
        return " + ".join(parts) if parts else "''"

    def truth(self, name: str, value: str, site: str) -> str:
        """Go's truth of `value`, kept in `name` (a string tested inline)."""
        if not self.fast:
            return f"_truth(({name} := {value}), {site})"
        return (
            f"(({name} != '') if ({name} := {value}).__class__ is str else _truth({name}, {site}))"
        )

    def printed(self, node: Action, dot: str) -> str:
        value = self.pipe(node.pipe, dot, unwrap=False)
        if not self.fast:
            return f"_pr({value}, {self.site(node)})"
        tmp = self.temp()
        return f"({tmp} if ({tmp} := {value}).__class__ is str else _pr({tmp}, {self.site(node)}))"

    def statements(self, body: list[Node], dot: str, lines: list[str], depth: int) -> None:
        pad = "    " * depth
        start = len(lines)
        for node in body:
            if isinstance(node, Text):
                lines.append(f"{pad}_a({node.text!r})")
            elif isinstance(node, Action):
                if node.pipe.decl:
                    self.declare(node.pipe, self.pipe(node.pipe, dot), lines, pad)
                else:
                    lines.append(f"{pad}_a({self.printed(node, dot)})")
            elif isinstance(node, Branch):
                self.branch(node, dot, lines, depth)
            elif isinstance(node, TemplateCall):
                lines.append(f"{pad}_a({self.template_call(node, dot, lines, pad)})")
            elif isinstance(node, Break):
                lines.append(f"{pad}break")
            elif isinstance(node, Continue):
                lines.append(f"{pad}continue")
        if len(lines) == start:
            lines.append(f"{pad}pass")

    def declare(self, pipe: Pipe, value: str, lines: list[str], pad: str) -> str:
        """Assign the pipeline's value to its variables; the name that holds the value."""
        tmp = self.temp()
        lines.append(f"{pad}{tmp} = {value}")
        for variable in pipe.decl:
            if variable.slot == UNDEFINED_SLOT:
                lines.append(f"{pad}{self.fail(variable, f'undefined variable: {variable}')}")
            else:
                lines.append(f"{pad}{variable.slot} = {tmp}")
        return tmp

    def branch(self, node: Branch, dot: str, lines: list[str], depth: int) -> None:
        pad = "    " * depth
        unwrap = node.kind != "if" or bool(node.pipe.decl)
        value = self.declare(node.pipe, self.pipe(node.pipe, dot, unwrap), lines, pad)
        site = self.site(node)
        if node.kind == "range":
            self.range_loop(node, dot, value, site, lines, depth)
            return
        lines.append(f"{pad}if {self.truth(self.temp(), value, site)}:")
        self.statements(node.body, value if node.kind == "with" else dot, lines, depth + 1)
        if node.otherwise is not None:
            lines.append(f"{pad}else:")
            self.statements(node.otherwise, dot, lines, depth + 1)

    def range_loop(
        self, node: Branch, dot: str, value: str, site: str, lines: list[str], depth: int
    ) -> None:
        pad = "    " * depth
        items, key, elem = self.temp(), self.temp(), self.temp()
        lines.append(f"{pad}{items} = _range({value}, {len(node.pipe.decl)}, {site})")
        lines.append(f"{pad}for {key}, {elem} in {items}:")
        decl = [v for v in node.pipe.decl if v.slot != UNDEFINED_SLOT]
        if len(node.pipe.decl) == 1 and decl:
            lines.append(f"{pad}    {decl[0].slot} = {elem}")
        elif len(node.pipe.decl) == 2:
            first, second = node.pipe.decl
            for variable, source in ((first, key), (second, elem)):
                if variable.slot != UNDEFINED_SLOT:
                    lines.append(f"{pad}    {variable.slot} = {source}")
        self.statements(node.body, elem, lines, depth + 1)
        if node.otherwise is not None:
            lines.append(f"{pad}if not {items}:")
            self.statements(node.otherwise, dot, lines, depth + 1)

    def template_call(self, node: TemplateCall, dot: str, lines: list[str], pad: str) -> str:
        """The call's output; a variable its pipeline declares is assigned first."""
        target = self.names.get(node.name)
        if target is None:  # Go looks the template up before evaluating the pipeline
            return self.fail(node, f'template "{node.name}" not defined')
        if node.pipe is None:
            return f"{target}(MISSING)"
        value = self.pipe(node.pipe, dot)
        if node.pipe.decl:
            value = self.declare(node.pipe, value, lines, pad)
        return f"{target}({value})"

    # -- pipelines and commands ------------------------------------------------------------

    def pipe(self, pipe: Pipe, dot: str, unwrap: bool = True) -> str:
        value: str | None = None
        for command in pipe.cmds:
            value = self.command(command, dot, value)
        assert value is not None
        if unwrap and _may_be_nil(pipe.cmds[-1], self.lookup):
            tmp = self.temp()
            return f"(MISSING if ({tmp} := {value}) is None else {tmp})"
        return value

    def command(self, cmd: Command, dot: str, final: str | None) -> str:
        """The command's value; `final` (the previous command's) is evaluated first."""
        head = cmd.args[0]
        inline = (
            isinstance(head, Identifier)
            and head.name not in ("and", "or")
            and all(isinstance(a, LITERALS) for a in cmd.args[1:])
        )  # a call of constants evaluates its last argument, the previous command, last
        if final is not None and not inline:
            tmp = self.temp()
            return f"(({tmp} := {final}), {self.command_value(cmd, dot, tmp)})[1]"
        return self.command_value(cmd, dot, final)

    def command_value(self, cmd: Command, dot: str, final: str | None) -> str:
        head, args = cmd.args[0], cmd.args[1:]
        if isinstance(head, Identifier):
            return self.call(self.lookup(head.name), head, cmd, args, dot, final)
        if isinstance(head, Field):
            return self.fields_of(dot, head.ident, head, args, dot, final)
        if isinstance(head, Chain):
            receiver = self.operand_value(head.node, dot)
            return self.fields_of(receiver, head.fields, head, args, dot, final)
        if isinstance(head, Variable) and len(head.ident) > 1:
            receiver = self.variable(head)
            return self.fields_of(receiver, head.ident[1:], head, args, dot, final)
        if args or final is not None:
            error = self.fail(head, f"can't give argument to non-function {head}")
            return error if final is None else f"({final}, {error})[1]"
        if isinstance(head, Pipe):
            return self.pipe(head, dot)
        if isinstance(head, Variable):
            return self.variable(head)
        if isinstance(head, Dot):
            return dot
        if isinstance(head, Nil):
            return self.fail(head, "nil is not a command")
        if isinstance(head, NumberLit):
            ok, value = ex.ideal_constant(head.number)
            return self.const(value) if ok else self.fail(head, value)
        return repr(head.text if isinstance(head, String) else head.value)

    def variable(self, node: Variable) -> str:
        if node.slot == UNDEFINED_SLOT:
            return self.fail(node, f"undefined variable: {node.ident[0]}")
        return node.slot

    def operand_value(self, node: Any, dot: str) -> str:
        """A value as Go's `evalArg` with no type gives it (a chain's receiver)."""
        if isinstance(node, Pipe):
            return self.pipe(node, dot)
        if isinstance(node, Identifier):
            return self.call(self.lookup(node.name), node, node, [], dot, None)
        return self.arg(node, ANY, dot)

    def fields_of(
        self,
        receiver: str,
        names: tuple[str, ...],
        node: Any,
        args: list[Any],
        dot: str,
        final: str | None,
    ) -> str:
        site = self.site(node)
        if not args and final is None:
            return self.chain(receiver, names, site)
        if len(names) > 1:
            receiver = self.chain(receiver, names[:-1], site)
        thunks = ", ".join(
            f"({self.const(a)}, None)"
            if isinstance(a, LITERALS)
            else f"(None, lambda: {self.arg(a, ex.RAW, dot)})"
            for a in args
        )
        last = "_NOFINAL" if final is None else final
        return f"_F.with_args({receiver}, {names[-1]!r}, [{thunks}], {last}, {site})"

    # -- calls -----------------------------------------------------------------------------

    def call(
        self,
        fn: GoFunction,
        ident: Identifier,
        cmd: Any,
        args: list[Any],
        dot: str,
        final: str | None,
    ) -> str:
        count = len(args) + (final is not None)
        types = ex.param_types(fn, count)
        if types is None:
            error = self.fail(ident, ex.arity_message(fn, count))
            return error if final is None else f"({final}, {error})[1]"
        if fn.name in ("and", "or") and fn.signature.params == (ex.RAW,):
            return self.and_or(fn.name == "and", args, dot, final)
        parts = [self.arg(a, t, dot) for a, t in zip(args, types, strict=False)]
        if final is not None:
            parts.append(f"_vp({final}, {types[-1]!r}, {self.site(ident)})")
        invoke = self.const(ex.invoker(fn, self.env[self.site(cmd)]))
        return f"{invoke}({', '.join(parts)})"

    def and_or(self, is_and: bool, args: list[Any], dot: str, final: str | None) -> str:
        values = [(self.arg(a, ex.RAW, dot), self.site(a)) for a in args]
        result = final
        if result is None:
            result, _ = values.pop()
        test = "not " if is_and else ""
        for value, site in reversed(values):
            tmp = self.temp()
            result = f"({tmp} if {test}_truth(({tmp} := {value}), {site}) else {result})"
        return result

    def arg(self, node: Any, typ: str, dot: str) -> str:
        """An argument of type `typ` (Go's `evalArg`)."""
        if isinstance(node, LITERALS):
            ok, value = ex.literal_arg(node, typ)
            return self.const(value) if ok else self.fail(node, value)
        if isinstance(node, Dot):
            value = dot
        elif isinstance(node, Field):
            value = self.chain(dot, node.ident, self.site(node))
        elif isinstance(node, Variable):
            value = self.variable(node)
            if len(node.ident) > 1:
                value = self.chain(value, node.ident[1:], self.site(node))
        elif isinstance(node, Pipe):
            value = self.pipe(node, dot)
        elif isinstance(node, Identifier):
            value = self.call(self.lookup(node.name), node, node, [], dot, None)
        else:  # a Chain
            receiver = self.operand_value(node.node, dot)
            value = self.fields_of(receiver, node.fields, node, [], dot, None)
        if typ == ex.RAW:
            return value
        site = self.site(node)
        if typ in (ANY, "string") and self.fast:
            tmp = self.temp()
            return f"({tmp} if ({tmp} := {value}).__class__ is str else _v({tmp}, {typ!r}, {site}))"
        return f"_v({value}, {typ!r}, {site})"


def _may_be_nil(cmd: Command, lookup: Callable[[str], GoFunction]) -> bool:
    """Whether the command can give a nil interface (which a pipeline turns into missing)."""
    head = cmd.args[0]
    if isinstance(head, LITERALS):
        return False
    if isinstance(head, Identifier):
        return lookup(head.name).signature.result in (ANY, ex.RAW)
    return True
