"""Go's `text/template/parse` lexer: the template text as a list of items.

Text outside `{{ }}` is one item; inside an action the lexer emits Go's tokens: spaces,
`|`, `(`, `)`, `:=`, `=`, fields (`.name`), variables (`$x`, `$`), identifiers, keywords
(`if`, `else`, `end`, `range`, `with`, `define`, `template`, `block`, `break`, `continue`,
`nil`, `.`), booleans, numbers (checked by the parser), quoted, raw and character strings.
Trim markers (`{{- ` and ` -}}`, a space required next to the dash) remove the spaces, tabs
and newlines of the neighbouring text; comments `{{/* */}}` produce nothing. A lexical
error is the last item (`ERROR`), with Go's message.
"""

from __future__ import annotations

from dataclasses import dataclass

# item types
ERROR = "error"
BOOL = "bool"
CHAR = "char"  # printable ASCII punctuation, e.g. ","
CHAR_CONSTANT = "char constant"
COMPLEX = "complex"
ASSIGN = "="
DECLARE = ":="
EOF = "EOF"
FIELD = "field"
IDENTIFIER = "identifier"
LEFT_DELIM = "{{"
LEFT_PAREN = "("
NUMBER = "number"
PIPE = "|"
RAW_STRING = "raw string"
RIGHT_DELIM = "}}"
RIGHT_PAREN = ")"
SPACE = "space"
STRING = "string"
TEXT = "text"
VARIABLE = "variable"
# keywords
BLOCK = "block"
BREAK = "break"
CONTINUE = "continue"
DOT = "."
DEFINE = "define"
ELSE = "else"
END = "end"
IF = "if"
NIL = "nil"
RANGE = "range"
TEMPLATE = "template"
WITH = "with"

KEYWORDS = {
    ".": DOT,
    "block": BLOCK,
    "break": BREAK,
    "continue": CONTINUE,
    "define": DEFINE,
    "else": ELSE,
    "end": END,
    "if": IF,
    "range": RANGE,
    "nil": NIL,
    "template": TEMPLATE,
    "with": WITH,
}

LEFT = "{{"
RIGHT = "}}"
SPACE_CHARS = " \t\r\n"


@dataclass(frozen=True, slots=True)
class Item:
    typ: str
    pos: int  # offset of the item in the source
    val: str
    line: int

    def __str__(self) -> str:
        """As Go's parser quotes an item in its messages."""
        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ in KEYWORDS.values():
            return f"<{self.val}>"
        from .printing import quote

        if len(self.val) > 10:
            return quote(self.val[:10]) + "..."
        return quote(self.val)


