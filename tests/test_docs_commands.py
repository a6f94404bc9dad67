"""Every shell command the documentation shows runs, on the example fleet (README, Development).

The ```sh, ```bash and ```console blocks of README.md, ARCHITECTURE.md, CONTRIBUTING.md,
docs/*.md and examples/*/README.md are read as a person would copy them:

- a command is a line (with its `\\` continuation lines); a line that is only a comment is
  none. A command ending in `# needs …` needs what the comment says (a cluster, a registry,
  Docker, AWS): it is not run, and shows as skipped with that reason;
- in ```sh and ```bash blocks every command must exit 0, or the status its trailing
  comment `# exits N` names;
- in ```console blocks a command is a line starting with `$ `, and the lines after it, up to
  the next command, are what it prints (stdout and stderr together), compared exactly; a
  line `...` stands for any number of lines, and `...` within a line for any text.

The commands of one block run in order (`$?` is the status of the one before), in one fresh
copy of the project: a block that
names `--repo .` runs in its example fleet (`examples/fleet`, a git repository there, with
one commit on `main` and a remote `origin` that has it), any other in the project root.
`argocd-fleet`, `python` and `ruff` are those of the interpreter running the tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ROOT

FENCE = re.compile(r"^(?P<indent> *)```(?P<kind>sh|bash|console)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)  # fmt: skip
NEEDS = re.compile(r"\s#\s*(needs\s.*)$")
EXITS = re.compile(r"\s#\s*exits (\d+)\b")
REPO_HERE = re.compile(r"--repo\s+\.(\s|$)")
IGNORED = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".ruff_cache", ".hypothesis",
    ".pytest_cache", "results", ".venv",
)  # fmt: skip


@dataclass(frozen=True)
class Command:
    text: str
    line: int  # in its document
    output: list[str] | None = None  # console blocks: what it prints

    @property
    def needs(self) -> str | None:
        found = NEEDS.search(self.text)
        return found.group(1).strip() if found else None

    @property
    def status(self) -> int:
        found = EXITS.search(self.text)
        return int(found.group(1)) if found else 0


@dataclass(frozen=True)
class Block:
    document: str
    line: int
    kind: str
    commands: tuple[Command, ...]

    @property
    def in_fleet(self) -> bool:
        return any(REPO_HERE.search(command.text) for command in self.commands)

    @property
    def id(self) -> str:
        return f"{self.document}:{self.line}"


def documents() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", ROOT / "CONTRIBUTING.md"]
    found += sorted((ROOT / "docs").glob("*.md"))
    return found + sorted((ROOT / "examples").glob("*/README.md"))


def blocks() -> list[Block]:
    result = []
    for path in documents():
        text = path.read_text()
        for match in FENCE.finditer(text):
            first = text.count("\n", 0, match.start("body")) + 1
            body = [line[len(match["indent"]) :] for line in match["body"].splitlines()]
            parse = console_commands if match["kind"] == "console" else shell_commands
            commands = tuple(parse(body, first))
            if commands:
                name = str(path.relative_to(ROOT))
                result.append(Block(name, first - 1, match["kind"], commands))
    return result


def shell_commands(lines: list[str], first: int) -> list[Command]:
    commands: list[Command] = []
    pending: list[str] = []
    start = first
    for number, line in enumerate(lines, start=first):
        if not pending:
            start = number
            if not line.strip() or line.lstrip().startswith("#"):
                continue
        pending.append(line)
        if not line.rstrip().endswith("\\"):
            commands.append(Command("\n".join(pending), start))
            pending = []
    assert not pending, f"line {start}: a continuation that never ends"
    return commands


def console_commands(lines: list[str], first: int) -> list[Command]:
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith("$ "):
            index += 1
            continue
        start = first + index
        text = [lines[index][2:]]
        while text[-1].rstrip().endswith("\\") and index + 1 < len(lines):
            index += 1
            text.append(lines[index])
        index += 1
        output = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        commands.append(Command("\n".join(text), start, output))
    return commands


BLOCKS = blocks()
NEEDING = [(block, c) for block in BLOCKS for c in block.commands if c.needs]


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project as a person has it, with its example fleet a git repository of its own."""
    root = tmp_path_factory.mktemp("docs") / "project"
    shutil.copytree(ROOT, root, ignore=IGNORED, symlinks=True)
    fleet = root / "examples" / "fleet"
    git = ["git", "-c", "user.name=docs", "-c", "user.email=docs@example.invalid"]
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "."],
        ["commit", "-q", "-m", "the example fleet"],
        ["clone", "-q", "--bare", ".", str(root.parent / "origin.git")],
        ["remote", "add", "origin", str(root.parent / "origin.git")],
        ["fetch", "-q", "origin"],
    ):
        subprocess.run([*git, *args], cwd=fleet, check=True, capture_output=True)
    return root


# What the documentation may show but this test must not run: it would install into the
# interpreter running the tests, or run the tests from inside themselves.
UNSAFE = re.compile(r"\bpip3?\b.*\binstall\b|(^|[\s;&|(])pytest\b", re.S)
NESTED = "ARGOCD_FLEET_DOCS_TEST"  # set for the commands: a nested run of this file stops


