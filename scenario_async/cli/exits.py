"""Exit codes scripts can rely on (`EXIT_CODES_HELP`), and the pure mapping from an error to
its code and one-line message."""

from __future__ import annotations

import enum

from ..errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    BulkFetchError,
    MissingCredentialsError,
    NotFoundError,
    ScenarioError,
    ValidationError,
    WatchTimeoutError,
)

__all__ = [
    "CREDENTIALS_HELP",
    "EXIT_CODES_HELP",
    "ConfigurationError",
    "ExitCode",
    "classify",
    "classify_api_error",
]

EXIT_CODES_HELP = """\
exit codes:
  0    ok
  1    the API answered with an error not listed below, or could not be reached;
       or reading input or writing output failed (a closed pipe)
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


class ConfigurationError(Exception):
    """A setting (a flag or an environment variable) the client refuses; nothing was sent."""


def classify(error: Exception) -> tuple[ExitCode, str] | None:
    """The exit code and one-line message for an error the CLI reports; None for a bug."""
    match error:
        case ValidationError():
            return ExitCode.USAGE, f"invalid argument {error}"
        case ConfigurationError():
            return ExitCode.USAGE, f"invalid configuration: {error}"
        case MissingCredentialsError():
            return ExitCode.CREDENTIALS, f"no credentials: {CREDENTIALS_HELP}"
        case WatchTimeoutError():
            return ExitCode.TIMED_OUT, str(error)
        case APIError():
            return classify_api_error(error)
        # The rest of the library's failures, and our own input or output failing (the client
        # wraps network errors): their message says what went wrong.
        case ScenarioError() | OSError():
            return ExitCode.API_ERROR, str(error)
        case _:
            return None


def classify_api_error(error: APIError) -> tuple[ExitCode, str]:
    """The exit code and one-line message for a failed request (several, for get-bulk's)."""
    match error:
        case BulkFetchError():
            # Its requests mostly fail alike (a 401 refuses every one); when they differ, the
            # highest code wins, as when several codes apply to one command.
            return max(map(classify_api_error, (f.error for f in error.failures)))
        case AuthenticationError():
            return ExitCode.CREDENTIALS, f"credentials refused ({error}): {CREDENTIALS_HELP}"
        case NotFoundError():
            return ExitCode.NOT_FOUND, f"not found: {error}"
        case APIConnectionError():
            return ExitCode.API_ERROR, f"could not reach the API: {error}"
        case _:
            return ExitCode.API_ERROR, f"API error: {error}"
