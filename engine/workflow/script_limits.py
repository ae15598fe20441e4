"""What a diagram's script or condition may be, seen before it runs (docs/procedures.md, "Scripts and conditions").

Diagram scripts are short data-shaping code: assignments, arithmetic, comparisons, `if`, `for` over task data or a
`range`, comprehensions, non-recursive lambdas (a sort key), our helpers. Refused here: `while`, `try`, `def` and
`class`, loops nested deeper than two (comprehensions count), recursive lambdas, large literals and constant
expressions that would go over the run-time budget (`10 ** 10 ** 8`, `"a" * 10 ** 9`, `range(10 ** 12)`).
What only shows at run time is bounded by the budget (engine/workflow/script_budget.py).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterator
from typing import Any

from engine.errors import N_
from engine.workflow.problems import Problem, Said
from engine.workflow.script_budget import MAX_CHARS, BudgetExceeded, check_bits, written
from engine.workflow.script_guards import GUARDED_BUILTINS, guarded_binop

SCRIPT, CONDITION, TIMER = Said(N_("Script")), Said(N_("Điều kiện")), Said(N_("Hẹn giờ"))
MAX_LOOP_DEPTH = 2
MAX_LITERAL_CHARS = 10_000
MAX_LITERAL_ITEMS = 1_000

WHILE = N_(
    "{kind}, dòng {line}: không dùng vòng lặp while (có thể chạy mãi); lặp bằng for trên dữ liệu hoặc một range."
)
TRY = N_("{kind}, dòng {line}: không dùng try: lỗi của script phải dừng bước, để quản trị viên sửa sơ đồ.")
DEFINITION = N_(
    "{kind}, dòng {line}: không định nghĩa hàm hay lớp ({statement}) trong sơ đồ: dùng biểu thức, lambda hoặc các hàm "
    "có sẵn."
)
NESTED = N_(
    "{kind}, dòng {line}: vòng lặp lồng nhau quá {limit} tầng (tính cả for trong biểu thức danh sách): tách thành các "
    "bước đơn giản hơn."
)
TOO_BIG = N_("{kind}, dòng {line}: «{code}» {reason} (giới hạn {limit}).")
LITERAL = N_(
    "{kind}, dòng {line}: hằng số quá lớn ({size} phần tử hoặc ký tự, giới hạn {limit}): dữ liệu lớn thuộc về biểu mẫu "
    "hoặc danh mục, không thuộc về sơ đồ."
)
FORMAT = N_("{kind}, dòng {line}: định dạng «{spec}» trong f-string phải viết sẵn, độ rộng không quá {limit}.")
RECURSION = N_(
    "{kind}, dòng {line}: lambda gọi «{name}» (chính nó hoặc một hàm được truyền vào): không dùng đệ quy trong sơ đồ."
)

_DISPLAYS = (ast.List, ast.Tuple, ast.Set, ast.Dict)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_FOLDED: dict[type[ast.AST], Callable[..., Any]] = {
    ast.Sub: operator.sub,
    ast.FloorDiv: operator.floordiv,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
    ast.Invert: operator.invert,
}
_GROWING = {ast.Add: "+", ast.Mult: "*", ast.Pow: "**", ast.LShift: "<<", ast.Mod: "%"}


class _NotConstant(Exception):
    pass


def limit_problems(source: str, *, expression: bool) -> list[Problem]:
    """Why the code goes beyond what a diagram's script may do; empty when it does not (syntax is said elsewhere)."""
    try:
        tree = ast.parse(source.strip(), mode="eval" if expression else "exec")
    except SyntaxError:
        return []
    problems = list(_Statements().problems(tree))
    problems += _literal_problems(tree)
    problems += _recursion_problems(tree)
    problems += _constant_problems(tree, source.strip())
    unique = {(p.message, tuple(sorted(p.details.items()))): p for p in problems}
    return sorted(unique.values(), key=lambda p: p.details["line"])


def _problem(node: ast.AST, message: str, **details: Any) -> Problem:
    return Problem(message, {"line": getattr(node, "lineno", 1), **details})


