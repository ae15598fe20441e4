"""What a diagram's conditions, timers and scripts read and set, and the form values a condition compares with."""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

ALWAYS_THERE = frozenset(dir(builtins)) | {"True", "False", "None"}


@dataclass(frozen=True)
class Comparison:
    """`name["field"] == "value"` (or `!=`, `in`): a condition comparing a form's field with constants."""

    name: str
    field: str
    values: tuple[object, ...]


def _tree(source: str, *, expression: bool) -> ast.AST | None:
    try:
        return ast.parse(source.strip(), mode="eval" if expression else "exec")
    except SyntaxError:
        return None  # the sandbox check reports it


def names_read(source: str, *, expression: bool) -> set[str]:
    """The names the code reads that it does not set itself (builtins and lambdas' parameters excluded)."""
    tree = _tree(source, expression=expression)
    if tree is None:
        return set()
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    parameters = {
        a.arg for n in ast.walk(tree) if isinstance(n, ast.Lambda) for a in ast.walk(n.args) if isinstance(a, ast.arg)
    }
    return loaded - names_set(source) - parameters - ALWAYS_THERE


def names_set(source: str) -> set[str]:
    """The names a script assigns (they are in the task data afterwards)."""
    tree = _tree(source, expression=False)
    if tree is None:
        return set()
    stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    return stored | defined


def comparisons(source: str) -> list[Comparison]:
    """Each `name["field"]` compared with constants in a condition."""
    tree = _tree(source, expression=True)
    found = []
    for node in ast.walk(tree) if tree is not None else ():
        if not isinstance(node, ast.Compare):
            continue
        subscript = _form_field(node.left)
        constants = [_constants(c) for c in node.comparators]
        if subscript is None or any(c is None for c in constants):
            continue
        found.append(Comparison(*subscript, tuple(v for c in constants for v in c)))
    return found


def _form_field(node: ast.AST) -> tuple[str, str] | None:
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.value.id, node.slice.value
    return None


def _constants(node: ast.AST) -> tuple[object, ...] | None:
    if isinstance(node, ast.Constant):
        return (node.value,)
    if isinstance(node, ast.Tuple | ast.List | ast.Set) and all(isinstance(e, ast.Constant) for e in node.elts):
        return tuple(e.value for e in node.elts)
    return None
