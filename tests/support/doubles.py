"""Transport doubles shared by the tests that pin one exchange, and one exchange read whole."""

from __future__ import annotations

from scenario_async import MockTransport, Transport, TransportRequest, TransportResponse


def scripted(*steps: TransportResponse | Exception) -> MockTransport:
    """Answers (or raises) `steps` in order, then repeats the last one."""
    queue = list(steps)

    def handler(request: TransportRequest) -> TransportResponse:
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        return step

    return MockTransport(handler)


async def exchanged(transport: Transport, request: TransportRequest) -> tuple[int, bytes]:
    """The status and whole body of the response `transport` opens for `request`."""
    response = await transport.open(request)
    return response.status, await response.read()
