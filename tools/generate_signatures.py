"""Write each operation's builder and typed signatures, from the registry (ops/registry.py).

An `Operation` says which arguments its builder takes: its path's ids, and the fields of its
query and body Structs. Type checkers, and pyright's check of a library's public types, need
those signatures written down, so this writes them, once each:

- `scenario_async/ops/<group>.py`: one builder class per operation, whose `__call__` spells
  out the signature and hands its arguments to the operation (`Operation.build`), and the
  builder itself (`ops.models.retrieve`). A resource method is declared from that class.
- `scenario_async/_signatures.py`: for the operations whose answer holds models, the
  resource method's class, whose `__call__` takes the builder's parameters alone (the answer
  as sent) or with `into` (its models decoded into the caller's `MyView`): a type checker
  cannot add a keyword to a captured signature.

A parameter's type is its field's, with `Annotated` constraints left to the Struct, a list
taken as any sequence (a list of ids as one that is not a `str`), and `PARAMETER_TYPES`
where the official SDK takes more than the field holds. The signature's order is the SDK's:
the path's ids, the required arguments, then the query's, then the body's.

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

# Where the SDK's argument takes more than the field: the Struct or the dict it converts from.
PARAMETER_TYPES = {
    "list[Concept]": "Iterable[Concept | ConceptDict]",
    "TrainingParameters": "TrainingParameters | TrainingParametersDict",
    "list[TrainingImagePairParam]": "Iterable[TrainingImagePairParam | TrainingImagePairDict]",
}
# Required by the API, optional in the SDK's signature: the builder refuses it left out.
SDK_OPTIONAL = {("models.scores.retrieve_prompt", "prompt")}
_HOMES = {
    "Iterable": "collections.abc",
    "Sequence": "collections.abc",
    "Literal": "typing",
    "Unpack": "typing",
    "UnsetType": "msgspec",
    "UNSET": "msgspec",
}


@dataclass(frozen=True)
class Parameter:
    name: str
    annotation: str
    positional: bool = False

    @property
    def source(self) -> str:
        default = " = UNSET" if "UnsetType" in self.annotation else ""
        return f"{self.name}: {self.annotation}{default},"


@dataclass(frozen=True)
class Signature:
    """One operation's builder, as the generated code names and spells it."""

    operation: Any
    group: str
    attribute: str
    answer: str
    parameters: tuple[Parameter, ...]
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


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _field_sources(struct: type[Any]) -> dict[str, str]:
    """Each field's annotation as its class writes it, inherited ones included."""
    found: dict[str, str] = {}
    for cls in reversed(struct.__mro__):
        if not cls.__module__.startswith(PACKAGE + "."):
            continue
        (node,) = ast.parse(inspect.getsource(cls)).body
        assert isinstance(node, ast.ClassDef)
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                found[statement.target.id] = ast.unparse(statement.annotation)
    return found


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


def _parameter_type(field_source: str, *, id_list: bool, optional: bool) -> str:
    members = []
    for member in _members(ast.parse(field_source, mode="eval").body):
        written = ast.unparse(member)
        written = PARAMETER_TYPES.get(written, written)
        converted = _ToParameterType(id_list).visit(ast.parse(written, mode="eval").body)
        members.append(ast.unparse(converted))
    if optional and "UnsetType" not in members:
        members.append("UnsetType")
    return " | ".join(members)


def _parameters(operation: Any) -> tuple[Parameter, ...]:
    import msgspec

    ids = [name for name in _placeholders(operation.path)]
    lists = {parameter for parameter, _ in operation.id_lists}
    required: list[Parameter] = []
    optional: list[Parameter] = []
    for struct in (operation.query, operation.body):
        if struct is None:
            continue
        if operation.list_body and struct is operation.body:
            source = PARAMETER_TYPES[f"list[{struct.__name__}]"]
            required.append(Parameter("body", source))
            continue
        sources = _field_sources(struct)
        fields = sorted(msgspec.structs.fields(struct), key=lambda f: f.name)
        found = [f for f in fields if f.required and (operation.name, f.name) not in SDK_OPTIONAL]
        for field in fields:
            sdk_optional = (operation.name, field.name) in SDK_OPTIONAL
            annotation = _parameter_type(
                sources[field.name], id_list=field.name in lists, optional=sdk_optional
            )
            (required if field in found else optional).append(Parameter(field.name, annotation))
    path_ids = [Parameter(name, "str", positional=name == ids[-1]) for name in ids]
    path_ids.sort(key=lambda p: not p.positional)
    return (*path_ids, *required, *optional)


