"""Documentation is a contract: every CLI command and option appears in the README."""

from __future__ import annotations

import argparse
import re

from conftest import ROOT


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    from newsgraph.cli import build_parser
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_is_documented():
    readme = (ROOT / "README.md").read_text("utf-8")
    cmds = _subcommands()
    assert cmds, "the CLI has no subcommands?"
    missing = [c for c in cmds if not re.search(rf"newsgraph {re.escape(c)}\b", readme)]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_every_option_is_documented():
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = []
    for name, sp in _subcommands().items():
        for action in sp._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help" and opt not in readme:
                    missing.append(f"{name} {opt}")
    assert not missing, f"options not documented in README.md: {missing}"


def test_every_command_has_help():
    for name, sp in _subcommands().items():
        assert sp.description or sp.format_help(), name
