"""Every command explains itself: help text with an example call."""

import typer.main

from ombud.cli import app


def commands(group, prefix=()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from commands(command, path)
        else:
            yield path, command


def test_every_command_has_help_ending_with_an_example():
    root = typer.main.get_command(app)
    found = dict(commands(root))
    assert ("check",) in found and ("audit", "verify") in found
    for path, command in found.items():
        assert command.help and command.help.strip(), path
        assert "Example:" in command.help, f"ombud {' '.join(path)} has no Example: line"
