"""Cross-field rules: a tiny, safe expression language, parsed with ``ast`` and never ``eval``'d.

A rule may use the codes of its version's fields, integer and decimal constants, ``+ - * /``,
comparisons (``< <= > >= == !=``, chained too), ``and``/``or``/``not`` and parentheses, and
must say something true or false ("returnees <= workforce"). Everything else (calls, attributes,
subscripts, strings, lambdas, ``**``...) is refused when the rule is saved, with a message in
Vietnamese, so a rule that reaches ``evaluate`` is always one of these shapes.
"""

import ast
import decimal
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 500

_BINARY = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
           ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}
_COMPARE = {ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b,
            ast.GtE: lambda a, b: a >= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b}
_SYMBOLS = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠",
            ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: ":"}


class _Unknown(Exception):
    """A value the rule needs is missing, or arithmetic failed: the rule cannot be judged."""


def _refuse(node, source):
    part = ast.get_source_segment(source, node) or type(node).__name__
    raise ValidationError(_(
        "Biểu thức chỉ được dùng mã trường, số, các phép + - * /, phép so sánh, and, or, not và dấu "
        "ngoặc; không dùng được “%(part)s”."
    ) % {"part": part}, code="forbidden")


def _check(node, source, names, used):
    if isinstance(node, ast.BoolOp) and isinstance(node.op, (ast.And, ast.Or)):
        for value in node.values:
            _check(value, source, names, used)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub, ast.UAdd)):
        _check(node.operand, source, names, used)
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check(node.left, source, names, used)
        _check(node.right, source, names, used)
    elif isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
        _check(node.left, source, names, used)
        for comparator in node.comparators:
            _check(comparator, source, names, used)
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        if node.id not in names:
            raise ValidationError(_("Biểu thức dùng “%(name)s”, không phải mã trường nào của mẫu báo cáo này.")
                                  % {"name": node.id}, code="unknown_name")
        used.append(node.id)
    elif (isinstance(node, ast.Constant) and type(node.value) in (int, float)
          and Decimal(repr(node.value)).is_finite()):
        pass
    else:
        _refuse(node, source)


def _is_condition(node):
    return (isinstance(node, (ast.Compare, ast.BoolOp))
            or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)))


def compile_rule(expression: str, names) -> tuple[ast.Expression, list[str]]:
    """Parse and check ``expression`` against the allowed field codes ``names``.

    Returns the tree and the field codes it uses, in order of appearance, without repeats.
    Raises ValidationError (in Vietnamese) for anything outside the language.
    """
    source = (expression or "").strip()
    if not source:
        raise ValidationError(_("Hãy nhập biểu thức của quy tắc."), code="empty")
    if len(source) > MAX_LENGTH:
        raise ValidationError(_("Biểu thức dài quá %(max)s ký tự.") % {"max": MAX_LENGTH}, code="too_long")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ValidationError(_("Biểu thức không đúng cú pháp: “%(expression)s”.") % {"expression": source},
                              code="syntax") from None
    used: list[str] = []
    try:
        _check(tree.body, source, frozenset(names), used)
    except RecursionError:
        raise ValidationError(_("Biểu thức lồng nhau quá sâu."), code="too_deep") from None
    if not _is_condition(tree.body):
        raise ValidationError(_("Quy tắc phải là một điều kiện đúng hoặc sai, ví dụ “returnees <= workforce”."),
                              code="not_condition")
    return tree, list(dict.fromkeys(used))


def _value(node, values):
    if isinstance(node, ast.Constant):
        return Decimal(repr(node.value))
    if isinstance(node, ast.Name):
        value = values.get(node.id)
        if value is None or isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise _Unknown
        return Decimal(value)
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, values) if not isinstance(node.op, ast.Not) else _truth(node.operand, values)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        try:
            return _BINARY[type(node.op)](_value(node.left, values), _value(node.right, values))
        except (ArithmeticError, decimal.InvalidOperation):
            raise _Unknown from None
    return _truth(node, values)


def _truth(node, values):
    if isinstance(node, ast.BoolOp):
        results = (_truth(value, values) for value in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _truth(node.operand, values)
    if isinstance(node, ast.Compare):
        left = _value(node.left, values)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _value(comparator, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    return bool(_value(node, values))


def evaluate(tree: ast.Expression, values: dict) -> bool | None:
    """True or False for a checked rule over cleaned values; None when it cannot be judged
    (a value it uses is empty or invalid, or it divides by zero)."""
    try:
        with decimal.localcontext() as context:
            context.prec = 34
            return bool(_truth(tree.body, values))
    except _Unknown:
        return None


def describe(tree: ast.Expression, labels: dict[str, str]) -> str:
    """The rule written for people: field labels instead of codes, ≤ instead of <=."""

    def text(node, outer=False):
        if isinstance(node, ast.Name):
            return labels.get(node.id, node.id)
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return _("không (%(rule)s)") % {"rule": text(node.operand, True)}
            return ("−" if isinstance(node.op, ast.USub) else "+") + text(node.operand)
        if isinstance(node, ast.BinOp):
            inner = f"{text(node.left)} {_SYMBOLS[type(node.op)]} {text(node.right)}"
            return inner if outer else f"({inner})"
        if isinstance(node, ast.Compare):
            parts = [text(node.left, True)]
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                parts += [_SYMBOLS[type(op)], text(comparator, True)]
            return " ".join(parts)
        if isinstance(node, ast.BoolOp):
            joiner = _(" và ") if isinstance(node.op, ast.And) else _(" hoặc ")
            return joiner.join(text(value) for value in node.values)
        return ast.unparse(node)

    return text(tree.body, True)
