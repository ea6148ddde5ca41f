"""Exit codes scripts can rely on (`EXIT_CODES_HELP`), and the pure mapping from an error to
its code and one-line message."""

from __future__ import annotations

import enum

from ..errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    MissingCredentialsError,
    NotFoundError,
    ValidationError,
    WatchTimeoutError,
)

__all__ = ["CREDENTIALS_HELP", "EXIT_CODES_HELP", "ExitCode", "classify"]

EXIT_CODES_HELP = """\
exit codes:
  0    ok
  1    the API answered with an error not listed below, or could not be reached
  2    usage: bad arguments, or a value the API's documented constraints refuse (nothing sent)
  3    credentials: none in the environment, or the API refused them (401)
  4    not found: an unknown model id
  5    a training failed or was canceled
  6    the watch deadline (--timeout) passed with models still training
  130  interrupted (Ctrl-C)
when several apply (a watch of many models), the highest wins."""

CREDENTIALS_HELP = (
    "set SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT); "
    "SCENARIO_BASE_URL picks the server"
)


class ExitCode(enum.IntEnum):
    OK = 0
    API_ERROR = 1
    USAGE = 2
    CREDENTIALS = 3
    NOT_FOUND = 4
    TRAINING_FAILED = 5
    TIMED_OUT = 6
    INTERRUPTED = 130


def classify(error: Exception) -> tuple[ExitCode, str] | None:
    """The exit code and one-line message for an error the CLI reports; None for a bug."""
    match error:
        case ValidationError():
            return ExitCode.USAGE, f"invalid argument {error}"
        case MissingCredentialsError():
            return ExitCode.CREDENTIALS, f"no credentials: {CREDENTIALS_HELP}"
        case AuthenticationError():
            return ExitCode.CREDENTIALS, f"credentials refused ({error}): {CREDENTIALS_HELP}"
        case NotFoundError():
            return ExitCode.NOT_FOUND, f"not found: {error}"
        case WatchTimeoutError():
            return ExitCode.TIMED_OUT, str(error)
        case APIConnectionError():
            return ExitCode.API_ERROR, f"could not reach the API: {error}"
        case APIError():
            return ExitCode.API_ERROR, f"API error: {error}"
    return None
