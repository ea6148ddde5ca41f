"""Write scenario_async/_signatures.py: each operation's signature, spelled out for type checkers.

A resource declares each operation from its builder (ops/), as in
`delete: BoundOperation[ModelsDeleteBuilder] = BoundOperation(ops.models.delete)`.
Type checkers, and pyright's check of a library's public types, need that attribute's type
written down, and a function's signature has no name of its own: so each builder gets here a
Protocol of the same signature (`ModelsRetrieveBuilder`), which the operation classes read the
parameters from. And a captured signature cannot take one more keyword, so the operations
whose answer holds models get a class here whose `__call__` takes the builder's parameters
alone (the answer as sent) or with `into` (its models decoded into the caller's `MyView`).

    python tools/generate_signatures.py          # write the file
    python tools/generate_signatures.py --check  # exit 1 if writing would change it
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import inspect
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "scenario_async" / "_signatures.py"
PACKAGE = "scenario_async"


@dataclass(frozen=True)
class Built:
    """A builder, the name of its Protocol, and, when its answer holds models, what its
    operation returns with `into=V` and the name of the operation's class."""

    builder: Callable[..., Any]
    name: str
    answer: str
    projected: str | None = None
    paginates: bool = False

    @property
    def protocol(self) -> str:
        return f"{self.name}Builder"

    @property
    def operation(self) -> str:
        return f"{self.name}Operation"


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def builders() -> list[Built]:
    from scenario_async import ops
    from scenario_async.calls import Call
    from scenario_async.types import ModelGetBulkResponse, ModelListPage
    from scenario_async.types.responses import MODEL_ENVELOPES

    found = []
    for module_name in ops.__all__:
        module = getattr(ops, module_name)
        if not isinstance(module, ModuleType):
            continue
        for name in module.__all__:
            builder = getattr(module, name)
            returned = typing.get_type_hints(builder).get("return")
            if typing.get_origin(returned) is not Call:
                continue
            (answer,) = typing.get_args(returned)
            # As the builder writes it (`EmptyResponse`, not the `dict[str, Any]` it stands for).
            written = inspect.signature(builder).return_annotation
            answer_name = written.removeprefix("Call[").removesuffix("]")
            built = Built(builder, f"{_pascal(module_name)}{_pascal(name)}", answer_name)
            # get_bulk takes any number of ids (BulkGetOperation, typed by its TypedDict).
            if answer in MODEL_ENVELOPES and answer is not ModelGetBulkResponse:
                paginates = answer is ModelListPage
                projected = (
                    "ModelPaginator[V]" if paginates else f"{MODEL_ENVELOPES[answer].__name__}[V]"
                )
                built = dataclasses.replace(built, projected=projected, paginates=paginates)
            found.append(built)
    return found


def _names(annotation: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(annotation, mode="eval")):
        if isinstance(node, ast.Name):
            yield node.id


def _home(name: str, module: ModuleType) -> str:
    """The module a name used in `module`'s annotations is defined in, to import it from there
    (mypy --strict does not let a module re-export what it imported)."""
    value = vars(module)[name]
    if getattr(value, "__name__", None) == name and hasattr(value, "__module__"):
        return str(value.__module__)
    if getattr(value, "_name", None) == name:  # a special form: Literal, Unpack
        return "typing"
    # An alias (`ModelType = Literal[...]`): the package module that assigns it.
    for candidate in sorted(m for m in sys.modules if m.startswith(PACKAGE + ".")):
        source = inspect.getsource(sys.modules[candidate])
        for statement in ast.parse(source).body:
            targets = (
                statement.targets
                if isinstance(statement, ast.Assign)
                else [statement.target]
                if isinstance(statement, ast.AnnAssign)
                else []
            )
            if any(isinstance(target, ast.Name) and target.id == name for target in targets):
                return candidate
    raise SystemExit(f"cannot tell where {name!r} (used by {module.__name__}) is defined")


def _relative(module: str) -> str:
    return "." + module.removeprefix(PACKAGE + ".") if module.startswith(PACKAGE + ".") else module


