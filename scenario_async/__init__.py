"""scenario_async: a typed, async-only client for Scenario's models API.

Switching from the official SDK is one import: `from scenario_async import AsyncScenario`.
"""

from .calls import Call, Timeout
from .client import DEFAULT_BASE_URL, AsyncScenario, RawResponse
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseDecodeError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    ScenarioError,
    UnprocessableEntityError,
    ValidationError,
)
from .events import RequestEvent, RequestFailed, RequestSent, ResponseReceived, RetryScheduled
from .resources import ModelPaginator
from .retry import RetryPolicy
from .transport import (
    AiohttpTransport,
    MockTransport,
    Transport,
    TransportRequest,
    TransportResponse,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APIResponseDecodeError",
    "APIStatusError",
    "APITimeoutError",
    "AiohttpTransport",
    "AsyncScenario",
    "AuthenticationError",
    "BadRequestError",
    "Call",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "MockTransport",
    "ModelPaginator",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RequestEvent",
    "RequestFailed",
    "RequestSent",
    "ResponseReceived",
    "ResponseTooLargeError",
    "RetryPolicy",
    "RetryScheduled",
    "ScenarioError",
    "Timeout",
    "Transport",
    "TransportRequest",
    "TransportResponse",
    "UnprocessableEntityError",
    "ValidationError",
]
