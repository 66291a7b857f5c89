"""Loading `ombud.yaml`: YAML with positions, validated, every error at its line and column.

The YAML is read with ruamel.yaml's round-trip loader, which remembers where each
key and value stood; pydantic validates the plain data; each validation error is
then mapped back to `file:line:column` with the value received and what would be
accepted. Unknown keys get a did-you-mean suggestion.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ombud.declaration.model import Declaration
from ombud.declaration.references import check_references
from ombud.errors import DeclarationError, Issue

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceMap:
    """Where each path of the document stands in its file (1-based line and column)."""

    file: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey) -> tuple[int | None, int | None]:
        """The position of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return None, None

    def issue(self, path: PathKey, message: str, *, at_key: bool = False) -> Issue:
        """An issue at `path`: its value, or with `at_key` the key itself."""
        line, column = self.locate(path)
        if at_key and path in self.key_positions:
            line, column = self.key_positions[path]
        return Issue(dotted(path), message, self.file, line, column)


@dataclass(frozen=True)
class LoadedDeclaration:
    """A valid declaration and the map back to its source, for findings with positions."""

    declaration: Declaration
    source: SourceMap


def dotted(path: PathKey) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def load_declaration(path: Path | str) -> LoadedDeclaration:
    """Read, parse and validate a declaration file; raise DeclarationError naming every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        issue = Issue("", f"cannot read the file: {exc.strerror}", str(path))
        raise DeclarationError([issue]) from None
    return parse_declaration(text, str(path))


def parse_declaration(text: str, file: str = "ombud.yaml") -> LoadedDeclaration:
    """Parse and validate declaration text; `file` names it in error messages."""
    source = SourceMap(file)
    try:
        document = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "not valid YAML"
        issue = Issue("", f"not valid YAML: {problem}", file, line, column)
        raise DeclarationError([issue]) from None
    except YAMLError as exc:
        raise DeclarationError([Issue("", f"not valid YAML: {exc}", file)]) from None
    if not isinstance(document, dict):
        raise DeclarationError(
            [Issue("", "expected a mapping at the top, starting with 'ombud: 1'", file, 1, 1)]
        )
    _record_positions(document, (), source)
    data = _plain(document)
    try:
        declaration = Declaration.model_validate(data)
    except ValidationError as exc:
        raise DeclarationError(_issues(exc, data, source)) from None
    problems = [source.issue(p, m) for p, m in check_references(declaration)]
    if problems:
        raise DeclarationError(problems)
    return LoadedDeclaration(declaration, source)


def _record_positions(node: Any, path: PathKey, source: SourceMap) -> None:
    if isinstance(node, CommentedMap):
        for key in node:
            here = (*path, str(key))
            key_line, key_column = node.lc.key(key)
            source.key_positions[here] = (key_line + 1, key_column + 1)
            line, column = node.lc.value(key)
            # A scalar value is pointed at itself; a nested block at its key.
            if isinstance(node[key], CommentedMap | CommentedSeq):
                line, column = key_line, key_column
            source.positions[here] = (line + 1, column + 1)
            _record_positions(node[key], here, source)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            line, column = node.lc.item(index)
            source.positions[(*path, index)] = (line + 1, column + 1)
            _record_positions(item, (*path, index), source)


def _plain(node: Any) -> Any:
    """ruamel's round-trip nodes as plain Python values (dict, list, str, int, date …)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, datetime | date):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _issues(exc: ValidationError, data: Any, source: SourceMap) -> list[Issue]:
    """One issue per path: union branches report the same place several times."""
    by_path: dict[PathKey, ErrorDetails] = {}
    for error in exc.errors(include_url=False):
        path = _data_path(error["loc"], data)
        if path not in by_path or _more_telling(error, by_path[path]):
            by_path[path] = error
    return [
        source.issue(p, _message(e, p), at_key=e["type"] == "extra_forbidden")
        for p, e in by_path.items()
    ]


def _more_telling(new: ErrorDetails, old: ErrorDetails) -> bool:
    # Prefer our own "got …; expected …" messages over generic type errors of other branches.
    return "got " in new["msg"] and "got " not in old["msg"]


def _data_path(loc: tuple[str | int, ...], data: Any) -> PathKey:
    """Keep only the parts of pydantic's location that name places in the document."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part == loc[-1]:
            path.append(part)  # a missing or unknown key: not in the data, yet its name
    return tuple(path)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _message(error: ErrorDetails, path: PathKey) -> str:
    kind = error["type"]
    received = error.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(path)
    if kind == "missing":
        return f"missing required key '{path[-1]}'" if path else "missing required key"
    msg = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if msg.startswith("got "):
        return msg
    if isinstance(received, dict | list):
        return f"{_lower_first(msg)}"
    return f"got {received!r}; {_lower_first(msg)}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _unknown_key(path: PathKey) -> str:
    name = str(path[-1])
    accepted = sorted(_accepted_keys(path[:-1]))
    if not accepted:
        return f"unknown key '{name}'"
    close = difflib.get_close_matches(name, accepted, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown key '{name}'; {hint}expected one of: {', '.join(accepted)}"


def _accepted_keys(path: PathKey) -> set[str]:
    """The keys the model accepts at `path`, found by walking the model's annotations."""
    for model in _models_at(Declaration, path):
        return set(model.model_fields)
    return set()


def _models_at(annotation: Any, path: PathKey) -> Iterator[type[BaseModel]]:
    if not path:
        yield from _models_in(annotation)
        return
    head, rest = path[0], path[1:]
    for model in _models_in(annotation):
        if isinstance(head, str) and head in model.model_fields:
            yield from _models_at(model.model_fields[head].annotation, rest)
    origin = typing.get_origin(annotation)
    if origin in (dict, tuple, list):
        for inner in _container_items(annotation):
            yield from _models_at(inner, rest)
    elif origin in (Union, types.UnionType, typing.Annotated):
        for inner in typing.get_args(annotation):
            yield from _models_at(inner, path)


def _container_items(annotation: Any) -> list[Any]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is dict:
        return [args[1]]
    return [a for a in args if a is not Ellipsis]


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif isinstance(annotation, type) and issubclass(annotation, Enum):
        return
    elif typing.get_origin(annotation) in (Union, types.UnionType, typing.Annotated):
        for inner in typing.get_args(annotation):
            yield from _models_in(inner)