def is_alphanumeric(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdecimal()


def _has_left_trim(source: str, pos: int) -> bool:
    return source[pos : pos + 1] == "-" and source[pos + 1 : pos + 2] in (" ", "\t", "\r", "\n")


def _has_right_trim(source: str, pos: int) -> bool:
    return source[pos : pos + 1] in (" ", "\t", "\r", "\n") and source[pos + 1 : pos + 2] == "-"


class LexError(Exception):
    pass


class _Lexer:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.paren_depth = 0
        self.items: list[Item] = []

    # -- helpers ---------------------------------------------------------------------------

    def peek(self) -> str:
        return self.src[self.pos : self.pos + 1]

    def next(self) -> str:
        ch = self.src[self.pos : self.pos + 1]
        if ch:
            self.pos += 1
            if ch == "\n":
                self.line += 1
        return ch

    def backup(self) -> None:
        self.pos -= 1
        if self.src[self.pos] == "\n":
            self.line -= 1

    def emit(self, typ: str) -> None:
        self.items.append(Item(typ, self.start, self.src[self.start : self.pos], self.start_line))
        self.start = self.pos
        self.start_line = self.line

    def ignore(self) -> None:
        self.line += self.src.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line

    def error(self, message: str) -> None:
        self.items.append(Item(ERROR, self.start, message, self.start_line))
        raise LexError(message)

    def accept(self, valid: str) -> bool:
        ch = self.next()
        if ch and ch in valid:
            return True
        if ch:
            self.backup()
        return False

    def accept_run(self, valid: str) -> None:
        while self.accept(valid):
            pass

    def at_right_delim(self) -> tuple[bool, bool]:
        if _has_right_trim(self.src, self.pos) and self.src.startswith(RIGHT, self.pos + 2):
            return True, True
        return self.src.startswith(RIGHT, self.pos), False

    def at_terminator(self) -> bool:
        ch = self.peek()
        if ch in ("", " ", "\t", "\r", "\n", ".", ",", "|", ":", ")", "("):
            return True
        return self.src.startswith(RIGHT, self.pos)

    # -- states ----------------------------------------------------------------------------

    def run(self) -> list[Item]:
        try:
            while self.lex_text():
                self.lex_inside_action()
        except LexError:
            pass
        return self.items

    def lex_text(self) -> bool:
        """Text up to the next action; False at the end of the source."""
        while True:
            found = self.src.find(LEFT, self.pos)
            if found < 0:
                self.pos = len(self.src)
                if self.pos > self.start:
                    self.line += self.src.count("\n", self.start, self.pos)
                    self.emit(TEXT)
                self.emit(EOF)
                return False
            self.pos = found
            trim = 0
            if _has_left_trim(self.src, found + 2):
                text = self.src[self.start : found]
                trim = len(text) - len(text.rstrip(SPACE_CHARS))
            self.pos -= trim
            if self.pos > self.start:
                self.line += self.src.count("\n", self.start, self.pos)
                self.emit(TEXT)
            self.pos += trim
            self.ignore()
            if not self.lex_left_delim():
                continue  # a comment: more text follows
            return True

    def lex_left_delim(self) -> bool:
        """The `{{`: False when it opens a comment (consumed here)."""
        self.pos += len(LEFT)
        trim = _has_left_trim(self.src, self.pos)
        after = 2 if trim else 0
        if self.src.startswith("/*", self.pos + after):
            self.pos += after
            self.ignore()
            self.lex_comment()
            return False
        self.emit(LEFT_DELIM)
        self.pos += after
        self.ignore()
        self.paren_depth = 0
        return True

    def lex_comment(self) -> None:
        self.pos += 2
        end = self.src.find("*/", self.pos)
        if end < 0:
            self.error("unclosed comment")
        self.pos = end + 2
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
        if trim:
            self.pos += 2
        self.pos += len(RIGHT)
        if trim:
            rest = self.src[self.pos :]
            self.pos += len(rest) - len(rest.lstrip(SPACE_CHARS))
        self.ignore()

    def lex_right_delim(self) -> None:
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(RIGHT)
        self.emit(RIGHT_DELIM)
        if trim:
            rest = self.src[self.pos :]
            self.pos += len(rest) - len(rest.lstrip(SPACE_CHARS))
            self.ignore()

    def lex_inside_action(self) -> None:
        while True:
            delim, _ = self.at_right_delim()
            if delim:
                if self.paren_depth == 0:
                    self.lex_right_delim()
                    return
                self.error("unclosed left paren")
            ch = self.next()
            if ch == "":
                self.error("unclosed action")
            elif ch in SPACE_CHARS:
                self.backup()
                if self.lex_space():
                    self.lex_right_delim()
                    return
            elif ch == "=":
                self.emit(ASSIGN)
            elif ch == ":":
                if self.next() != "=":
                    self.error("expected :=")
                self.emit(DECLARE)
            elif ch == "|":
                self.emit(PIPE)
            elif ch == '"':
                self.lex_quote()
            elif ch == "`":
                self.lex_raw_quote()
            elif ch == "$":
                self.lex_variable()
            elif ch == "'":
                self.lex_char()
            elif ch == "." and self.peek() != "" and not ("0" <= self.peek() <= "9"):
                self.lex_field_or_variable(FIELD)
            elif ch in "+-." or "0" <= ch <= "9":
                self.backup()
                self.lex_number()
            elif is_alphanumeric(ch):
                self.backup()
                self.lex_identifier()
            elif ch == "(":
                self.paren_depth += 1
                self.emit(LEFT_PAREN)
            elif ch == ")":
                self.paren_depth -= 1
                if self.paren_depth < 0:
                    self.error("unexpected right paren")
                self.emit(RIGHT_PAREN)
            elif ch.isascii() and ch.isprintable():
                self.emit(CHAR)
            else:
                self.error(f"unrecognized character in action: {_unicode(ch)}")

    def lex_space(self) -> bool:
        """A run of spaces; True when it is the space of a ` -}}` (nothing emitted then)."""
        count = 0
        while self.peek() in (" ", "\t", "\r", "\n") and self.peek():
            self.next()
            count += 1
        if _has_right_trim(self.src, self.pos - 1) and self.src.startswith(RIGHT, self.pos + 1):
            self.backup()
            if count == 1:
                return True
        self.emit(SPACE)
        return False

    def lex_identifier(self) -> None:
        while is_alphanumeric(self.peek()) and self.peek():
            self.next()
        word = self.src[self.start : self.pos]
        if not self.at_terminator():
            self.error(f"bad character {_unicode(self.peek())}")
        if word in KEYWORDS:
            self.emit(KEYWORDS[word])
        elif word in ("true", "false"):
            self.emit(BOOL)
        else:
            self.emit(IDENTIFIER)

    def lex_variable(self) -> None:
        if self.at_terminator():
            self.emit(VARIABLE)
            return
        self.lex_field_or_variable(VARIABLE)

    def lex_field_or_variable(self, typ: str) -> None:
        if self.at_terminator():
            self.emit(VARIABLE if typ == VARIABLE else DOT)
            return
        while self.peek() and is_alphanumeric(self.peek()):
            self.next()
        if not self.at_terminator():
            self.error(f"bad character {_unicode(self.peek())}")
        self.emit(typ)

    def lex_char(self) -> None:
        self.scan_quoted("'", "unterminated character constant")
        self.emit(CHAR_CONSTANT)

    def scan_quoted(self, quote: str, unterminated: str) -> None:
        """Up to the closing `quote`, a backslash escaping the next character; a newline or
        the end of the text first is Go's `unterminated` error."""
        while True:
            ch = self.next()
            if ch == "\\":
                ch = self.next()
                if ch and ch != "\n":
                    continue
                self.error(unterminated)
            if ch in ("", "\n"):
                self.error(unterminated)
            if ch == quote:
                break

    def lex_number(self) -> None:
        if not self.scan_number():
            self.error(f"bad number syntax: {_go_quote(self.src[self.start : self.pos])}")
        if self.peek() in ("+", "-") and self.peek():
            if not self.scan_number() or self.src[self.pos - 1] != "i":
                self.error(f"bad number syntax: {_go_quote(self.src[self.start : self.pos])}")
            self.emit(COMPLEX)
        else:
            self.emit(NUMBER)

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if self.peek() and is_alphanumeric(self.peek()):
            self.next()
            return False
        return True

    def lex_quote(self) -> None:
        self.scan_quoted('"', "unterminated quoted string")
        self.emit(STRING)

    def lex_raw_quote(self) -> None:
        end = self.src.find("`", self.pos)
        if end < 0:
            self.error("unterminated raw quoted string")
        self.line += self.src.count("\n", self.pos, end + 1)
        self.pos = end + 1
        self.emit(RAW_STRING)


def _unicode(ch: str) -> str:
    """Go's `%#U`: `U+002F '/'`."""
    if not ch:
        return "U+FFFFFFFFFFFFFFFF"  # Go's eof rune (-1) as %#U
    code = ord(ch)
    return f"U+{code:04X} '{ch}'" if ch.isprintable() else f"U+{code:04X}"


def _go_quote(text: str) -> str:
    from .printing import quote

    return quote(text)


def lex(source: str) -> list[Item]:
    """The items of `source`, ending with an `EOF` item or an `ERROR` item."""
    return _Lexer(source).run()
