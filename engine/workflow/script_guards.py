"""Size guards of diagrams' scripts: the operations that build a large value in one step (`**`, `*`, `+`, `<<`, `%`
formatting, f-strings, starred displays, `range`, `round`, string methods that pad, replace or join) are checked
before they run, so that no single step can fill the memory. The compile policy routes them through these guards."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from RestrictedPython import RestrictingNodeTransformer
from RestrictedPython.Guards import safer_getattr
from RestrictedPython.transformer import IOPERATOR_TO_STR

from engine.workflow.script_budget import MAX_CHARS, check_bits, check_chars, check_items

TEXT = (str, bytes)
SEQUENCES = (str, bytes, list, tuple)
OPERATORS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Mult: operator.mul,
    ast.Pow: operator.pow,
    ast.LShift: operator.lshift,
    ast.Mod: operator.mod,
}
_BY_SYMBOL = {IOPERATOR_TO_STR[kind].rstrip("="): function for kind, function in OPERATORS.items()}
_FORMAT_WIDTH = re.compile(rb"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _size_of(value: Any) -> None:
    """A built value within the budget (checked after building, where the result is at most a few inputs long)."""
    if isinstance(value, TEXT):
        check_chars(len(value))
    elif isinstance(value, list | tuple | set | dict):
        check_items(len(value))
    elif isinstance(value, int):
        check_bits(value.bit_length())


def guarded_binop(symbol: str, left: Any, right: Any) -> Any:
    """`left <symbol> right` for the operators that can grow a value, refused before it would go over budget."""
    if symbol == "**":
        return guarded_pow(left, right)
    if symbol == "*":
        _check_repeat(left, right)
        _check_repeat(right, left)
        if isinstance(left, int) and isinstance(right, int):
            check_bits(left.bit_length() + right.bit_length())
    elif symbol == "+" and isinstance(left, SEQUENCES) and isinstance(right, SEQUENCES):
        (check_chars if isinstance(left, TEXT) else check_items)(len(left) + len(right))
    elif symbol == "<<" and isinstance(left, int) and isinstance(right, int):
        check_bits(left.bit_length() + max(right, 0))
    elif symbol == "%" and isinstance(left, TEXT):
        _check_format(left, right)
    return _BY_SYMBOL[symbol](left, right)


def guarded_inplace(symbol: str, target: Any, value: Any) -> Any:
    """RestrictedPython's `_inplacevar_`: `x += y` as `x = x + y`, the growing operators guarded."""
    operation = symbol.rstrip("=")
    if operation in _BY_SYMBOL:
        return guarded_binop(operation, target, value)
    return getattr(operator, "i" + _INPLACE_NAMES[operation])(target, value)


_INPLACE_NAMES = {
    "-": "sub",
    "/": "truediv",
    "//": "floordiv",
    ">>": "rshift",
    "|": "or",
    "^": "xor",
    "&": "and",
    "@": "matmul",
}


def guarded_pow(base: Any, exponent: Any, modulo: Any = None) -> Any:
    if modulo is None and isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        check_bits(base.bit_length() * exponent)
    return pow(base, exponent) if modulo is None else pow(base, exponent, modulo)


def guarded_range(*args: int) -> range:
    numbers = range(*args)
    check_items(len(numbers))
    return numbers


def guarded_round(number: Any, digits: int | None = None) -> Any:
    if digits is not None:
        check_bits(abs(digits) * 4)  # rounding an int to -n digits computes 10 ** n
    return round(number, digits)


def guarded_sum(values: Iterable[Any], start: Any = 0) -> Any:
    """sum(), where adding up lists or tuples (`sum(rows, [])`) is measured first."""
    if not isinstance(start, list | tuple):
        return sum(values, start)
    values = list(values)
    check_items(len(start) + sum(len(v) for v in values if isinstance(v, Sized)))
    return sum(values, start)


def guarded_text(value: Any) -> Any:
    """A value about to be written as text (an f-string, str(), repr()): its text within the budget."""
    check_chars(_text_length(value, 0))
    return value


def guarded_str(value: Any = "") -> str:
    return str(guarded_text(value))


def guarded_repr(value: Any) -> str:
    return repr(guarded_text(value))


def sized(value: Any) -> Any:
    _size_of(value)
    return value


def guarded_getattr(obj: Any, name: str, default: Any = None) -> Any:
    """RestrictedPython's safer getattr, with the methods of strings and lists that grow them guarded."""
    value = safer_getattr(obj, name, default)
    check = _METHOD_CHECKS.get(name) if isinstance(obj, str | bytes | list) else None
    if check is None or not callable(value):
        return value

    def guarded(*args: Any, **kwargs: Any) -> Any:
        args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)  # a generator is measured, then used
        check(obj, *args, **kwargs)
        return value(*args, **kwargs)

    return guarded


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, SEQUENCES) and isinstance(times, int):
        (check_chars if isinstance(sequence, TEXT) else check_items)(len(sequence) * max(times, 0))


