"""Base classes shared by every request and response type."""

import msgspec

__all__ = ["RequestStruct", "ResponseStruct"]


class ResponseStruct(msgspec.Struct, kw_only=True, omit_defaults=True, rename="camel"):
    """Base of the response types: tolerant, unknown fields are ignored."""


class RequestStruct(
    msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True, rename="camel"
):
    """Base of the request types: strict, unknown fields are rejected."""
