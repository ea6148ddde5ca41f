"""Capture requests on the wire, from our client and from the official SDK, in one shape.

Both clients run against in-memory transports (our `MockTransport`, httpx's
`MockTransport`) that answer with an operation's sample response; each request is reduced
to a `WireRequest` so that the two can be compared field by field.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

from scenario_async import AsyncScenario, MockTransport, TransportRequest, TransportResponse

from .samples import sample_bytes

__all__ = [
    "API_KEY",
    "API_SECRET",
    "BASE_PATH",
    "BASE_URL",
    "BASIC_AUTH",
    "JsonFloat",
    "WireRequest",
    "call_operation",
    "from_httpx",
    "from_transport",
    "our_client",
    "resolve",
    "response_form",
    "sdk_client",
]

API_KEY = "k"
API_SECRET = "s"
BASE_URL = "https://api.test/v1"
BASE_PATH = "/v1"
# Written out, not computed with the code under test: base64("k:s").
BASIC_AUTH = "Basic " + base64.b64encode(b"k:s").decode("ascii")


class JsonFloat(float):
    """A JSON number written with a fraction or an exponent (`2.0`, `1e-4`), as parsed here.

    It equals floats of the same value and never an int: `2` and `2.0` are the same number to
    Python but not on the wire, where the official SDK sends the number the caller gave, so a
    body that turns `batch_size=2` into `2.0` must not compare equal to one that does not.
    (`2 == JsonFloat(2.0)` is False too: `int.__eq__` declines a float, then this one answers.)
    Two parsed bodies thus compare strictly both ways; against a Python literal, only a wire
    float is held to its type (a wire `2` still equals a literal `2.0`, which `float` decides).
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, float) and float(self) == float(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = float.__hash__


@dataclass(frozen=True)
class WireRequest:
    """One request as a server sees it."""

    method: str
    # The path as sent, still percent-encoded.
    raw_path: str
    # The query string as sent, still percent-encoded.
    raw_query: str
    headers: Mapping[str, str]
    content: bytes

    @property
    def path(self) -> str:
        return unquote(self.raw_path)

    @property
    def query(self) -> Counter[tuple[str, str]]:
        """Decoded (name, value) pairs as a multiset."""
        return Counter(parse_qsl(self.raw_query, keep_blank_values=True))

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.raw_query, keep_blank_values=True)

    @property
    def json(self) -> Any:
        """The JSON body, parsed, its fractional numbers as `JsonFloat`; `None` when empty."""
        return json.loads(self.content, parse_float=JsonFloat) if self.content else None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None


def from_transport(request: TransportRequest) -> WireRequest:
    parts = urlsplit(request.url)
    return WireRequest(
        method=request.method,
        raw_path=parts.path,
        raw_query=parts.query,
        headers=dict(request.headers),
        content=request.body or b"",
    )


def from_httpx(request: httpx.Request) -> WireRequest:
    raw_path, _, raw_query = request.url.raw_path.decode("ascii").partition("?")
    return WireRequest(
        method=request.method,
        raw_path=raw_path,
        raw_query=raw_query,
        headers=dict(request.headers),
        content=request.content,
    )


def response_form(client: object, operation: str, form: str) -> Callable[..., Any]:
    """`operation` of `client` as its `form`: "with_raw_response" or "with_streaming_response"
    (`response_form(client, "models.presets.list", "with_raw_response")`)."""
    head, _, rest = operation.partition(".")
    return resolve(getattr(getattr(client, head), form), rest)


def resolve(root: object, dotted: str) -> Callable[..., Any]:
    """`resolve(client, "models.training_images.replace")` -> that bound operation."""
    target: Any = root
    for part in dotted.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


async def call_operation(
    client: object, operation: str, args: Sequence[Any], kwargs: Mapping[str, Any]
) -> Any:
    """Send one operation; `models.list` returns a paginator, awaited for its first page."""
    return await resolve(client, operation)(*args, **kwargs)


def our_client(
    operation: str, *, status: int = 200, body: bytes | None = None
) -> tuple[AsyncScenario, MockTransport]:
    """Our client on a `MockTransport` answering every request with `operation`'s sample."""
    payload = sample_bytes(operation) if body is None else body

    def handler(request: TransportRequest) -> TransportResponse:
        return TransportResponse(status, {"Content-Type": "application/json"}, payload)

    transport = MockTransport(handler)
    client = AsyncScenario(
        api_key=API_KEY, api_secret=API_SECRET, base_url=BASE_URL, transport=transport
    )
    return client, transport


def sdk_client(operation: str) -> tuple[Any, list[httpx.Request]]:
    """The official SDK on an httpx `MockTransport` answering with `operation`'s sample."""
    from scenario_sdk import AsyncScenario as SdkClient

    seen: list[httpx.Request] = []
    payload = sample_bytes(operation)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=payload, headers={"Content-Type": "application/json"})

    client = SdkClient(
        api_key=API_KEY,
        api_secret=API_SECRET,
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        max_retries=0,
    )
    return client, seen
