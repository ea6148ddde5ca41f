"""`ErrorAnswer`: the error the emulator answers instead of a result."""

from __future__ import annotations

__all__ = ["ErrorAnswer"]


class ErrorAnswer(Exception):
    """The error answer the emulator sends instead of a result (not the client's `APIError`,
    which is how a client sees such an answer): HTTP status, the parameter (wire name) at
    fault, and a message."""

    def __init__(self, status: int, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.status = status
        self.parameter = parameter
        self.message = message