def run(command: Command, cwd: Path, previous: int = 0) -> subprocess.CompletedProcess[str]:
    """Run one command in bash; `$?` is the status of the command before it."""
    assert not UNSAFE.search(command.text), (
        f"{command.text!r} installs packages or runs the tests: end it with '# needs a "
        "registry' (or say what else it needs)"
    )
    scripts = os.path.dirname(sys.executable)
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARGOCD_")}
    env.update({NESTED: "1", "PIP_NO_INDEX": "1"})
    env.update({"PATH": scripts + os.pathsep + env.get("PATH", ""), "GIT_AUTHOR_NAME": "docs",
                "GIT_AUTHOR_EMAIL": "docs@example.invalid", "GIT_COMMITTER_NAME": "docs",
                "GIT_COMMITTER_EMAIL": "docs@example.invalid"})  # fmt: skip
    console = command.output is not None
    return subprocess.run(
        ["bash", "-c", f"(exit {previous})\n{command.text}"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if console else subprocess.PIPE,
        text=True,
        timeout=300,
    )


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, trailing blanks aside; a `...` line stands for any number of lines."""
    expected = [line.rstrip() for line in expected]
    actual = [line.rstrip() for line in actual]
    while expected and not expected[-1]:
        expected.pop()
    while actual and not actual[-1]:
        actual.pop()
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and same_line(expected[0], actual[0]) and matches(expected[1:], actual[1:])


def same_line(expected: str, actual: str) -> bool:
    """Equal, where a `...` inside the expected line stands for any text (a path, say)."""
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


def test_the_documentation_shows_commands() -> None:
    # README: the quick start, the example tour, the chart mode, each tool; docs: more.
    assert len([block for block in BLOCKS if block.document == "README.md"]) >= 10
    assert {block.document for block in BLOCKS} >= {
        "README.md",
        "CONTRIBUTING.md",
        "docs/validate.md",
    }


@pytest.mark.skipif(NESTED in os.environ, reason="run by a documented command of itself")
@pytest.mark.parametrize("block", BLOCKS, ids=[block.id for block in BLOCKS])
def test_documented_commands_run(block: Block, pristine: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(pristine, project, symlinks=True)
    shutil.copytree(pristine.parent / "origin.git", tmp_path / "origin.git")
    cwd = project / "examples" / "fleet" if block.in_fleet else project
    ran = status = 0
    for command in block.commands:
        if command.needs:
            continue  # test_documented_commands_that_need_more shows it skipped
        result = run(command, cwd, status)
        ran, status = ran + 1, result.returncode
        where = f"{block.document}:{command.line}: {command.text}"
        if command.output is None:
            assert result.returncode == command.status, f"{where}\n{result.stdout}{result.stderr}"
        else:
            shown = "\n".join(command.output)
            assert matches(command.output, result.stdout.splitlines()), (
                f"{where}\nthe documentation shows:\n{shown}\nit prints:\n{result.stdout}"
            )
    if not ran:
        pytest.skip("every command of this block needs more: see the skips below")


@pytest.mark.parametrize(
    ("block", "command"),
    NEEDING,
    ids=[f"{block.document}:{command.line}" for block, command in NEEDING],
)
def test_documented_commands_that_need_more(block: Block, command: Command) -> None:
    shown = NEEDS.sub("", command.text.splitlines()[0]).rstrip(" \\")
    pytest.skip(f"{block.document}:{command.line} {command.needs}: {shown}")


def test_the_parser_reads_commands_as_a_shell_would() -> None:
    lines = ["# a comment", "a \\", "  --b   # needs x", "", "c   # exits 1"]
    commands = shell_commands(lines, 10)
    assert [(c.text, c.line, c.needs, c.status) for c in commands] == [
        ("a \\\n  --b   # needs x", 11, "needs x", 0),
        ("c   # exits 1", 14, None, 1),
    ]
    console = console_commands(["$ a \\", "  b", "out", "...", "$ c"], 1)
    assert [(c.text, c.line, c.output) for c in console] == [
        ("a \\\n  b", 1, ["out", "..."]),
        ("c", 5, []),
    ]
    assert matches(["x", "...", "z"], ["x", "y", "y", "z", ""])
    assert not matches(["x", "z"], ["x", "y", "z"])
    assert matches(["a (in /...); b"], ["a (in /tmp/x); b"])
    assert not matches(["a (in /...); b"], ["a (in /tmp/x); c"])


# --------------------------------------------------------------------------------------------
# the project cites only what it contains

# Built from pieces, so that this file does not cite them itself.
FOREIGN = re.compile(
    "|".join(
        (
            r"\bSPEC" + r"(\.md)?\b",  # the product spec is not part of the project
            "CHART" + "-RULES",  # docs/chart-rules.md is the project's own
            r"\.\./" + "shared",  # a directory beside a checkout, not in it
            r"\bissue" + r"(\s+#?\d+|'s\b)",  # a tracker's number, or its wording
        )
    )
)
# Upstream data kept byte for byte (tests/golden/README.md says so).
UPSTREAM = ("tests/golden/", "tests/data/", "tests/manifest_diff.py")


def test_the_project_cites_only_documents_it_contains() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:  # not a git checkout: the files of the usual folders
        tracked = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]
    found = []
    for name in tracked:
        path = ROOT / name
        if name.startswith(UPSTREAM) or path.suffix not in (".py", ".md", ".yaml", ".txt", ""):
            continue
        if not path.is_file() or ".git" in path.parts or "egg-info" in name:
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
            if FOREIGN.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
    assert not (ROOT / "docs" / "readme").exists(), "copies of README sections rot: link instead"


def test_the_readme_numbers_the_release_rules_explain_cites() -> None:
    # `generate --explain` prints "release rule N of the README".
    text = (ROOT / "README.md").read_text()
    section = text[text.index("**release rules**") :]
    items = re.findall(r"^  (\d)\. ", section[: section.index("--release TYPE")], re.M)
    assert items == ["1", "2", "3"]
