"""A person's coding work: recode, remove, rename, merge and split codes; memos; and the
journal of every such change, to undo, redo and read back."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from discursus.cli.common import FormatOption, ProjectOption, console, frame_out, handles_errors
from discursus.project import open_project

WhoOption = Annotated[str, typer.Option("--coder", help="Who makes the change (your name).")]
CodingIds = Annotated[list[int], typer.Option("--id", help="A coding's id (repeatable).")]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@handles_errors
def recode(
    id: CodingIds,
    to: Annotated[str, typer.Option("--to", help="The code they go to (new codes are fine).")],
    coder: WhoOption,
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Move codings (a person's, by id) to another code."""
    count = open_project(project).recode(id, to, coder)
    console.print(f"recoded {_plural(count, 'coding')} as {to!r}")


@handles_errors
def uncode(
    id: CodingIds,
    coder: WhoOption,
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Remove codings (a person's, by id); `discursus undo` brings them back."""
    count = open_project(project).remove_codings(id, coder)
    console.print(f"removed {_plural(count, 'coding')}")


@handles_errors
def rename_code(
    old: Annotated[str, typer.Argument(help="The code's name.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
    coder: WhoOption,
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Rename a code: in the codebook, on every coding and on its memos."""
    count = open_project(project).rename_code(old, new, coder)
    console.print(f"renamed {old!r} to {new!r} ({_plural(count, 'coding')} of people's)")


@handles_errors
def merge_codes(
    source: Annotated[str, typer.Argument(help="The code that goes.")],
    into: Annotated[str, typer.Option("--into", help="The code that stays.")],
    coder: WhoOption,
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Fold one code into another: its codings, memos, rules and sub-codes."""
    count = open_project(project).merge_codes(source, into, coder)
    console.print(f"merged {source!r} into {into!r} ({_plural(count, 'coding')} of people's)")


@handles_errors
def split_code(
    code: Annotated[str, typer.Argument(help="The code to split.")],
    into: Annotated[str, typer.Option("--into", help="The new code.")],
    coder: WhoOption,
    id: Annotated[
        list[int] | None, typer.Option("--id", help="A coding that moves (repeatable).")
    ] = None,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="A rule that moves, keyword:WORD or lemma:WORD (repeatable)."),
    ] = None,
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Split a new code off one: the codings and rules named go to it."""
    count = open_project(project).split_code(code, into, coder, ids=id, rules=rule)
    console.print(f"split {into!r} off {code!r} ({_plural(count, 'coding')} moved)")


class MemoTarget(StrEnum):
    document = "document"
    code = "code"
    coding = "coding"
    project = "project"


@handles_errors
def memo(
    text: Annotated[str, typer.Argument(help="The memo.")],
    author: Annotated[str, typer.Option("--author", help="Who writes it.")],
    project: ProjectOption = Path("discursus-project"),
    doc: Annotated[str | None, typer.Option("--doc", help="On this document.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="On this code.")] = None,
    coding: Annotated[int | None, typer.Option("--coding", help="On this coding (id).")] = None,
) -> None:
    """Write a memo on a document, a code, a coding or (none named) the project."""
    row = open_project(project).add_memo(text, author, document=doc, code=code, coding=coding)
    console.print(f"memo {row['id']} on the {row['target']} {escape(row['ref'])}".rstrip())


@handles_errors
def memos(
    project: ProjectOption = Path("discursus-project"),
    on: Annotated[MemoTarget | None, typer.Option("--on", help="Only memos on these.")] = None,
    format: FormatOption = "table",
) -> None:
    """Memos, with what they are on, who wrote them and when."""
    frame_out(open_project(project).memos(on.value if on else None), format)


WhoseOption = Annotated[
    str | None, typer.Option("--coder", help="Only this person's latest change (theirs alone).")
]


@handles_errors
def undo(project: ProjectOption = Path("discursus-project"), coder: WhoseOption = None) -> None:
    """Undo the latest change a person made (coding, decision, memo, code change)."""
    entry = open_project(project).undo(coder)
    console.print(f"undid #{entry['id']}: {escape(entry['summary'])}")


@handles_errors
def redo(project: ProjectOption = Path("discursus-project"), coder: WhoseOption = None) -> None:
    """Make the change undone last again."""
    entry = open_project(project).redo(coder)
    console.print(f"redid #{entry['id']}: {escape(entry['summary'])}")


@handles_errors
def history(
    project: ProjectOption = Path("discursus-project"),
    format: FormatOption = "table",
) -> None:
    """Every change people made, latest first, and whether it is undone."""
    frame_out(open_project(project).history(), format)


COMMANDS = (recode, uncode, rename_code, merge_codes, split_code, memo, memos, undo, redo, history)
