"""Text the server chooses (a model's name, a stage, an error message) shown by the CLI: in
every human output each character a terminal would act on is shown as its escape (`\\x1b`),
rich never reads it as markup, and `--json` stays exactly as msgspec encodes it.
"""

from __future__ import annotations

import io
import re
import unicodedata

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from scenario_async import AsyncScenario, TransportResponse
from scenario_async.cli import ExitCode
from scenario_async.cli.board import ProgressBoard
from scenario_async.cli.live import LiveTable
from scenario_async.cli.render import (
    MODEL_HEADERS,
    event_line,
    format_table,
    model_details,
    model_row,
    printable,
    printable_lines,
    row_cells,
)
from scenario_async.emulator import Emulator
from scenario_async.training import StageChanged
from scenario_async.types import Model
from scenario_async.watch_core import PollFailed
from tests.support.cli import cli
from tests.support.doubles import scripted
from tests.support.emulated import client_of

# A clear screen, a hyperlink (OSC 8, ended by BEL), rich markup (a link, a style), a
# right-to-left override, a one-byte CSI (C1), a line break and a tab, in the 64 characters a
# model's name may have.
HOSTILE = "\x1b[2J\x1b]8;;http://e\x07L\x1b]8;;\x07[link=http://e]L[/][bold]B \u202eR\x9b[1m\r\n\t."
SHOWN = (
    "\\x1b[2J\\x1b]8;;http://e\\x07L\\x1b]8;;\\x07[link=http://e]L[/][bold]B \\u202eR"
    "\\x9b[1m\\x0d\\x0a\\x09."
)

# Unicode's Bidi_Control characters: unicodedata knows the embeddings, overrides and isolates
# by their bidi class; the three marks share theirs with letters, so they are named.
BIDI_CLASSES = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
BIDI_MARKS = {"\u061c", "\u200e", "\u200f"}

# Any code point, lone surrogates too, mixed with pieces a hostile name would use: escape
# sequences, line breaks, rich markup, bidi controls.
hostile_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(
            [
                *("\x1b[2J", "\x1b]8;;http://e\x07", "\x9b1m", "\r\n", "\u2028"),
                *("[bold]", "[/]", "[link=http://e]", ":smile:"),
                *("\u202e", "\u2067", "\u200f", "\ud800"),
            ]
        ),
    )
).map("".join)


def shows_as_is(char: str) -> bool:
    """A character a terminal draws rather than acts on, and that keeps the line in order."""
    return (
        unicodedata.category(char) not in {"Cc", "Cs", "Zl", "Zp"}
        and unicodedata.bidirectional(char) not in BIDI_CLASSES
        and char not in BIDI_MARKS
    )


def unescaped(shown: str) -> str:
    return re.sub(r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}", lambda m: chr(int(m[0][2:], 16)), shown)


def rendered_by_rich(text: Text) -> str:
    console = Console(file=io.StringIO(), record=True, width=100)
    console.print(text, soft_wrap=True)
    return console.export_text()


def test_a_hostile_name_is_shown_escaped() -> None:
    assert printable(HOSTILE) == SHOWN


@given(hostile_text)
def test_printable_text_is_one_line_a_terminal_only_draws(text: str) -> None:
    shown = printable(text)
    assert all(shows_as_is(char) for char in shown)
    assert len(shown.splitlines()) <= 1
    assert printable(shown) == shown


@given(hostile_text.filter(lambda text: "\\" not in text))
def test_printable_loses_nothing(text: str) -> None:
    # Without backslashes of its own, the text comes back whole from its escapes.
    assert unescaped(printable(text)) == text


@given(st.text())
def test_text_that_is_safe_already_is_left_as_it_is(text: str) -> None:
    if all(shows_as_is(char) for char in text):
        assert printable(text) == text


@given(hostile_text)
def test_rich_draws_printable_text_literally(text: str) -> None:
    shown = printable(text)
    assert rendered_by_rich(Text(shown)) == shown + "\n"


@given(hostile_text)
def test_every_human_line_and_cell_of_a_model_is_printable(name: str) -> None:
    model = Model(id="model_a", privacy="private", type="flux.1-lora", status=name, name=name)
    lines = [
        *model_details(model),
        *format_table(MODEL_HEADERS, [model_row(model)]),
        event_line(
            StageChanged(model_id=name, observed_at=0, model=model, from_stage=None, to_stage=name)
        ),
        event_line(
            PollFailed(
                observed_at=0,
                model_ids=("model_a",),
                error=name,
                message=name,
                status=500,
                failures=1,
                retry_in=None,
            )
        ),
    ]
    board = ProgressBoard(["model_a"], [model])
    cells = row_cells(board.rows["model_a"])
    for line in [*lines, cells.label, cells.stage]:
        assert all(shows_as_is(char) for char in line), line


