"""What a list of ids may be: any collection or iterator of them, never one bare `str`.

A `str` is itself a sequence of one-letter strings, so `Sequence[str]` or `Iterable[str]`
would take `watch("model_abc")` as nine ids, each of them gone. The types below refuse it
the way the official SDK's `SequenceNotStr` does: `str.__contains__` takes only a `str`,
where these protocols ask for a `__contains__` that takes any object, as every list, tuple,
set and dict view has. `checked_not_str` refuses it again at run time, for callers no type
checker reads.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterator, Sequence
from typing import Protocol, SupportsIndex, TypeAlias, TypeVar, overload

__all__ = [
    "CollectionNotStr",
    "IdSource",
    "ModelIds",
    "SequenceNotStr",
    "checked_not_str",
]

_T_co = TypeVar("_T_co", covariant=True)


class SequenceNotStr(Protocol[_T_co]):
    """A sequence that is not a `str`, as the official SDK types its lists of ids."""

    @overload
    def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T_co]: ...
    def __reversed__(self) -> Iterator[_T_co]: ...


class CollectionNotStr(Protocol[_T_co]):
    """A collection that is not a `str`: a list or tuple, and also a set or a dict's keys."""

    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T_co]: ...


ModelIds: TypeAlias = CollectionNotStr[str] | Iterator[str]
"""Ids read once, in order: a collection of them or an iterator (a generator) over them."""

IdSource: TypeAlias = ModelIds | AsyncIterable[str]
"""Ids a stream of fetches reads lazily, from `ModelIds` or an async iterable."""


def checked_not_str(value: object, parameter: str, items: str = "ids") -> None:
    """Refuse one `str` (or bytes) given where a list of `items` is expected, with `TypeError`.

    Iterated, it would be one item per character (per byte), each sent as an item.
    """
    if isinstance(value, str):
        # The fix in the message when it is short enough to read: one id is.
        fix = f"[{value!r}]" if len(value) <= 64 else f"a list of {items}"
        raise TypeError(f"{parameter} must be a list of {items}, not a str: pass {fix}")
    if isinstance(value, bytes | bytearray):
        raise TypeError(f"{parameter} must be a list of {items}, not {type(value).__name__}")
