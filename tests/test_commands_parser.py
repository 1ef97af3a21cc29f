"""commands/parser.py: words -> one argument model per verb; errors raise, never exit."""

from __future__ import annotations

import argparse

import pytest

from jupyter_modelarts import cli
from jupyter_modelarts.commands.errors import HelpRequested, UsageError
from jupyter_modelarts.commands.parser import parse_cell, parse_words, split_line, verb_parser
from jupyter_modelarts.commands.verbs import VERBS
from jupyter_modelarts.commands.verbs.create import CreateArgs, CreateBodyArgs
from jupyter_modelarts.commands.verbs.delete import DeleteArgs
from jupyter_modelarts.commands.verbs.flavors import FlavorsArgs
from jupyter_modelarts.commands.verbs.help import HelpArgs
from jupyter_modelarts.commands.verbs.images import ImagesArgs
from jupyter_modelarts.commands.verbs.lease import LeaseArgs
from jupyter_modelarts.commands.verbs.list import ListArgs
from jupyter_modelarts.commands.verbs.start import StartArgs
from jupyter_modelarts.commands.verbs.update import UpdateArgs, UpdateBodyArgs
from jupyter_modelarts.commands.verbs.wait import WaitArgs


def parse(line: str) -> object:
    """The parsed arguments, after checking that the verb named is the one whose model they are."""
    command = parse_words(split_line(line))
    assert isinstance(command.args, command.verb.args)
    return command.args


def test_shell_quoting_keeps_quoted_words_and_ignores_extra_spaces() -> None:
    assert split_line("show  'demo instance'   --json") == ["show", "demo instance", "--json"]
    assert split_line('create x --description "it\'s  two  spaces"') == [
        "create",
        "x",
        "--description",
        "it's  two  spaces",
    ]
    with pytest.raises(UsageError, match="No closing quotation") as error:
        split_line("show 'open")
    assert error.value.usage.startswith("usage: %modelarts VERB")


def test_create_with_every_option() -> None:
    parsed = parse(
        "create nb --flavor f --image img:tag --storage evs:10 --lease idle:30m --ssh-key a --ssh-key b "
        "--allow-ip 203.0.113.7 --allow-ip 198.51.100.1 --description 'd e' --wait --timeout 5m --open --json"
    )
    assert parsed == CreateArgs(
        name="nb", flavor="f", image="img:tag", storage="evs:10", lease="idle:30m", ssh_keys=["a", "b"],
        allow_ips=["203.0.113.7", "198.51.100.1"], description="d e", wait=True, timeout="5m", open=True,
        as_json=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("flavors --category gpu", FlavorsArgs(category="GPU")),
        ("images --flavor f --name torch", ImagesArgs(flavor="f", name="torch")),
        (
            "list --status running --name x --all --json",
            ListArgs(status="RUNNING", name="x", all_users=True, as_json=True),
        ),
        ("start nb --lease 2h --wait", StartArgs(notebook="nb", lease="2h", wait=True)),
        ("delete nb -y", DeleteArgs(notebook="nb", yes=True)),
        (
            "update nb --name n --description d --flavor f --image i --storage-size 20",
            UpdateArgs(notebook="nb", name="n", description="d", flavor="f", image="i", storage_size=20),
        ),
        ("lease nb --extend 3h", LeaseArgs(notebook="nb", extend="3h")),
        ("wait nb", WaitArgs(notebook="nb", status="RUNNING")),
        ("wait nb --status deleted --timeout 1h", WaitArgs(notebook="nb", status="DELETED", timeout="1h")),
        ("help create", HelpArgs(topic="create")),
        ("--help", HelpArgs()),
    ],
)
def test_each_verb_becomes_its_model(line: str, expected: object) -> None:
    assert parse(line) == expected


@pytest.mark.parametrize(
    ("line", "usage", "message"),
    [
        ("", "usage: %modelarts VERB", "give a verb"),
        ("start", "usage: %modelarts start", "the following arguments are required: NB"),
        ("update nb --storage-size big", "usage: %modelarts update", "invalid int value: 'big'"),
        ("wait nb --status NAPPING", "usage: %modelarts wait", "invalid choice: 'NAPPING'"),
        ("open a b", "usage: %modelarts open", "unrecognized arguments: b"),
        ("stats", "usage: %modelarts VERB", "unknown verb 'stats'"),
    ],
)
def test_bad_usage_raises_with_the_verbs_usage(line: str, usage: str, message: str) -> None:
    with pytest.raises(UsageError) as error:
        parse(line)
    assert error.value.usage.startswith(usage) and message in error.value.message


def test_help_raises_help_requested_with_the_verbs_help() -> None:
    with pytest.raises(HelpRequested) as shown:
        parse("lease --help")
    assert shown.value.text.startswith("usage: %modelarts lease") and "--extend DURATION" in shown.value.text
    assert "example: %modelarts lease my-notebook --extend 2h" in shown.value.text


def test_cell_magic_lines() -> None:
    assert parse_cell(["create", "nb", "--wait", "--open"], "body").args == CreateBodyArgs(
        body="body", name="nb", wait=True, open=True
    )
    assert parse_cell(["create"], "b").args == CreateBodyArgs(body="b")
    assert parse_cell(["update", "nb", "--json"], "b").args == UpdateBodyArgs(
        notebook="nb", body="b", as_json=True
    )
    with pytest.raises(UsageError, match="takes create or update, not 'delete'"):
        parse_cell(["delete", "nb"], "b")
    with pytest.raises(UsageError, match="required: NB"):
        parse_cell(["update"], "b")


def _options(parser: argparse.ArgumentParser) -> list[tuple[tuple[str, ...], str]]:
    return sorted((tuple(action.option_strings), action.dest) for action in parser._actions)


@pytest.mark.parametrize("verb", VERBS)
def test_magics_and_cli_have_exactly_the_same_options(verb: str) -> None:
    top = cli.build_parser([verb])
    subparsers = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    assert _options(subparsers.choices[verb]) == _options(verb_parser(verb))