class _Statements(ast.NodeVisitor):
    """`while`, `try`, definitions, and loops (comprehensions included) nested too deep."""

    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.depth = 0

    def problems(self, tree: ast.AST) -> list[Problem]:
        self.visit(tree)
        return self.found

    def visit_While(self, node: ast.While) -> None:
        self.found.append(_problem(node, WHILE))
        self._loop(node, [node.test], node.body + node.orelse)

    def visit_Try(self, node: ast.Try) -> None:
        self.found.append(_problem(node, TRY))
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        keyword = "class" if isinstance(node, ast.ClassDef) else "def"
        self.found.append(_problem(node, DEFINITION, statement=f"{keyword} {node.name}"))
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._loop(node, [node.target], node.body)
        for statement in node.orelse:
            self.visit(statement)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp) -> None:
        outer = self.depth
        for generator in node.generators:
            self.visit(generator.iter)
            self._enter(node)
            self.visit(generator.target)
            for condition in generator.ifs:
                self.visit(condition)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self.visit(getattr(node, part))
        self.depth = outer

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def _loop(self, node: ast.AST, heads: list[ast.AST], body: list[ast.stmt]) -> None:
        outer = self.depth
        self._enter(node)
        for part in heads + body:
            self.visit(part)
        self.depth = outer

    def _enter(self, node: ast.AST) -> None:
        self.depth += 1
        if self.depth == MAX_LOOP_DEPTH + 1:  # said once, at the loop that goes one too deep
            self.found.append(_problem(node, NESTED, limit=MAX_LOOP_DEPTH))


def _literal_problems(tree: ast.AST) -> Iterator[Problem]:
    """Literals too large for a diagram, and f-string formats that are computed or too wide."""
    for node in ast.walk(tree):
        if isinstance(node, _DISPLAYS):
            size, limit = len(node.keys if isinstance(node, ast.Dict) else node.elts), MAX_LITERAL_ITEMS
        elif isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
            size, limit = len(node.value), MAX_LITERAL_CHARS
        else:
            size, limit = 0, 0
        if size > limit:
            yield _problem(node, LITERAL, size=written(size), limit=written(limit))
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            yield from _format_problems(node)


def _format_problems(node: ast.FormattedValue) -> Iterator[Problem]:
    parts = node.format_spec.values if isinstance(node.format_spec, ast.JoinedStr) else []
    spec = "".join(str(p.value) if isinstance(p, ast.Constant) else "{…}" for p in parts)
    widths = [int(n) for n in "".join(c if c.isdigit() else " " for c in spec).split()]
    if "{…}" in spec or any(width > MAX_CHARS for width in widths):
        yield _problem(node, FORMAT, spec=spec, limit=written(MAX_CHARS))


def _recursion_problems(tree: ast.AST) -> Iterator[Problem]:
    """Lambdas that call themselves by name, or call a function they are given (`lambda f: f(f)`)."""
    named = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.NamedExpr) and isinstance(node.value, ast.Lambda)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Lambda):
            continue
        parameters = {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
        for call in ast.walk(node.body):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in named | parameters:
                yield _problem(call, RECURSION, name=call.func.id)


def _constant_problems(tree: ast.AST, source: str) -> Iterator[Problem]:
    """Constant expressions that would go over the run-time budget, folded with the run-time guards themselves."""
    for node in ast.iter_child_nodes(tree):
        if not isinstance(node, ast.BinOp | ast.UnaryOp | ast.Call | ast.Constant):
            yield from _constant_problems(node, source)
            continue
        try:
            _fold(node)
        except BudgetExceeded as exceeded:
            code = ast.get_source_segment(source, node) or ""
            code = code if len(code) <= 60 else code[:59] + "…"
            yield _problem(node, TOO_BIG, code=code, reason=Said(exceeded.reason), limit=written(exceeded.limit))
        except _NotConstant:
            yield from _constant_problems(node, source)
        except Exception:  # a constant that fails otherwise (1 / 0) fails at run time, with Python's message
            continue


def _fold(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str | bytes):
        if isinstance(node.value, int):
            check_bits(node.value.bit_length())
        return node.value
    if isinstance(node, ast.List | ast.Tuple) and not any(isinstance(e, ast.Starred) for e in node.elts):
        values = [_fold(e) for e in node.elts]
        return values if isinstance(node, ast.List) else tuple(values)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _FOLDED:
        return _FOLDED[type(node.op)](_fold(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _GROWING:
        return guarded_binop(_GROWING[type(node.op)], _fold(node.left), _fold(node.right))
    if isinstance(node, ast.BinOp) and type(node.op) in _FOLDED:
        return _FOLDED[type(node.op)](_fold(node.left), _fold(node.right))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("range", "pow", "round")
        and not node.keywords
    ):
        return GUARDED_BUILTINS[node.func.id](*(_fold(a) for a in node.args))
    raise _NotConstant
