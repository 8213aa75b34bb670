"""The layout's import rules (.importlinter; README, "Where things are"), checked by import-linter:
api and web build on edge, edge on catalog, never the other way; no import circle inside a package."""
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def lint_imports():
    script = Path(sys.executable).with_name("lint-imports")
    return str(script) if script.exists() else shutil.which("lint-imports")


def test_every_import_follows_the_layout():
    command = lint_imports()
    assert command, "lint-imports is missing: pip install -r requirements-dev.txt"
    result = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout, result.stdout
