"""Write each operation's builder and typed signatures, from the registry (ops/registry.py).

An `Operation` says which arguments its builder takes: its path's ids, the fields of its
query and body Structs, and the request options. Type checkers, and pyright's check of a
library's public types, need those written down, so this writes them, once each:

- `scenario_async/ops/arguments.py`: the keyword arguments, as TypedDicts: one per query
  and body Struct, inheriting as the Structs do (every query from `ProjectQuery`, whose
  TypedDict adds the `RequestOptions`), and one per operation that takes more than one.
- `scenario_async/ops/<group>.py`: one builder class per operation, whose `__call__` takes
  the positional id and `**arguments: Unpack[...]` and hands them to the operation
  (`Operation.build`), and the builder itself (`ops.models.retrieve`). A resource method is
  declared from that class.
- `scenario_async/_signatures.py`: for the operations whose answer holds models, the
  resource method's class, whose `__call__` takes the builder's arguments alone (the answer
  as sent) or with `into` (its models decoded into the caller's `MyView`): a type checker
  cannot add a keyword to a captured signature.

An argument's type is its field's, with `Annotated` constraints left to the Struct, a list
taken as any sequence (a list of ids as one that is not a `str`), and `PARAMETER_TYPES`
where the official SDK takes more than the field holds.

    python tools/generate_signatures.py          # write the files
    python tools/generate_signatures.py --check  # exit 1 if writing would change one
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "scenario_async"
SIGNATURES = ROOT / PACKAGE / "_signatures.py"
OPS = ROOT / PACKAGE / "ops"
ARGUMENTS = OPS / "arguments.py"

# Where the SDK's argument takes more than the field: the Struct or the dict it converts from.
PARAMETER_TYPES = {
    "list[Concept]": "Iterable[Concept | ConceptDict]",
    "TrainingParameters": "TrainingParameters | TrainingParametersDict",
    "list[TrainingImagePairParam]": "Iterable[TrainingImagePairParam | TrainingImagePairDict]",
}
_HOMES = {
    "Iterable": "collections.abc",
    "Sequence": "collections.abc",
    "Literal": "typing",
    "Required": "typing",
    "TypedDict": "typing",
    "Unpack": "typing",
    "UnsetType": "msgspec",
}


@dataclass(frozen=True)
class Signature:
    """One operation's builder, as the generated code names and spells it."""

    operation: Any
    group: str
    attribute: str
    answer: str
    positional: str | None
    arguments: str
    projected: str | None

    @property
    def builder(self) -> str:
        return f"{_pascal(self.group)}{_pascal(self.attribute)}Builder"

    @property
    def method(self) -> str:
        return f"{_pascal(self.group)}{_pascal(self.attribute)}Method"

    @property
    def constant(self) -> str:
        return f"{self.group}_{self.attribute}".upper()

    def parameters(self, *, into: bool = False) -> str:
        positional = f"{self.positional}: str, " if self.positional else ""
        keyword = "*, into: type[V], " if into else ""
        return f"self, {positional}{keyword}**arguments: Unpack[{self.arguments}]"


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


class _ToParameterType(ast.NodeTransformer):
    def __init__(self, id_list: bool) -> None:
        self.id_list = id_list

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        # `Annotated[X, Meta(...)]` is X: the constraints are the Struct's to check.
        if isinstance(node.value, ast.Name) and node.value.id == "Annotated":
            assert isinstance(node.slice, ast.Tuple)
            return self.visit(node.slice.elts[0])
        if isinstance(node.value, ast.Name) and node.value.id == "list":
            node.value = ast.Name("SequenceNotStr" if self.id_list else "Sequence")
        return self.generic_visit(node)


def _members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_members(node.left), *_members(node.right)]
    return [node]


def _parameter_type(field_source: str, *, id_list: bool) -> str:
    members = []
    for member in _members(ast.parse(field_source, mode="eval").body):
        written = PARAMETER_TYPES.get(ast.unparse(member), ast.unparse(member))
        converted = _ToParameterType(id_list).visit(ast.parse(written, mode="eval").body)
        members.append(ast.unparse(converted))
    return " | ".join(members)