def _check_format(template: str | bytes, values: Any) -> None:
    raw = template.encode("utf-8", "surrogatepass") if isinstance(template, str) else template
    for width, precision in _FORMAT_WIDTH.findall(raw):
        for number in (width, precision):
            # a width read from the values (`%*d`) is refused: a diagram writes its widths out
            check_chars(len(raw) + (MAX_CHARS + 1 if number == b"*" else int(number or 0)))
    for value in values if isinstance(values, tuple) else (values,):
        guarded_text(value)


def _text_length(value: Any, so_far: int) -> int:
    """A quick upper estimate of len(str(value)), stopping as soon as it is over budget."""
    if isinstance(value, TEXT):
        return so_far + len(value) + 3
    if isinstance(value, int):
        return so_far + value.bit_length() // 3 + 2
    if isinstance(value, dict):
        value = [item for pair in value.items() for item in pair]
    if isinstance(value, list | tuple | set | frozenset):
        so_far += 2
        for item in value:
            so_far = _text_length(item, so_far + 2)
            if so_far > MAX_CHARS:
                break
        return so_far
    return so_far + 40


def _pad(text: Any, width: int, *_: Any) -> None:
    check_chars(width)


def _expand(text: Any, tabsize: int = 8) -> None:
    check_chars(len(text) + text.count(b"\t" if isinstance(text, bytes) else "\t") * max(tabsize, 0))


def _replace(text: Any, old: Any, new: Any, count: int = -1) -> None:
    found = text.count(old) if old else len(text) + 1
    found = found if count < 0 else min(found, count)
    check_chars(len(text) + found * max(len(new) - len(old), 0))


def _join(text: Any, parts: Iterable[Any]) -> None:
    parts = parts if isinstance(parts, Sized) else ()
    check_chars(sum(len(p) for p in parts if isinstance(p, TEXT)) + len(text) * len(parts))


def _translate(text: Any, table: Any) -> None:
    longest = max((len(v) for v in getattr(table, "values", lambda: ())() if isinstance(v, TEXT)), default=1)
    check_chars(len(text) * longest)


def _extend(items: Any, more: Any) -> None:
    if isinstance(items, list) and isinstance(more, Sized):
        check_items(len(items) + len(more))


_METHOD_CHECKS: dict[str, Callable[..., None]] = {
    "ljust": _pad,
    "rjust": _pad,
    "center": _pad,
    "zfill": _pad,
    "expandtabs": _expand,
    "replace": _replace,
    "join": _join,
    "translate": _translate,
    "extend": _extend,
}

GUARDS: dict[str, Any] = {
    "_binop_": guarded_binop,
    "_inplacevar_": guarded_inplace,
    "_text_": guarded_text,
    "_sized_": sized,
    "_getattr_": guarded_getattr,
}
GUARDED_BUILTINS: dict[str, Any] = {
    "pow": guarded_pow,
    "range": guarded_range,
    "round": guarded_round,
    "sum": guarded_sum,
    "str": guarded_str,
    "repr": guarded_repr,
}


class GuardedPolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy, with the operations that can build large values routed through the guards."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.node_contents_visit(node)
        if type(node.op) not in OPERATORS:
            return node
        symbol = IOPERATOR_TO_STR[type(node.op)].rstrip("=")
        return _call("_binop_", node, ast.Constant(symbol), node.left, node.right)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        node = self.node_contents_visit(node)
        node.value = _call("_text_", node.value, node.value)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return _call("_sized_", node, self.node_contents_visit(node))

    def visit_List(self, node: ast.List) -> ast.AST:
        return self._starred(node)

    def visit_Tuple(self, node: ast.Tuple) -> ast.AST:
        return self._starred(node)

    def visit_Set(self, node: ast.Set) -> ast.AST:
        return self._starred(node)

    def _starred(self, node: ast.List | ast.Tuple | ast.Set) -> ast.AST:
        """`[*a, *a]` is checked once built: it is at most as long as its parts together."""
        node = self.node_contents_visit(node)
        loaded = not isinstance(getattr(node, "ctx", ast.Load()), ast.Store | ast.Del)
        if loaded and any(isinstance(e, ast.Starred) for e in node.elts):
            return _call("_sized_", node, node)
        return node


def _call(name: str, where: ast.AST, *args: ast.expr) -> ast.Call:
    call = ast.Call(func=ast.Name(name, ast.Load()), args=list(args), keywords=[])
    return ast.fix_missing_locations(ast.copy_location(call, where))
