"""Any text as an id, lone surrogates included, is refused where it is given, naming its
parameter, or sent as exactly that id: in a path, percent-encoded as ASCII in one segment that
decodes back to it; in a get-bulk body, as itself.

A lone surrogate (`"\\ud800"`) is a valid `str` with no UTF-8 form: without a check, it fails
with `UnicodeEncodeError` only when the request is encoded.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from hypothesis import example, given
from hypothesis import strategies as st

from scenario_async import (
    AsyncScenario,
    MockTransport,
    TransportRequest,
    TransportResponse,
    ValidationError,
)
from tests.property.strategies import Operation
from tests.property.test_paths import build, path_case

# `st.characters()` leaves out the surrogates (category Cs) unless they are asked for.
any_text = st.text(alphabet=st.characters() | st.characters(categories=["Cs"]))


@path_case
@given(value=any_text)
@example(value="\ud800")
@example(value="a\udfffb")
@example(value="\ud83d\ude00")  # a pair written as two escapes: still two lone surrogates
@example(value="é\U0001f600 %")
def test_an_id_is_refused_or_sent_as_itself_in_its_own_segment(
    op: Operation, name: str, value: str
) -> None:
    try:
        call = build(op, {name: value})
    except ValidationError as exc:
        assert exc.parameter == name
        return
    assert call.path.isascii()
    template, segments = op.template.split("/"), call.path.split("/")
    assert len(segments) == len(template)
    [segment] = [s for part, s in zip(template, segments, strict=True) if part == "{" + name + "}"]
    assert unquote(segment, errors="strict") == value


def get_bulk_server(request: TransportRequest) -> TransportResponse:
    return TransportResponse(200, {}, b'{"models": []}')


@given(ids=st.lists(any_text, max_size=6))
@example(ids=["a", "\ud800"])
async def test_bulk_ids_are_refused_where_given_or_sent_as_themselves(ids: list[str]) -> None:
    transport = MockTransport(get_bulk_server)
    async with AsyncScenario(api_key="k", api_secret="s", transport=transport) as client:
        try:
            await client.models.get_bulk(model_ids=ids, chunk_size=2)
        except ValidationError as exc:
            index = re.fullmatch(r"model_ids\[(\d+)\]", exc.parameter)
            assert index is not None, exc.parameter
            refused = ids[int(index.group(1))]
            assert refused == "" or any("\ud800" <= char <= "\udfff" for char in refused)
            assert transport.requests == []
            return
    sent = [i for r in transport.requests for i in json.loads(r.body or b"{}")["modelIds"]]
    assert sent == list(dict.fromkeys(ids))
