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


# What each kind of failure the CLI reports exits with, and its line (`{}`: the error's
# message), the first kind that matches wins: the library's own failures that are not
# requests, then failed requests (which are `APIError`s), then the rest of the library's
# failures and our own input or output failing (the client wraps network errors).
_REPORTS: tuple[tuple[type[Exception], ExitCode, str], ...] = (
    (ValidationError, ExitCode.USAGE, "invalid argument {}"),
    (ConfigurationError, ExitCode.USAGE, "invalid configuration: {}"),
    (MissingCredentialsError, ExitCode.CREDENTIALS, "no credentials: " + CREDENTIALS_HELP),
    (WatchTimeoutError, ExitCode.TIMED_OUT, "{}"),
    (AuthenticationError, ExitCode.CREDENTIALS, "credentials refused ({}): " + CREDENTIALS_HELP),
    (NotFoundError, ExitCode.NOT_FOUND, "not found: {}"),
    (APIConnectionError, ExitCode.API_ERROR, "could not reach the API: {}"),
    (APIError, ExitCode.API_ERROR, "API error: {}"),
    (ScenarioError, ExitCode.API_ERROR, "{}"),
    (OSError, ExitCode.API_ERROR, "{}"),
)


def classify(error: Exception) -> tuple[ExitCode, str] | None:
    """The exit code and one-line message for an error the CLI reports; None for a bug."""
    if isinstance(error, BulkFetchError):
        # Its requests mostly fail alike (a 401 refuses every one); when they differ, the
        # highest code wins, as when several codes apply to one command.
        return max(map(classify_api_error, (failure.error for failure in error.failures)))
    for kind, code, line in _REPORTS:
        if isinstance(error, kind):
            return code, line.format(error)
    return None


def classify_api_error(error: APIError) -> tuple[ExitCode, str]:
    """The exit code and one-line message for a failed request (several, for get-bulk's)."""
    classified = classify(error)
    assert classified is not None, "every APIError has a report"
    return classified
