"""The workbench from the command line: its people, and the server."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from discursus.cli.common import (
    FormatOption,
    OutputFormat,
    ProjectOption,
    console,
    frame_out,
    handles_errors,
)
from discursus.errors import DiscursusError
from discursus.project import open_project

user_app = typer.Typer(help="The workbench's people: add, remove, role, list.",
                       no_args_is_help=True)  # fmt: skip

RoleOption = Annotated[str, typer.Option("--role", help="owner, coder or viewer.")]


def _password(from_stdin: bool) -> str:
    """A new password: from standard input (one line), or typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Again", hide_input=True) != first:
        raise DiscursusError("the two passwords differ")
    return first


@handles_errors
def add(
    name: Annotated[str, typer.Argument(help="The person's name (what they sign in with).")],
    role: RoleOption = "coder",
    project: ProjectOption = Path("discursus-project"),
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a person; their password is kept only as its argon2 hash."""
    opened = open_project(project)
    opened.add_user(name, _password(password_stdin), role)
    console.print(f"added {name} ({role}) to {opened.path}")


@handles_errors
def remove(
    name: Annotated[str, typer.Argument(help="The person's name.")],
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Remove a person and end their sessions (what they coded stays)."""
    open_project(project).remove_user(name)
    console.print(f"removed {name}")


@handles_errors
def role(
    name: Annotated[str, typer.Argument(help="The person's name.")],
    new_role: Annotated[str, typer.Argument(help="owner, coder or viewer.", metavar="ROLE")],
    project: ProjectOption = Path("discursus-project"),
) -> None:
    """Give a person another role (they sign in again)."""
    open_project(project).set_role(name, new_role)
    console.print(f"{name} is now a {new_role}")


@handles_errors
def list_people(
    project: ProjectOption = Path("discursus-project"),
    format: FormatOption = OutputFormat.table,
) -> None:
    """The project's people and their roles."""
    frame_out(open_project(project).users(), format.value)


user_app.command("add")(add)
user_app.command("remove")(remove)
user_app.command("role")(role)
user_app.command("list")(list_people)


@handles_errors
def serve(
    project: ProjectOption = Path("discursus-project"),
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port.")] = 8000,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Session cookies over HTTPS only.")
    ] = False,
    warm: Annotated[
        bool,
        typer.Option(
            "--warm/--no-warm",
            help="Compute the network, the semantic system "
            "and the charts at start, so their first page need not wait.",
        ),
    ] = True,
) -> None:
    """The workbench: read, search and code the project in a browser, offline, with its
    people (discursus user add NAME --role owner creates the first)."""
    import uvicorn

    from discursus.web.app import create_app

    opened = open_project(project)
    if not (opened.users().role == "owner").any():
        raise DiscursusError(
            f"the project has no owner yet: create one with "
            f"discursus user add NAME --role owner -p {opened.path}"
        )
    console.print(f"discursus workbench on http://{host}:{port} for {opened.path}")
    uvicorn.run(create_app(opened, secure_cookies=secure_cookies, warm=warm), host=host,
                port=port, log_level="warning")  # fmt: skip


COMMANDS = (serve,)