class TypedDicts:
    """The TypedDicts of the arguments, in the order they are defined (bases first)."""

    def __init__(self, operations: Any) -> None:
        self.sources: dict[str, str] = {}
        # Each list of ids, as the Struct that declares its field: (Struct, field name).
        self.id_lists = {
            (_declaring(struct, name), name)
            for op in operations
            for name, _ in op.id_lists
            for struct in (op.query, op.body)
            if struct is not None and name in struct.__struct_fields__
        }
        self.sdk_optional = {name for op in operations for name in op.sdk_optional}

    def of_struct(self, struct: type[Any]) -> str:
        from scenario_async.types._base import RequestStruct

        name = f"{struct.__name__}Arguments"
        if name in self.sources:
            return name
        (parent,) = struct.__bases__
        base = "TypedDict" if parent is RequestStruct else self.of_struct(parent)
        if base == "TypedDict" and struct.__name__.endswith("Query"):
            base = "RequestOptions"  # every operation takes a query, and these with it
        (node,) = ast.parse(inspect.getsource(struct)).body
        assert isinstance(node, ast.ClassDef)
        lines = []
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                field = statement.target.id
                annotation = _parameter_type(
                    ast.unparse(statement.annotation), id_list=(struct, field) in self.id_lists
                )
                if statement.value is None and field not in self.sdk_optional:
                    annotation = f"Required[{annotation}]"
                elif statement.value is None:
                    annotation += " | UnsetType"
                lines.append(f"    {field}: {annotation}")
        doc = f'    """The arguments of `{struct.__name__}`."""'
        self.sources[name] = f"\n\nclass {name}({base}, total=False):\n{doc}\n\n" + "\n".join(lines)
        return name

    def of_operation(self, operation: Any, name: str) -> str:
        from scenario_async.calls import path_ids

        bases = [self.of_struct(operation.query)]
        lines = [f"    {id_name}: Required[str]" for id_name in path_ids(operation.path)[:-1]]
        if operation.list_body:
            listed = PARAMETER_TYPES[f"list[{operation.body.__name__}]"]
            lines.append(f"    body: Required[{listed}]")
        elif operation.body is not None:
            bases.append(self.of_struct(operation.body))
        if len(bases) == 1 and not lines:
            return bases[0]
        doc = f'    """The arguments of `{operation.name}`."""'
        body = "\n".join([doc, *([""] if lines else []), *lines])
        self.sources[name] = f"\n\nclass {name}({', '.join(bases)}, total=False):\n{body}"
        return name


def _declaring(struct: type[Any], field: str) -> type[Any]:
    return next(cls for cls in struct.__mro__ if field in vars(cls).get("__annotations__", {}))


def _answer_name(operation: Any) -> str:
    from scenario_async import types

    named = [n for n in types.__all__ if getattr(types, n) is operation.response_type]
    verb = _pascal(operation.name.rsplit(".", 1)[1])
    return next((n for n in named if verb in n), named[0])


def signatures(typed_dicts: TypedDicts) -> list[Signature]:
    from scenario_async.calls import path_ids
    from scenario_async.ops.registry import OPERATIONS
    from scenario_async.types import ModelGetBulkResponse, ModelListPage
    from scenario_async.types.responses import MODEL_ENVELOPES

    found = []
    for operation in OPERATIONS:
        *_, group, attribute = operation.name.split(".")
        projected = None
        # get_bulk takes any number of ids (BulkGetMethod, typed by its TypedDict).
        answer = operation.response_type
        if answer in MODEL_ENVELOPES and answer is not ModelGetBulkResponse:
            envelope = MODEL_ENVELOPES[answer].__name__
            projected = "ModelPaginator[V]" if answer is ModelListPage else f"{envelope}[V]"
        ids = path_ids(operation.path)
        arguments = f"{_pascal(group)}{_pascal(attribute)}Arguments"
        found.append(
            Signature(
                operation,
                group,
                attribute,
                _answer_name(operation),
                ids[-1] if ids else None,
                typed_dicts.of_operation(operation, arguments),
                projected,
            )
        )
    return found


def _names(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}


def _imports(source: str, local: set[str], types_package: str) -> str:
    from scenario_async import types

    by_module: dict[str, set[str]] = {}
    for name in sorted(_names(source) - local):
        if name in _HOMES:
            by_module.setdefault(_HOMES[name], set()).add(name)
        elif name in types.__all__:
            by_module.setdefault(types_package, set()).add(name)
    return "\n".join(
        f"from {module} import {', '.join(sorted(names))}" for module, names in by_module.items()
    )


def _exported(names: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in sorted(names))


def _arguments_module(typed_dicts: TypedDicts) -> str:
    body = "".join(typed_dicts.sources.values())
    return _formatted(
        f'''"""The keyword arguments of each operation's builder, as TypedDicts.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

{_imports(body, {"RequestOptions", *typed_dicts.sources}, "..types")}

from ._build import RequestOptions

__all__ = [{_exported(list(typed_dicts.sources))}]
{body}''',
        ARGUMENTS,
    )