def _parameters(built: Built, imports: dict[str, set[str]], *, into: bool) -> str:
    """The builder's parameters as source (`into: type[V]` added among the keywords when
    `into`), noting the names they need in `imports`."""
    module = sys.modules[built.builder.__module__]
    lines = ["self,"]
    keyword_only = False
    for parameter in inspect.signature(built.builder).parameters.values():
        annotation = parameter.annotation
        for name in _names(annotation):
            if not hasattr(builtins, name):
                imports.setdefault(_relative(_home(name, module)), set()).add(name)
        starts_keywords = parameter.kind in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD)
        if starts_keywords and not keyword_only:
            lines += ["*,", "into: type[V],"] if into else ["*,"]
            keyword_only = True
        if parameter.kind is parameter.VAR_KEYWORD:
            lines.append(f"**{parameter.name}: {annotation},")
            continue
        default = "" if parameter.default is parameter.empty else " = ..."
        lines.append(f"{parameter.name}: {annotation}{default},")
    return "\n".join(lines)


def _protocol_source(built: Built, imports: dict[str, set[str]]) -> str:
    module = sys.modules[built.builder.__module__]
    imports.setdefault(_relative(_home(built.answer, module)), set()).add(built.answer)
    return f'''
class {built.protocol}(Protocol):
    """The signature of `{_dotted(built)}`."""

    def __call__({_parameters(built, imports, into=False)}) -> Call[{built.answer}]: ...
'''


def _dotted(built: Built) -> str:
    return f"{built.builder.__module__.rsplit('.', 1)[1]}.{built.builder.__name__}"


def _operation_source(built: Built, imports: dict[str, set[str]]) -> str:
    assert built.projected is not None
    if built.paginates:
        base, prefix = "ListOperation", ""
        plain = "ModelPaginator[Model]"
        body = "return self._paginator(args, kwargs, into)"
        what = "a `ModelPaginator`; with `into=MyView`, of your Struct"
    else:
        imports[".types"].add(built.projected.removesuffix("[V]"))
        base, prefix = "ProjectingOperation", "async "
        plain = built.answer
        body = "return await self._send_into(args, kwargs, into)"
        what = "its answer; `into=MyView`: its models decoded into your Struct"
    return f'''
class {built.operation}({base}[{built.protocol}]):
    """`{_dotted(built)}`: {what}."""

    __slots__ = ()

    @overload
    {prefix}def __call__({_parameters(built, imports, into=False)}) -> {plain}: ...
    @overload
    {prefix}def __call__({_parameters(built, imports, into=True)}) -> {built.projected}: ...
    {prefix}def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        {body}
'''


def generate() -> str:
    imports: dict[str, set[str]] = {
        "typing": {"Any", "Protocol", "TypeVar", "overload"},
        "msgspec": set(),
        ".calls": {"Call"},
        ".pagination": {"ModelPaginator"},
        ".resource_operations": {"ListOperation", "ProjectingOperation"},
        ".types": {"Model"},
    }
    every = builders()
    protocols = [_protocol_source(built, imports) for built in every]
    projecting = [built for built in every if built.projected is not None]
    operations = [_operation_source(built, imports) for built in projecting]
    import_lines = []
    for module in sorted(imports, key=lambda m: (m.startswith("."), m)):
        names = sorted(imports[module])
        if module == "msgspec":
            import_lines.append("import msgspec")
            names = [n for n in names if n != "msgspec"]
        if names:
            import_lines.append(f"from {module} import {', '.join(names)}")
    exported = ", ".join(
        f'"{name}"'
        for name in sorted([b.protocol for b in every] + [b.operation for b in projecting])
    )
    source = f'''"""Each operation's signature, spelled out for type checkers: see the generator.

Written by tools/generate_signatures.py from the builders in ops/: do not edit; run it again.
"""

from __future__ import annotations

{chr(10).join(import_lines)}

__all__ = [{exported}]

V = TypeVar("V", bound=msgspec.Struct)
{"".join(protocols)}{"".join(operations)}'''
    return _formatted(source)


def _formatted(source: str) -> str:
    ruff = Path(sys.executable).with_name("ruff")
    for command in (["check", "--select", "I", "--fix"], ["format"]):
        source = subprocess.run(
            [str(ruff), *command, "--stdin-filename", str(TARGET), "-"],
            input=source,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return source


def _load_package_bare() -> None:
    """Make the package's modules importable without running its `__init__`, which imports
    the resources, which import the file this writes (out of date, or absent)."""
    package = ModuleType(PACKAGE)
    package.__path__ = [str(ROOT / PACKAGE)]
    sys.modules[PACKAGE] = package


def main(argv: list[str]) -> int:
    _load_package_bare()
    source = generate()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text() != source:
            target = TARGET.relative_to(ROOT)
            print(f"{target} is out of date: run python tools/generate_signatures.py")
            return 1
        return 0
    TARGET.write_text(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
