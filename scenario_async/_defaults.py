"""`TypeVar(..., default=...)` (PEP 696) at run time, without typing_extensions.

A type variable's default tells type checkers what a bare `BulkFetchError` means
(`BulkFetchError[Model]`). typing's own `TypeVar` takes `default=` from Python 3.13 on. Type
checkers read typing_extensions' (a module that uses one imports it under `TYPE_CHECKING`:
they recognize a TypeVar by where it is imported from); at run time nothing reads a default,
so this one drops it rather than add a dependency for it.
"""

from __future__ import annotations

import typing
from typing import Any

__all__ = ["TypeVar"]


def TypeVar(name: str, *constraints: Any, default: Any = None, **options: Any) -> Any:
    # The name is the caller's, which a checker reading this line as a declaration refuses.
    return typing.TypeVar(name, *constraints, **options)  # pyright: ignore[reportGeneralTypeIssues, reportInvalidTypeForm]
