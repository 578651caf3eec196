"""The contracts the package carries are the team's shared ones, and every command can be
reached as ``python -m discursus``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import SHARED

from discursus.cli import app
from discursus.schemas import SCHEMAS, schema


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_package_schema_equals_the_shared_contract(name):
    shared = SHARED / "schemas" / name
    if not shared.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{shared} is missing: CI runs with shared/ beside the clone")
        pytest.skip(f"no {shared} here to compare with")
    assert schema(name) == json.loads(shared.read_text(encoding="utf-8"))


def test_python_m_discursus_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "discursus", "--help"], capture_output=True, text=True, check=True
    )
    # a command is named after its function, with dashes for underscores (code-passage)
    names = [
        command.name or command.callback.__name__.replace("_", "-")
        for command in app.registered_commands
    ]
    assert len(names) >= 17
    missing = [name for name in names if name not in result.stdout]
    assert missing == []
