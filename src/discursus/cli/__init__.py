"""The ``discursus`` command: thin recipes over the Python API, one module per command group.

``python -m discursus --help`` and the ``discursus`` script list the same commands.
"""

from __future__ import annotations

import typer

from discursus.cli import (
    codework,
    coding,
    exchange,
    language,
    networks,
    project,
    semantic,
    speech,
    stance,
    statementwork,
    targets,
    themes,
    train,
    web,
)

app = typer.Typer(
    help="discursus: computational discourse analysis with the evidence for every finding.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for group in (
    project,
    speech,
    language,
    coding,
    codework,
    themes,
    networks,
    statementwork,
    targets,
    stance,
    train,
    semantic,
    exchange,
    web,
):
    for command in group.COMMANDS:
        app.command()(command)
for name, command in exchange.CODEBOOK_COMMANDS.items():
    coding.codebook_app.command(name)(command)
app.add_typer(coding.codebook_app, name="codebook")
app.add_typer(web.user_app, name="user")


def main() -> None:
    app()


__all__ = ["app", "main"]
