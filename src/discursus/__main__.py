"""``python -m discursus``: the same command as ``discursus``."""

from discursus.cli import app

app(prog_name="discursus")