def test_lines_of_a_prompt_guide_keep_their_breaks_and_show_the_rest() -> None:
    assert printable_lines("# Guide\r\nUse \x1b[1msks\x1b[0m.\n\n\tEnd") == [
        "# Guide",
        "Use \\x1b[1msks\\x1b[0m.",
        "",
        "\\x09End",
    ]


def test_the_live_table_draws_a_name_as_it_is_never_as_markup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the model column at its widest: no ellipsis
    name = "\x1b[2J[bold]B[/] [link=http://e]L\u202e"
    board = ProgressBoard(["m1"], [Model(id="m1", privacy="private", type="t", name=name)])
    screen = io.StringIO()  # not a terminal: the last frame, as plain text, on exit
    with LiveTable(board, screen):
        pass
    assert "\\x1b[2J[bold]B[/] [link=http://e]L\\u202e (m1)" in screen.getvalue()
    assert "\x1b" not in screen.getvalue() and "\u202e" not in screen.getvalue()


# --- end to end, against the emulator ---------------------------------------------------------


@pytest.mark.usefixtures("credentials")
async def test_get_shows_a_hostile_name_escaped_and_json_keeps_it_exact(
    scenario_emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    async with client_of(scenario_emulator) as client:
        model_id = (await client.models.create(name=HOSTILE, type="flux.1-lora")).model.id

    assert await cli("models", "get", model_id) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"name:            {SHOWN}\n" in out
    assert all(shows_as_is(char) for char in out.replace("\n", ""))

    assert await cli("models", "list") == ExitCode.OK
    (row,) = capsys.readouterr().out.splitlines()[1:]
    assert row.split()[:2] == [model_id, SHOWN[:31] + "…"]

    assert await cli("models", "get", model_id, "--json") == ExitCode.OK
    out = capsys.readouterr().out
    assert msgspec.json.decode(out)["name"] == HOSTILE
    assert out == msgspec.json.encode(await fetched(scenario_emulator, model_id)).decode() + "\n"


@pytest.mark.usefixtures("credentials")
async def test_a_name_the_terminal_cannot_encode_is_shown_escaped(
    scenario_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with client_of(scenario_emulator) as client:
        model_id = (await client.models.create(name="日本 café", type="flux.1-lora")).model.id
    ascii_terminal = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr("sys.stdout", ascii_terminal)

    assert await cli("models", "get", model_id) == ExitCode.OK
    ascii_terminal.flush()
    shown = ascii_terminal.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    assert "name:            \\u65e5\\u672c caf\\xe9\n" in shown


async def fetched(emulator: Emulator, model_id: str) -> Model:
    async with client_of(emulator) as client:
        return (await client.models.retrieve(model_id)).model


@pytest.mark.usefixtures("credentials")
async def test_ids_echoed_on_stderr_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli("models", "bulk", "model_\x1b[2Jgone") == ExitCode.NOT_FOUND
    assert capsys.readouterr().err == "error: not found: model_\\x1b[2Jgone\n"


@pytest.mark.usefixtures("credentials")
async def test_a_prompt_guide_keeps_its_lines_and_shows_its_escapes(
    scenario_emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    async with client_of(scenario_emulator) as client:
        model_id = (await client.models.create(name="Guided", type="flux.1-lora")).model.id
        await client.models.prompt_guide.update(model_id, prompt_guide="# \x1b]0;pwned\x07\nsks")
    assert await cli("models", "prompt-guide", model_id) == ExitCode.OK
    assert capsys.readouterr().out == "# \\x1b]0;pwned\\x07\nsks\n"


async def test_an_error_message_from_the_server_is_one_escaped_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = msgspec.json.encode({"message": "\x1b[2J[bold]boom\r\n\u202efake"})
    transport = scripted(TransportResponse(400, {}, body))

    def client(*, base_url: str | None) -> AsyncScenario:
        return AsyncScenario(api_key="k", api_secret="s", transport=transport, max_retries=0)

    monkeypatch.setattr("scenario_async.cli.models.AsyncScenario", client)
    assert await cli("models", "get", "model_x") == ExitCode.API_ERROR
    assert capsys.readouterr().err == (
        "error: API error: GET /models/model_x -> 400: \\x1b[2J[bold]boom\\x0d\\x0a\\u202efake\n"
    )
