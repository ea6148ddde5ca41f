"""Transport doubles shared by the tests that pin one exchange."""

from __future__ import annotations

from scenario_async import MockTransport, TransportRequest, TransportResponse


def scripted(*steps: TransportResponse | Exception) -> MockTransport:
    """Answers (or raises) `steps` in order, then repeats the last one."""
    queue = list(steps)

    def handler(request: TransportRequest) -> TransportResponse:
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        return step

    return MockTransport(handler)
