"""The registry is the one list of operations: the client and the emulator expose each of its
entries under the entry's own name, and nothing it does not hold."""

from __future__ import annotations

import functools
from typing import Any

from scenario_async import AsyncScenario
from scenario_async.emulator.app import ROUTES
from scenario_async.ops.registry import OPERATIONS
from scenario_async.resource_methods import ListMethod, ResourceMethod


def _operations_of(resource: Any, prefix: str) -> dict[str, Any]:
    """The operation of each method reachable from `resource`, by the method's dotted name."""
    found: dict[str, Any] = {}
    for name in dir(type(resource)):
        declared = getattr(type(resource), name)
        if isinstance(declared, (ResourceMethod, ListMethod)):
            found[f"{prefix}.{name}"] = declared._build.operation  # pyright: ignore
        # Its sub-resources; not itself in another form (`with_raw_response`, ...).
        elif isinstance(declared, functools.cached_property) and not name.startswith("with_"):
            found |= _operations_of(getattr(resource, name), f"{prefix}.{name}")
    return found


def test_each_operation_is_one_method_of_the_client_under_its_own_name() -> None:
    operations = _operations_of(AsyncScenario(api_key="k", api_secret="s").models, "models")
    assert operations == {operation.name: operation for operation in OPERATIONS}


def test_each_operation_is_one_route_of_the_emulator() -> None:
    routes = {(method, path): name for method, path, name, _ in ROUTES}
    assert len(routes) == len(ROUTES) == len(OPERATIONS)
    for operation in OPERATIONS:
        assert routes[(operation.method, "/v1" + operation.path)] == operation.name
