"""The indicator formula language: parsed into a tree, checked against a whitelist.

Written by hand: the grammar is a dozen rules, and a recursive-descent
parser this size is shorter and gives better Chinese error messages than a
parser generator's grammar plus transformer.  Nothing is ever evaluated as
Python or pasted into SQL; ``compile.py`` turns the tree into SQL trees.

    formula   := expr [where condition]
    expr      := term (("+" | "-") term)*
    term      := unary (("*" | "/") unary)*
    unary     := "-" unary | atom
    atom      := NUMBER | call | "(" expr ")"
    call      := AGG "(" NAME [where condition] ")"     AGG: sum avg min max count reported
               | "yoy" "(" expr ")"                       growth over the previous year, in %
    condition := conj (("or" | "或") conj)*
    conj      := neg (("and" | "且") neg)*
    neg       := ("not" | "非") neg | "(" condition ")" | NAME ["=" STRING]

A bare name in a condition is an enterprise tag (规上, 高新技术企业 …);
``产业集群 = '装备制造'`` and ``行业 = 'C34'`` (a GB/T 4754 code prefix)
compare org attributes.  ``count(enterprise)`` counts enterprises;
``reported(X)`` is the value an org reports itself (a county bulletin
figure) instead of the sum of its enterprises.

Examples: ``sum(工业总产值) where 规上`` ·
``sum(研发费用) / sum(营业收入) * 100 where 规上`` ·
``count(enterprise) where 高新技术企业`` · ``yoy(sum(工业总产值)) where 规上``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.errors import InputError
from planwatch.store.elements import catalog

AGGREGATES = ("sum", "avg", "min", "max", "count", "reported")
ATTRIBUTES = {"产业集群": "cluster", "cluster": "cluster", "行业": "industry", "industry": "industry"}
ENTERPRISE = ("enterprise", "企业")


class FormulaError(InputError):
    def __init__(self, formula: str, position: int, reason: str, fix: str) -> None:
        pointer = " " * position + "^"
        super().__init__(f"公式有误：{reason}。{fix}\n  {formula}\n  {pointer}")


@dataclass(frozen=True)
class Tag:
    name: str


@dataclass(frozen=True)
class Attribute:
    name: str
    """cluster or industry."""
    value: str


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Tag | Attribute | All | Any_ | Not


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Aggregate:
    function: str
    target: str
    """An element code, or ``enterprise`` for count."""
    where: Condition | None


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expression
    right: Expression


@dataclass(frozen=True)
class Negate:
    operand: Expression


@dataclass(frozen=True)
class Yoy:
    operand: Expression


Expression = Number | Aggregate | Binary | Negate | Yoy


@dataclass(frozen=True)
class Formula:
    text: str
    expression: Expression

    def aggregates(self) -> list[Aggregate]:
        found: list[Aggregate] = []

        def walk(node: Expression) -> None:
            if isinstance(node, Aggregate):
                if node not in found:
                    found.append(node)
            elif isinstance(node, Binary):
                walk(node.left)
                walk(node.right)
            elif isinstance(node, Negate | Yoy):
                walk(node.operand)

        walk(self.expression)
        return found


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d+)?)
    | (?P<string>'[^']*'|"[^"]*"|‘[^’]*’|“[^”]*”)
    | (?P<op>!=|[-+*/()=（）])
    | (?P<name>[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff“”]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"where": "where", "且": "and", "and": "and", "或": "or", "or": "or", "not": "not", "非": "not"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if not match or match.end() == position:
            raise FormulaError(
                text,
                position,
                f"无法识别的字符“{stripped[position]}”",
                "公式只能包含指标名、数字、+ - * / ( ) 和 where 条件。",
            )
        kind = match.lastgroup or ""
        value = match.group(kind)
        start = match.start(kind)
        if kind == "op":
            value = {"（": "(", "）": ")"}.get(value, value)
        if kind == "name" and value.lower() in _KEYWORDS:
            kind, value = "keyword", _KEYWORDS[value.lower()]
        tokens.append(_Token(kind, value, start))
        position = match.end()
    tokens.append(_Token("end", "", len(stripped)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def error(self, reason: str, fix: str) -> FormulaError:
        return FormulaError(self.text, self.token.position, reason, fix)

    def take(self, kind: str, text: str | None = None) -> _Token:
        token = self.token
        if token.kind != kind or (text is not None and token.text != text):
            expected = (
                f"“{text}”" if text else {"name": "名称", "number": "数字", "string": "引号中的文字"}.get(kind, kind)
            )
            found = token.text or "公式结尾"
            raise self.error(f"此处应为{expected}，而不是“{found}”", "请检查括号是否成对、运算符是否遗漏。")
        self.index += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.token.kind == kind and (text is None or self.token.text == text)

    def formula(self) -> Formula:
        expression = self.expr()
        if self.at("keyword", "where"):
            self.index += 1
            condition = self.condition()
            expression = _apply_where(expression, condition)
        if not self.at("end"):
            raise self.error(f"多余的内容“{self.token.text}”", "一个公式只能有一个表达式，条件写在 where 之后。")
        _check_yoy(self.text, expression, top=True)
        return Formula(self.text, expression)

    def expr(self) -> Expression:
        node = self.term()
        while self.at("op", "+") or self.at("op", "-"):
            op = self.take("op").text
            node = Binary(op, node, self.term())
        return node

    def term(self) -> Expression:
        node = self.unary()
        while self.at("op", "*") or self.at("op", "/"):
            op = self.take("op").text
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Expression:
        if self.at("op", "-"):
            self.index += 1
            return Negate(self.unary())
        return self.atom()

    def atom(self) -> Expression:
        if self.at("number"):
            return Number(float(self.take("number").text))
        if self.at("op", "("):
            self.index += 1
            node = self.expr()
            self.take("op", ")")
            return node
        if self.at("name"):
            return self.call()
        raise self.error(f"此处应为数字、函数或括号，而不是“{self.token.text or '公式结尾'}”", "请检查公式是否完整。")

    def call(self) -> Expression:
        name_token = self.take("name")
        function = name_token.text.lower()
        if function == "yoy":
            self.take("op", "(")
            inner = self.expr()
            self.take("op", ")")
            return Yoy(inner)
        if function not in AGGREGATES:
            allowed = "、".join((*AGGREGATES, "yoy"))
            raise FormulaError(
                self.text, name_token.position, f"“{name_token.text}”不是可用的函数", f"可用的函数有：{allowed}。"
            )
        self.take("op", "(")
        target_token = self.take("name")
        target = _target(self.text, function, target_token)
        where: Condition | None = None
        if self.at("keyword", "where"):
            self.index += 1
            where = self.condition()
        self.take("op", ")")
        return Aggregate(function, target, where)

    def condition(self) -> Condition:
        items = [self.conj()]
        while self.at("keyword", "or"):
            self.index += 1
            items.append(self.conj())
        return items[0] if len(items) == 1 else Any_(tuple(items))

    def conj(self) -> Condition:
        items = [self.neg()]
        while self.at("keyword", "and"):
            self.index += 1
            items.append(self.neg())
        return items[0] if len(items) == 1 else All(tuple(items))

    def neg(self) -> Condition:
        if self.at("keyword", "not"):
            self.index += 1
            return Not(self.neg())
        if self.at("op", "("):
            self.index += 1
            inner = self.condition()
            self.take("op", ")")
            return inner
        token = self.take("name")
        if self.at("op", "="):
            self.index += 1
            value = self.take("string").text[1:-1]
            attribute = ATTRIBUTES.get(token.text)
            if attribute is None:
                raise FormulaError(
                    self.text,
                    token.position,
                    f"“{token.text}”不是可比较的企业属性",
                    "可用：产业集群 = '…'、行业 = '…'。",
                )
            return Attribute(attribute, value)
        if token.text not in catalog().tags:
            tags = "、".join(catalog().tags)
            raise FormulaError(self.text, token.position, f"“{token.text}”不是已知的企业标签", f"可用的标签：{tags}。")
        return Tag(token.text)


def _target(text: str, function: str, token: _Token) -> str:
    if function == "count":
        if token.text.lower() not in ENTERPRISE:
            raise FormulaError(text, token.position, "count 只能统计企业", "请写 count(enterprise) 或 count(企业)。")
        return "enterprise"
    element = catalog().find(token.text)
    if element is None:
        raise FormulaError(
            text,
            token.position,
            f"“{token.text}”不是已知的数据项",
            "请使用 data/elements.yaml 中的名称，如 工业总产值、营业收入、税金。",
        )
    return element.code


def _apply_where(node: Expression, condition: Condition) -> Expression:
    """A trailing ``where`` applies to every aggregate that has no condition of its own."""
    if isinstance(node, Aggregate):
        return node if node.where is not None else Aggregate(node.function, node.target, condition)
    if isinstance(node, Binary):
        return Binary(node.op, _apply_where(node.left, condition), _apply_where(node.right, condition))
    if isinstance(node, Negate):
        return Negate(_apply_where(node.operand, condition))
    if isinstance(node, Yoy):
        return Yoy(_apply_where(node.operand, condition))
    return node


def restrict(node: Expression, condition: Condition) -> Expression:
    """Every aggregate also under ``condition`` (its own condition kept): a formula for one cluster or park."""
    if isinstance(node, Aggregate):
        where = condition if node.where is None else All((node.where, condition))
        return Aggregate(node.function, node.target, where)
    if isinstance(node, Binary):
        return Binary(node.op, restrict(node.left, condition), restrict(node.right, condition))
    if isinstance(node, Negate):
        return Negate(restrict(node.operand, condition))
    if isinstance(node, Yoy):
        return Yoy(restrict(node.operand, condition))
    return node


def _check_yoy(text: str, node: Expression, top: bool) -> None:
    if isinstance(node, Yoy):
        if not top:
            raise FormulaError(text, 0, "yoy() 只能用在公式最外层", "请写成 yoy(表达式)。")
        _check_yoy(text, node.operand, top=False)
    elif isinstance(node, Binary):
        _check_yoy(text, node.left, False)
        _check_yoy(text, node.right, False)
    elif isinstance(node, Negate):
        _check_yoy(text, node.operand, False)


def parse(text: str) -> Formula:
    """Parse and check a formula; raises ``FormulaError`` saying where and why."""
    if not text.strip():
        raise FormulaError(text, 0, "公式为空", "请写一个公式，如 sum(工业总产值) where 规上。")
    return _Parser(text).formula()
