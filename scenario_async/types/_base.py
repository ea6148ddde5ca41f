"""Base classes shared by every request and response type."""

import msgspec

__all__ = ["RequestStruct", "ResponseStruct"]


class ResponseStruct(msgspec.Struct, kw_only=True, omit_defaults=True, rename="camel", gc=False):
    """Base of the response types: tolerant, unknown fields are ignored.

    `gc=False`, measured on a 500-model get-bulk body (11.8 MB): decoding takes 22 ms at the
    median instead of 46, and 26 ms instead of 157 in a process still holding four earlier
    results (with the collector off, both take 18 ms: the difference is the collections that
    walk every decoded object). Decoded JSON cannot form a reference cycle; the one cost is
    that a cycle a caller builds through a response object would never be collected.
    (`array_like` does not apply: the API sends objects, not arrays.)
    """


class RequestStruct(
    msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True, rename="camel"
):
    """Base of the request types: strict, unknown fields are rejected."""