def _placeholders(path: str) -> list[str]:
    return [part.split("}")[0] for part in path.split("{")[1:]]


def _answer_name(operation: Any) -> str:
    from scenario_async import types

    named = [n for n in types.__all__ if getattr(types, n) is operation.response_type]
    verb = _pascal(operation.name.rsplit(".", 1)[1])
    return next((n for n in named if verb in n), named[0])


def signatures() -> list[Signature]:
    from scenario_async.ops.registry import OPERATIONS
    from scenario_async.types import ModelGetBulkResponse, ModelListPage
    from scenario_async.types.responses import MODEL_ENVELOPES

    found = []
    for operation in OPERATIONS:
        *groups, attribute = operation.name.split(".")
        projected = None
        # get_bulk takes any number of ids (BulkGetMethod, typed by its TypedDict).
        answer = operation.response_type
        if answer in MODEL_ENVELOPES and answer is not ModelGetBulkResponse:
            envelope = MODEL_ENVELOPES[answer].__name__
            projected = "ModelPaginator[V]" if answer is ModelListPage else f"{envelope}[V]"
        found.append(
            Signature(
                operation,
                groups[-1],
                attribute,
                _answer_name(operation),
                _parameters(operation),
                projected,
            )
        )
    return found


def _signature_source(signature: Signature, into: bool = False) -> str:
    lines = ["self,"]
    keywords = [p for p in signature.parameters if not p.positional]
    lines += [p.source for p in signature.parameters if p.positional]
    lines += ["*,", "into: type[V]," if into else ""]
    lines += [p.source for p in keywords]
    lines.append("**options: Unpack[RequestOptions],")
    return "\n".join(line for line in lines if line)


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


def _builders_module(group: str, members: list[Signature]) -> str:
    classes = []
    for signature in members:
        classes.append(f"""
class {signature.builder}(Builder[{signature.answer}]):
    def __call__({_signature_source(signature)}) -> Call[{signature.answer}]:
        return self.operation.build(locals())


{signature.attribute}: {signature.builder} = {signature.builder}(registry.{signature.constant})
""")
    body = "".join(classes)
    local = {"Builder", "Call", "RequestOptions", "registry", "self", "V"}
    local |= {s.builder for s in members} | {s.attribute for s in members}
    exported = sorted([s.builder for s in members] + [s.attribute for s in members])
    return _formatted(
        f'''"""The builders of the `{group}` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

{_imports(body, local, "..types")}

from ..calls import Call
from . import registry
from ._build import Builder, RequestOptions

__all__ = [{", ".join(f'"{name}"' for name in exported)}]
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
    {prefix}def __call__({_signature_source(signature)}) -> {plain}: ...
    @overload
    {prefix}def __call__({_signature_source(signature, into=True)}) -> {signature.projected}: ...
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
    local = {"Any", "Model", "ModelPaginator", "RequestOptions", "V", "self", "overload"}
    local |= {s.builder for s in projecting} | {s.method for s in projecting}
    exported = ", ".join(f'"{s.method}"' for s in sorted(projecting, key=lambda s: s.method))
    return _formatted(
        f'''"""The resource methods whose answer holds models, with and without `into`.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

import msgspec

{_imports(body, local, ".types")}

{builder_imports}
from .ops._build import RequestOptions
from .pagination import ModelPaginator
from .resource_methods import ListMethod, ProjectingMethod
from .types import Model

__all__ = [{exported}]

V = TypeVar("V", bound=msgspec.Struct)
{body}''',
        SIGNATURES,
    )


def generate() -> dict[Path, str]:
    every = signatures()
    groups: dict[str, list[Signature]] = {}
    for signature in every:
        groups.setdefault(signature.group, []).append(signature)
    files = {
        OPS / f"{group}.py": _builders_module(group, members) for group, members in groups.items()
    }
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
        stale = [
            path
            for path, source in files.items()
            if not path.exists() or path.read_text() != source
        ]
        for path in stale:
            target = path.relative_to(ROOT)
            print(f"{target} is out of date: run python tools/generate_signatures.py")
        return 1 if stale else 0
    for path, source in files.items():
        path.write_text(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
