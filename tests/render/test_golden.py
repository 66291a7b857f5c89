"""The policy and the register rendered from the fixture, compared with reviewed golden files.

The diff is the review: a change to a template, a text or the wording shows up here.
After reviewing it, regenerate with

    OMBUD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from ombud.declaration import Declaration
from ombud.render import render_policy, render_register

GOLDEN = Path(__file__).parent / "golden"

Renderer = Callable[[Declaration], str]

CASES: dict[str, Renderer] = {
    "policy.sv.md": lambda d: render_policy(d, lang="sv", fmt="markdown"),
    "policy.en.md": lambda d: render_policy(d, lang="en", fmt="markdown"),
    "policy.sv.html": lambda d: render_policy(d, lang="sv", fmt="html"),
    "policy.en.html": lambda d: render_policy(d, lang="en", fmt="html"),
    "register.sv.md": lambda d: render_register(d, lang="sv", fmt="markdown"),
    "register.en.md": lambda d: render_register(d, lang="en", fmt="markdown"),
    "register.sv.csv": lambda d: render_register(d, lang="sv", fmt="csv"),
    "register.en.csv": lambda d: render_register(d, lang="en", fmt="csv"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rendered_output_matches_its_golden_file(declaration, name):
    rendered = CASES[name](declaration)
    path = GOLDEN / name
    if os.environ.get("OMBUD_UPDATE_GOLDEN") == "1":
        path.write_text(rendered, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if rendered != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            rendered.splitlines(keepends=True),
            fromfile=f"golden/{name}",
            tofile="rendered",
        )
        pytest.fail(
            f"{name} differs from its golden file (OMBUD_UPDATE_GOLDEN=1 to accept):\n"
            + "".join(diff),
            pytrace=False,
        )
