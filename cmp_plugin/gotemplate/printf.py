"""Go's `fmt.Sprintf` for template values: verbs, flags, width, precision, argument indexes.

It follows Go's `fmt` (print.go, format.go): `%v %s %d %q %x %X %o %O %b %c %U %e %E %f %F
%g %G %t %T %%`, the flags `+ - # 0 space`, `*` widths and `[n]` indexes, and the renderings
of mistakes: `%!d(string=x)` (a verb that does not fit the value), `%!s(MISSING)`,
`%!(EXTRA int=1)`, `%!(NOVERB)`, `%!(BADWIDTH)`, `%!(BADPREC)`, `%!d(BADINDEX)`.
"""

from __future__ import annotations

from typing import Any

from .printfloat import format_float_verb, sharp_float
from .printing import can_backquote, quote, quote_rune
from .values import (
    MISSING,
    GoObject,
    GoSlice,
    NamedInt,
    NilPointer,
    NotKnowable,
    Uint64,
    Unknown,
    ordered,
    type_name,
)


class _Printer:
    """One `Sprintf` call: Go's `pp` with its `fmt` flags."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.clear_flags()

    def clear_flags(self) -> None:
        self.plus = self.minus = self.sharp = self.space = self.zero = False
        self.sharp_v = False
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False

    # -- padding ---------------------------------------------------------------------------

    def pad(self, text: str) -> None:
        if not self.wid_present or self.wid == 0:
            self.out.append(text)
            return
        width = self.wid - len(text)
        if width <= 0:
            self.out.append(text)
        elif self.minus:
            self.out.append(text + " " * width)
        else:
            self.out.append(("0" if self.zero else " ") * width + text)

    # -- arguments -------------------------------------------------------------------------

    def print_arg(self, arg: Any, verb: str) -> None:
        if isinstance(arg, Unknown):
            raise NotKnowable(arg.reason)
        if arg is None or arg is MISSING:
            if verb in "Tv":
                self.pad("<nil>")
            else:
                self.bad_verb(verb, arg)
            return
        if verb == "T":
            self.fmt_s(type_name(arg))
            return
        if verb == "p":
            self.bad_verb(verb, arg)
            return
        self.print_value(arg, verb, 0)

    def print_value(self, value: Any, verb: str, depth: int) -> None:
        if value is None or value is MISSING:
            if depth == 0:
                self.print_arg(value, verb)
            elif self.sharp_v:
                self.out.append("interface {}(nil)")
            else:
                self.pad("<nil>")
        elif isinstance(value, bool):
            self.fmt_bool(value, verb)
        elif isinstance(value, int):
            if isinstance(value, NamedInt) and verb in "vsxXq" and not self.sharp_v:
                self.fmt_string(value.go_format(), "s" if verb == "v" else verb)  # a Stringer
            elif isinstance(value, Uint64) and self.sharp_v:  # Go writes an unsigned 0x-hex
                saved, self.sharp = self.sharp, True
                self.fmt_int_base(value, 16, "x")
                self.sharp = saved
            else:
                self.fmt_integer(value, verb, value)
        elif isinstance(value, float):
            self.fmt_float(value, verb)
        elif isinstance(value, str):
            self.fmt_string(value, verb)
        elif isinstance(value, complex):
            self.fmt_complex(value, verb)
        elif isinstance(value, dict):
            self.fmt_map(value, verb, depth)
        elif isinstance(value, list):
            self.fmt_list(value, verb, depth)
        elif isinstance(value, GoObject):
            self.print_object(value, verb, depth)
        elif isinstance(value, NilPointer):
            self.print_nil_pointer(value, verb)
        elif isinstance(value, Unknown):
            raise NotKnowable(value.reason)
        else:  # pragma: no cover - every value of the model is above
            raise TypeError(f"no Go value: {value!r}")

    def print_object(self, value: GoObject, verb: str, depth: int) -> None:
        """A struct or pointer to one: its `GoString` for `%#v`, its `String` for the verbs
        taking a string, else its fields with the verb (handleMethods, printValue)."""
        if self.sharp_v:
            go_string = value.go_string()
            if go_string is not None:
                self.fmt_s(go_string)
                return
        elif verb in "vsxXq":
            self.fmt_string(value.go_format(), "s" if verb == "v" else verb)
            return
        pointer = value.go_type.startswith("*")
        if pointer and depth > 0:  # Go prints the pointer itself, its address for most verbs
            if self.sharp_v or verb in "vpbodxX":
                raise NotKnowable(f"the address of a {value.go_type}")
            self.bad_verb(verb, value)
            return
        self.print_struct(value, verb, depth)

    def print_struct(self, value: GoObject, verb: str, depth: int) -> None:
        pointer = value.go_type.startswith("*")
        if self.sharp_v:
            self.out.append(("&" if pointer else "") + value.go_type.lstrip("*") + "{")
        else:
            self.out.append("&{" if pointer else "{")
        for index, (name, field) in enumerate(value.go_struct()):
            if index:
                self.out.append(", " if self.sharp_v else " ")
            if self.sharp_v:
                self.out.append(name + ":")
            self.print_value(field, verb, depth + 1)
        self.out.append("}")

    def print_nil_pointer(self, value: NilPointer, verb: str) -> None:
        if self.sharp_v:
            self.out.append(f"({value.go_type})(nil)")
        elif verb in "vsxXq" and value.string is not None:  # its String method, nil or not
            self.fmt_string(value.string, "s" if verb == "v" else verb)
        elif verb == "v":
            self.pad("<nil>")
        elif verb in "bodxX":
            self.fmt_integer(0, verb, value)
        else:
            self.out.append(f"%!{verb}({value.go_type}=<nil>)")

    def fmt_map(self, value: dict, verb: str, depth: int) -> None:
        if self.sharp_v:
            self.out.append(type_name(value) + "{")
        else:
            self.out.append("map[")
        for index, key in enumerate(sorted(value)):
            if index:
                self.out.append(", " if self.sharp_v else " ")
            self.print_value(key, verb, depth + 1)
            self.out.append(":")
            self.print_value(value[key], verb, depth + 1)
        self.out.append("}" if self.sharp_v else "]")

    def fmt_list(self, value: list, verb: str, depth: int) -> None:
        if isinstance(value, GoSlice) and value.elem == "uint8" and verb in "sqxX":
            self.fmt_string(bytes(value).decode("utf-8", "surrogateescape"), verb)
            return
        ordered(value)
        if self.sharp_v:
            self.out.append(type_name(value) + "{")
        else:
            self.out.append("[")
        for index, item in enumerate(value):
            if index:
                self.out.append(", " if self.sharp_v else " ")
            self.print_value(item, verb, depth + 1)
        self.out.append("}" if self.sharp_v else "]")

    def bad_verb(self, verb: str, arg: Any) -> None:
        self.out.append("%!" + verb + "(")
        if arg is None or arg is MISSING:
            self.out.append("<nil>")
        else:
            self.out.append(type_name(arg) + "=")
            if isinstance(arg, NamedInt):  # Go calls no String method while erroring
                self.fmt_integer(int(arg), "v", arg)
            elif isinstance(arg, GoObject):  # nor any method: the fields
                self.print_struct(arg, "v", 0)
            else:
                self.print_value(arg, "v", 0)  # with the verb's width and precision, as Go does
        self.out.append(")")

    # -- basic kinds -----------------------------------------------------------------------

    def fmt_bool(self, value: bool, verb: str) -> None:
        if verb in "tv":
            self.pad("true" if value else "false")
        else:
            self.bad_verb(verb, value)

    def fmt_integer(self, value: int, verb: str, arg: Any) -> None:
        if verb in "vd":
            self.fmt_int_base(value, 10, verb)
        elif verb in "boOxX":
            self.fmt_int_base(value, {"b": 2, "o": 8, "O": 8, "x": 16, "X": 16}[verb], verb)
        elif verb == "c":
            self.pad(
                chr(value) if 0 <= value <= 0x10FFFF and not 0xD800 <= value < 0xE000 else "\ufffd"
            )
        elif verb == "q":
            self.pad(quote_rune(value, self.plus))
        elif verb == "U":
            text = f"U+{value:04X}" if value >= 0 else f"U+{value & 0xFFFFFFFFFFFFFFFF:04X}"
            if self.sharp and 0 <= value <= 0x10FFFF and chr(value).isprintable():
                text += f" '{chr(value)}'"
            self.pad(text)
        else:
            self.bad_verb(verb, arg)

    def fmt_int_base(self, value: int, base: int, verb: str) -> None:
        negative = value < 0
        magnitude = -value if negative else value
        digits = {2: "b", 8: "o", 10: "d", 16: "x"}[base]
        text = format(magnitude, digits)
        if verb == "X":
            text = text.upper()
        if self.prec_present:
            if self.prec == 0 and value == 0:
                saved, self.zero = self.zero, False
                self.pad("")
                self.zero = saved
                return
            text = text.rjust(self.prec, "0")
        elif self.zero and self.wid_present and not self.minus:
            width = self.wid - (1 if negative or self.plus or self.space else 0)
            text = text.rjust(width, "0")
        prefix = ""
        if self.sharp:
            if base == 2:
                prefix = "0b"
            elif base == 8 and not text.startswith("0"):
                prefix = "0"
            elif base == 16:
                prefix = "0X" if verb == "X" else "0x"
        if verb == "O":
            prefix = "0o"
        sign = "-" if negative else "+" if self.plus else " " if self.space else ""
        saved, self.zero = self.zero, False
        self.pad(sign + prefix + text)
        self.zero = saved

    def fmt_float(self, value: float, verb: str) -> None:
        if verb == "v":
            verb, prec = "g", -1
        elif verb in "bgGxX":
            prec = -1
        elif verb in "feEF":
            prec = 6
            verb = "f" if verb == "F" else verb
        else:
            self.bad_verb(verb, value)
            return
        if self.prec_present:
            prec = self.prec
        text = format_float_verb(value, verb, prec)
        self._pad_number(text, verb, prec)

    def _pad_number(self, text: str, verb: str, prec: int) -> None:
        if text[0] in "+-":
            sign, num = text[0], text[1:]
        else:
            sign, num = "+", text
        if self.space and sign == "+" and not self.plus:
            sign = " "
        if num in ("Inf", "NaN"):
            if num == "NaN" and not self.space and not self.plus:
                sign = ""
            saved, self.zero = self.zero, False
            self.pad((sign if sign != "+" or self.plus or num == "Inf" else "") + num)
            self.zero = saved
            return
        if self.sharp and verb != "b":
            num = sharp_float(num, verb, prec)
        if self.plus or sign != "+":
            if self.zero and self.wid_present and self.wid > len(num) + 1 and not self.minus:
                self.out.append(sign + "0" * (self.wid - len(num) - 1) + num)
                return
            self.pad(sign + num)
            return
        self.pad(num)

    def fmt_complex(self, value: complex, verb: str) -> None:
        if verb not in "vbgGxXfFeE":
            self.bad_verb(verb, value)
            return
        # Go's fmtComplex: each part is a float with the operand's flags and width, the
        # imaginary one always signed: `%05v` of 1+2i is `(00001+0002i)`.
        saved = self.plus
        self.out.append("(")
        self.fmt_float(value.real, verb)
        self.plus = True
        self.fmt_float(value.imag, verb)
        self.out.append("i)")
        self.plus = saved

    def fmt_string(self, value: str, verb: str) -> None:
        if verb == "v" and self.sharp_v:
            self.fmt_q(value)
        elif verb in "vs":
            self.fmt_s(value)
        elif verb in "xX":
            self.fmt_sx(value, verb)
        elif verb == "q":
            self.fmt_q(value)
        else:
            self.bad_verb(verb, value)

    def _truncate(self, value: str) -> str:
        return value[: self.prec] if self.prec_present else value

    def fmt_s(self, value: str) -> None:
        self.pad(self._truncate(value))

    def fmt_q(self, value: str) -> None:
        value = self._truncate(value)
        if self.sharp and can_backquote(value):
            self.pad("`" + value + "`")
        else:
            self.pad(quote(value, ascii_only=self.plus))

    def fmt_sx(self, value: str, verb: str) -> None:
        data = value.encode("utf-8", "surrogateescape")
        if self.prec_present:
            data = data[: self.prec]
        digits = data.hex()
        if verb == "X":
            digits = digits.upper()
        prefix = ("0X" if verb == "X" else "0x") if self.sharp else ""
        if self.space:
            pairs = [prefix + digits[i : i + 2] for i in range(0, len(digits), 2)]
            text = " ".join(pairs)
        else:
            text = (prefix if digits else "") + digits
        self.pad(text)


def _parse_number(text: str, start: int) -> tuple[int, bool, int]:
    end = start
    while end < len(text) and text[end].isdigit() and text[end].isascii():
        end += 1
        if end - start > 6:  # Go's tooLarge guard: absurd widths are bad widths
            return 0, False, end
    if end == start:
        return 0, False, start
    return int(text[start:end]), True, end


def sprintf(fmt: str, args: tuple[Any, ...]) -> str:
    """`fmt.Sprintf(fmt, args...)` (see the module docstring)."""
    p = _Printer()
    end = len(fmt)
    arg_num = 0
    reordered = False
    i = 0
    while i < end:
        start = i
        while i < end and fmt[i] != "%":
            i += 1
        if i > start:
            p.out.append(fmt[start:i])
        if i >= end:
            break
        i += 1  # the %
        p.clear_flags()
        while i < end:
            c = fmt[i]
            if c == "#":
                p.sharp = True
            elif c == "0":
                p.zero = not p.minus
            elif c == "+":
                p.plus = True
            elif c == "-":
                p.minus, p.zero = True, False
            elif c == " ":
                p.space = True
            else:
                break
            i += 1
        good_arg_num = True
        after_index = False

        def arg_number(i: int) -> int:
            nonlocal arg_num, good_arg_num, after_index, reordered
            if i >= end or fmt[i] != "[":
                return i
            reordered = True
            close = fmt.find("]", i + 1)
            if close < 0:
                good_arg_num = False
                return end
            index, ok, stop = _parse_number(fmt, i + 1)
            if not ok or stop != close or not 1 <= index <= len(args):
                good_arg_num = False
                return close + 1
            arg_num = index - 1
            after_index = True
            return close + 1

        i = arg_number(i)
        if i < end and fmt[i] == "*":
            i += 1
            p.wid, p.wid_present, arg_num = _int_from_arg(args, arg_num)
            if not p.wid_present:
                p.out.append("%!(BADWIDTH)")
            if p.wid < 0:
                p.wid, p.minus, p.zero = -p.wid, True, False
            after_index = False
        else:
            p.wid, p.wid_present, i = _parse_number(fmt, i)
            if after_index and p.wid_present:
                good_arg_num = False
        if i + 1 <= end and i < end and fmt[i] == ".":
            i += 1
            if after_index:
                good_arg_num = False
            i = arg_number(i)
            if i < end and fmt[i] == "*":
                i += 1
                p.prec, p.prec_present, arg_num = _int_from_arg(args, arg_num)
                if p.prec < 0:
                    p.prec, p.prec_present = 0, False
                if not p.prec_present:
                    p.out.append("%!(BADPREC)")
                after_index = False
            else:
                p.prec, p.prec_present, i = _parse_number(fmt, i)
                if not p.prec_present:
                    p.prec, p.prec_present = 0, True
        if not after_index:
            i = arg_number(i)
        if i >= end:
            p.out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if verb == "%":
            p.out.append("%")
        elif not good_arg_num:
            p.out.append(f"%!{verb}(BADINDEX)")
        elif arg_num >= len(args):
            p.out.append(f"%!{verb}(MISSING)")
        else:
            if verb == "v":
                p.sharp_v, p.sharp = p.sharp, False
                p.plus = False  # Go's plusV: no printed struct shows field names here
            p.print_arg(args[arg_num], verb)
            arg_num += 1
    if not reordered and arg_num < len(args):
        p.clear_flags()
        p.out.append("%!(EXTRA ")
        for index, arg in enumerate(args[arg_num:]):
            if index:
                p.out.append(", ")
            if arg is None or arg is MISSING:
                p.out.append("<nil>")
            else:
                p.out.append(type_name(arg) + "=")
                p.print_arg(arg, "v")
        p.out.append(")")
    return "".join(p.out)


def _int_from_arg(args: tuple[Any, ...], arg_num: int) -> tuple[int, bool, int]:
    if arg_num >= len(args):
        return 0, False, arg_num
    arg = args[arg_num]
    ok = isinstance(arg, int) and not isinstance(arg, bool)
    number = int(arg) if ok else 0
    if ok and not -1_000_000 <= number <= 1_000_000:
        return 0, False, arg_num + 1
    return number, ok, arg_num + 1