def _builders_module(group: str, members: list[Signature]) -> str:
    classes = []
    for signature in members:
        given = ", " + signature.positional if signature.positional else ""
        classes.append(f"""
class {signature.builder}(Builder[{signature.answer}]):
    def __call__({signature.parameters()}) -> Call[{signature.answer}]:
        return self.operation.build(arguments{given})


{signature.attribute}: {signature.builder} = {signature.builder}(registry.{signature.constant})
""")
    body = "".join(classes)
    arguments = sorted({s.arguments for s in members})
    local = {"Builder", "Call", "registry", "self", *arguments}
    local |= {s.builder for s in members} | {s.attribute for s in members}
    return _formatted(
        f'''"""The builders of the `{group}` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

{_imports(body, local, "..types")}

from ..calls import Call
from . import registry
from ._build import Builder
from .arguments import {", ".join(arguments)}

__all__ = [{_exported([s.builder for s in members] + [s.attribute for s in members])}]
{body}''',
        OPS / f"{group}.py",
    )


def _method_source(signature: Signature) -> str:
    assert signature.projected is not None
    if signature.projected.startswith("ModelPaginator"):
        base, prefix, plain = "ListMethod", "", "ModelPaginator[Model]"
        body = "return self._paginator(args, kwargs, into)"
        what = "a `ModelPaginator`; with `into=MyView`, of your Struct"
    else:
        base, prefix, plain = "ProjectingMethod", "async ", signature.answer
        body = "return await self._send_into(args, kwargs, into)"
        what = "its answer; `into=MyView`: its models decoded into your Struct"
    return f'''
class {signature.method}({base}[{signature.builder}]):
    """`{signature.group}.{signature.attribute}`: {what}."""

    __slots__ = ()

    @overload
    {prefix}def __call__({signature.parameters()}) -> {plain}: ...
    @overload
    {prefix}def __call__({signature.parameters(into=True)}) -> {signature.projected}: ...
    {prefix}def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        {body}
'''


def _signatures_module(every: list[Signature]) -> str:
    projecting = [s for s in every if s.projected is not None]
    body = "".join(_method_source(s) for s in projecting)
    builders: dict[str, list[str]] = {}
    for signature in projecting:
        builders.setdefault(signature.group, []).append(signature.builder)
    builder_imports = "\n".join(
        f"from .ops.{group} import {', '.join(sorted(names))}" for group, names in builders.items()
    )
    arguments = sorted({s.arguments for s in projecting})
    local = {"Any", "Model", "ModelPaginator", "V", "self", "overload", *arguments}
    local |= {s.builder for s in projecting} | {s.method for s in projecting}
    return _formatted(
        f'''"""The resource methods whose answer holds models, with and without `into`.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

import msgspec

{_imports(body, local, ".types")}

{builder_imports}
from .ops.arguments import {", ".join(arguments)}
from .pagination import ModelPaginator
from .resource_methods import ListMethod, ProjectingMethod
from .types import Model

__all__ = [{_exported([s.method for s in projecting])}]

V = TypeVar("V", bound=msgspec.Struct)
{body}''',
        SIGNATURES,
    )


def generate() -> dict[Path, str]:
    from scenario_async.ops.registry import OPERATIONS

    typed_dicts = TypedDicts(OPERATIONS)
    every = signatures(typed_dicts)
    groups: dict[str, list[Signature]] = {}
    for signature in every:
        groups.setdefault(signature.group, []).append(signature)
    files = {OPS / f"{group}.py": _builders_module(group, sigs) for group, sigs in groups.items()}
    files[ARGUMENTS] = _arguments_module(typed_dicts)
    files[SIGNATURES] = _signatures_module(every)
    return files


def _formatted(source: str, target: Path) -> str:
    ruff = Path(sys.executable).with_name("ruff")
    for command in (["check", "--select", "I,F401", "--fix"], ["format"]):
        source = subprocess.run(
            [str(ruff), *command, "--stdin-filename", str(target), "-"],
            input=source,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return source


def _load_packages_bare() -> None:
    """Make the package's modules importable without running its `__init__` or that of ops/,
    which import the files this writes (out of date, or absent)."""
    for name, path in ((PACKAGE, ROOT / PACKAGE), (f"{PACKAGE}.ops", OPS)):
        package = ModuleType(name)
        package.__path__ = [str(path)]
        sys.modules[name] = package


def main(argv: list[str]) -> int:
    _load_packages_bare()
    files = generate()
    if "--check" in argv:
        stale = [p for p, source in files.items() if not p.exists() or p.read_text() != source]
        for path in stale:
            target = path.relative_to(ROOT)
            print(f"{target} is out of date: run python tools/generate_signatures.py")
        return 1 if stale else 0
    for path, source in files.items():
        path.write_text(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
