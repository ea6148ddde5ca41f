"""What mypy (strict) infers for a caller's code: `into=View` gives `View`, without it `Model`.

The snippet is checked the way a user's project would check it, in a fresh cache; each
`reveal_type` line must show the type written next to it.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from tests.support.typecheck import mypy_strict

SNIPPET = """
import msgspec
from scenario_async import AsyncScenario


class View(msgspec.Struct, rename="camel"):
    id: str


async def main(client: AsyncScenario) -> None:
    retrieved = await client.models.retrieve("m", into=View)
    reveal_type(retrieved)  # ModelResponseOf[View]
    reveal_type(retrieved.model)  # View
    reveal_type(await client.models.retrieve("m"))  # ModelResponse
    reveal_type((await client.models.update("m", name="x", into=View)).model)  # View
    reveal_type((await client.models.train.trigger("m", into=View)).model)  # View
    reveal_type((await client.models.train.trigger("m")).job)  # Job
    bulk = await client.models.get_bulk(model_ids=["a"], into=View)
    reveal_type(bulk)  # ModelGetBulkResult[View]
    reveal_type((await client.models.get_bulk(model_ids=["a"])).models)  # list[Model]
    raw = await client.models.get_bulk.raw(model_ids=["a"])
    reveal_type(raw)  # RawResponse[ModelGetBulkResponse]
    async with client.models.stream_bulk(["a"], into=View) as chunks:
        async for chunk in chunks:
            reveal_type(chunk)  # BulkChunk[View]
    reveal_type(await client.models.list(page_size=5))  # ModelPage[Model]
    first = await client.models.list(into=View)
    reveal_type(first.models)  # list[View]
    reveal_type(first.next_pagination_token)  # str | None
    reveal_type(first.next_page_info())  # PageInfo | None
    reveal_type(await first.get_next_page())  # ModelPage[View]
    async for each in first.iter_pages():
        reveal_type(each)  # ModelPage[View]
    async for item in first:
        reveal_type(item)  # View
    async for view in client.models.list(into=View):
        reveal_type(view)  # View
    async with client.models.list(into=View).pages(prefetch=2) as pages:
        async for page in pages:
            reveal_type(page)  # ModelListPageOf[View]
"""


def test_callers_see_their_view_type(tmp_path: Path) -> None:
    out, err, status = mypy_strict(tmp_path, SNIPPET)
    assert status == 0 and not err, out
    revealed = re.findall(r":(\d+): note: Revealed type is \"(.+)\"", out)
    lines = textwrap.dedent(SNIPPET).splitlines()
    expected = [line.rsplit("# ", 1)[1] for line in lines if "reveal_type" in line]
    assert len(revealed) == len(expected), out
    for (line, got), want in zip(revealed, expected, strict=True):
        short = re.sub(r"\b[\w.]+\.(\w+)", r"\1", got)  # module paths left out
        assert short == want, f"line {line}: {got}"
