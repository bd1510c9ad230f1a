"""Formula trees → one SQL query, for DuckDB and PostgreSQL alike (through SQLGlot).

The query has four steps, each a CTE:

1. ``known`` — the facts of the elements used, for the years asked, as known
   at ``as_of`` (per key the highest revision recorded by then).
2. ``yearly`` — each org's value of each element per year, by the element's
   aggregation: ``sum`` takes an annual figure if reported, else the sum of
   quarters, else of months; ``last`` the latest-dated value; ``average`` the
   mean of the coarsest periods reported.  One grouped pass over the facts per
   period kind, then a small pass choosing the kind.  With ``through_month`` only months
   up to it count in the last year asked (year to date, for like-for-like comparisons;
   0 leaves that year's facts out, for counts at a moment early in January).
3. one CTE per aggregate — rolled up from enterprises to every ancestor
   through ``org_tree`` (``sum(…)``), counted (``count(enterprise)``), or the
   org's own reported figure (``reported(…)``); conditions (tags valid in the
   year, cluster, industry) apply to the enterprise.  Once an enterprise has
   been moved to another park, ``tree`` replaces ``org_tree``: each year goes
   to the park it was in at the end of the period evaluated in that year.
4. the combination: numerator and denominator are summed over the subtree
   before dividing — a ratio of sums, never an average of ratios — and
   ``yoy`` compares with the previous year.

Steps 1–2 can be read from a table instead: ``element_years`` (kept current
by every import) or a table of ``yearly_sql`` made once for an evaluation
(``compute.KnownYears``), so that many indicators share one pass over the facts.

User input reaches SQL only as SQLGlot literal nodes (element codes from the
catalog, tag names, numbers): never as text pasted into a statement.  One
module, though long: the four steps and the queries that keep ``element_years``
(``kinds_sql``) must aggregate a year the same way, and they are read together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

import sqlglot
from sqlglot import exp

from planwatch.metrics.formula import (
    Aggregate,
    All,
    Any_,
    Attribute,
    Binary,
    Condition,
    Expression,
    Formula,
    Negate,
    Not,
    Number,
    Tag,
    Yoy,
)
from planwatch.store.elements import catalog


@dataclass(frozen=True)
class Query:
    sql: str
    parts: int
    """How many aggregate columns (part_1 … part_n) the query returns besides the value."""


@cache
def _template(text: str) -> exp.Expr:
    return sqlglot.parse_one(text, read="postgres")


def _parse(template: str, **values: exp.Expr) -> exp.Expr:
    """A constant SQL template with ``:name`` placeholders filled by expression trees (on a copy: the
    parsed template is kept for the next call)."""
    return exp.replace_placeholders(_template(template), **values)


def _string(value: str) -> exp.Expr:
    return exp.Literal.string(value)


def _number(value: float) -> exp.Expr:
    return exp.Literal.number(int(value) if float(value).is_integer() else value)


def _timestamp(value: datetime) -> exp.Expr:
    return exp.cast(_string(value.isoformat(sep=" ")), "TIMESTAMP")


def _true() -> exp.Expr:
    return exp.true()


def _known_cte(
    elements: list[str],
    first: int,
    last: int,
    as_of: datetime | None,
    through_month: int | None,
    revised: bool,
) -> exp.Expr:
    element_filter = exp.column("element", "f").isin(*[_string(e) for e in elements])
    recorded = _parse("f.recorded_at <= :t", t=_timestamp(as_of)) if as_of else _true()
    through = (
        _parse("(f.year < :last OR f.month_to <= :m)", last=_number(last), m=_number(through_month))
        if through_month is not None
        else _true()
    )
    latest: exp.Expr = _true()
    if revised:
        later_recorded = _parse("g.recorded_at <= :t", t=_timestamp(as_of)) if as_of else _true()
        latest = _parse(
            """NOT EXISTS (SELECT 1 FROM facts AS g WHERE g.revision > 1 AND g.org_id = f.org_id
               AND g.element = f.element AND g.period = f.period AND g.revision > f.revision AND :later)""",
            later=later_recorded,
        )
    return _parse(
        """SELECT f.org_id, f.element, f.period_kind, f.year, f.month_from, f.month_to, f.value
           FROM facts AS f
           WHERE :elements AND f.year BETWEEN :first AND :last AND :recorded AND :through AND :latest""",
        elements=element_filter,
        first=_number(first),
        last=_number(last),
        recorded=recorded,
        through=through,
        latest=latest,
    )


def last_value(dialect: str, value: str, order: str, where: str | None = None) -> str:
    """The value of the latest-ending row in a group, of the rows ``where`` holds (DuckDB has arg_max;
    PostgreSQL an ordered array)."""
    only = f" FILTER (WHERE {where})" if where else ""
    if dialect == "duckdb":
        return f"arg_max({value}, {order}){only}"
    return f"(array_agg({value} ORDER BY {order} DESC){only})[1]"


KIND_RANK = "CASE {0}.period_kind WHEN 'Y' THEN 2 WHEN 'Q' THEN 1 ELSE 0 END"
"""Coarser kinds rank higher: of a year's figure and a December month ending together, the year's is the
stock's year-end value (``element_years`` derives it the same way, ``store/yearly.py``)."""


def _yearly_cte(elements: list[str], dialect: str) -> exp.Expr:
    """Per org, element and year: first per period kind (one pass over the facts), then the kind to use."""
    by_code = {e.code: e for e in catalog().elements}
    aggregations = {by_code[code].aggregation for code in elements}
    last = f", {last_value(dialect, 'k.value', 'k.month_to')} AS last_value" if "last" in aggregations else ""
    per_kind = _parse(
        f"""SELECT k.org_id, k.element, k.year, k.period_kind, sum(k.value) AS total, avg(k.value) AS mean,
                   max(k.month_to) AS last_month {last}
            FROM known AS k GROUP BY k.org_id, k.element, k.year, k.period_kind"""
    )
    coarsest = {
        column: (
            f"coalesce(max(CASE WHEN p.period_kind = 'Y' THEN p.{column} END), "
            f"max(CASE WHEN p.period_kind = 'Q' THEN p.{column} END), "
            f"max(CASE WHEN p.period_kind = 'M' THEN p.{column} END))"
        )
        for column in ("total", "mean")
    }
    values = {"sum": coarsest["total"], "average": coarsest["mean"]}
    if "last" in aggregations:
        values["last"] = last_value(dialect, "p.last_value", f"p.last_month * 4 + {KIND_RANK.format('p')}")
    if len(aggregations) == 1:
        value = values[next(iter(aggregations))]
        select = _parse(
            f"""SELECT p.org_id, p.element, p.year, {value} AS value, max(p.last_month) AS last_month
                FROM per_kind AS p GROUP BY p.org_id, p.element, p.year"""
        )
    else:
        cases = " ".join(f"WHEN :e{i} THEN {values[by_code[code].aggregation]}" for i, code in enumerate(elements))
        select = _parse(
            f"""SELECT p.org_id, p.element, p.year, CASE p.element {cases} END AS value, max(p.last_month) AS last_month
                FROM per_kind AS p GROUP BY p.org_id, p.element, p.year""",
            **{f"e{i}": _string(code) for i, code in enumerate(elements)},
        )
    assert isinstance(select, exp.Select)
    return select.with_("per_kind", as_=per_kind, copy=False)


def _tags_in(condition: Condition | None) -> list[str]:
    if condition is None or isinstance(condition, Attribute):
        return []
    if isinstance(condition, Tag):
        return [condition.name]
    if isinstance(condition, Not):
        return _tags_in(condition.item)
    return [name for item in condition.items for name in _tags_in(item)]


def _tag_cte(tag: str, years: list[int], as_of: datetime | None) -> exp.Expr:
    """(org, year) pairs holding a tag, once each: conditions then join on two equal keys."""
    recorded = _parse("g.recorded_at <= :t", t=_timestamp(as_of)) if as_of else _true()
    return _parse(
        """SELECT DISTINCT g.org_id, yr.year FROM org_tags AS g CROSS JOIN :years
           WHERE g.tag = :tag AND g.valid_from <= yr.year AND (g.valid_to IS NULL OR g.valid_to >= yr.year)
             AND :recorded""",
        years=exp.values([exp.tuple_(_number(year)) for year in years], alias="yr", columns=["year"]),
        tag=_string(tag),
        recorded=recorded,
    )


def _condition(condition: Condition | None, org: str, year: exp.Expr, tags: dict[str, str]) -> exp.Expr:
    if condition is None:
        return _true()
    if isinstance(condition, Tag):
        return _parse(
            f"EXISTS (SELECT 1 FROM {tags[condition.name]} AS h WHERE h.org_id = {org}.id AND h.year = :year)",
            year=year,
        )
    if isinstance(condition, Attribute):
        column = exp.column(condition.name, org)
        if condition.name == "industry":
            escaped = condition.value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return exp.Like(this=column, expression=_string(escaped + "%"))
        return exp.EQ(this=column, expression=_string(condition.value))
    if isinstance(condition, All):
        return exp.and_(*[_condition(item, org, year, tags) for item in condition.items])
    if isinstance(condition, Any_):
        return exp.or_(*[_condition(item, org, year, tags) for item in condition.items])
    assert isinstance(condition, Not)
    return exp.not_(_condition(condition.item, org, year, tags))


def _org_known(as_of: datetime | None) -> exp.Expr:
    return _parse("o.recorded_at <= :t", t=_timestamp(as_of)) if as_of else _true()


def _placed_cte(years: list[int], as_of: datetime | None, through_month: int | None) -> exp.Expr:
    """Per org with a history of renames and moves, and per year: its parent at the year's end (at
    ``through_month`` in the last year), by the latest version in effect then, as recorded by ``as_of``."""
    end = (
        _parse("CASE WHEN yr.year = :last THEN :m ELSE 12 END", last=_number(max(years)), m=_number(through_month))
        if through_month is not None
        else _number(12)
    )
    recorded = _parse("c.recorded_at <= :t", t=_timestamp(as_of)) if as_of else _true()
    later_recorded = _parse("d.recorded_at <= :t", t=_timestamp(as_of)) if as_of else _true()
    return _parse(
        """SELECT c.org_id, yr.year, c.parent_id FROM org_changes AS c CROSS JOIN :years
           WHERE c.from_month <= yr.year * 100 + :end AND :recorded
             AND NOT EXISTS (SELECT 1 FROM org_changes AS d WHERE d.org_id = c.org_id
                 AND d.from_month <= yr.year * 100 + :end AND :later
                 AND (d.from_month > c.from_month OR (d.from_month = c.from_month AND d.seq > c.seq)))""",
        years=exp.values([exp.tuple_(_number(year)) for year in years], alias="yr", columns=["year"]),
        end=end,
        recorded=recorded,
        later=later_recorded,
    )


def _tree_cte(years: list[int]) -> exp.Expr:
    """``org_tree`` per year: an org with a history sits under the parent ``placed`` says, others as now."""
    return _parse(
        """SELECT t.ancestor_id, t.org_id, t.depth, yr.year FROM org_tree AS t CROSS JOIN :years
           WHERE NOT EXISTS (SELECT 1 FROM org_changes AS c WHERE c.org_id = t.org_id)
           UNION ALL
           SELECT p.org_id, p.org_id, 0, p.year FROM placed AS p
           UNION ALL
           SELECT t.ancestor_id, p.org_id, t.depth + 1, p.year FROM placed AS p JOIN org_tree AS t ON t.org_id = p.parent_id""",
        years=exp.values([exp.tuple_(_number(year)) for year in years], alias="yr", columns=["year"]),
    )


def _aggregate_cte(
    aggregate: Aggregate, years: list[int], as_of: datetime | None, tags: dict[str, str], dated: bool
) -> exp.Expr:
    """``dated``: roll up through ``tree`` (membership per year) rather than ``org_tree`` (membership now)."""
    tree = "tree" if dated else "org_tree"
    if aggregate.function == "count":
        # Every region or park with enterprises under it gets a row, zero when none matches the
        # condition (an enterprise counting itself means nothing, so enterprises get no rows).
        values = exp.values([exp.tuple_(_number(year)) for year in years], alias="yr", columns=["year"])
        same_year = "AND t.year = yr.year" if dated else ""
        return _parse(
            f"""WITH holders AS (
                   SELECT DISTINCT t.ancestor_id AS org_id FROM orgs AS o JOIN {tree} AS t ON t.org_id = o.id
                   WHERE o.kind = 'enterprise' AND t.depth > 0 AND :known),
               matched AS (
                   SELECT t.ancestor_id AS org_id, yr.year, count(*) AS n
                   FROM orgs AS o JOIN {tree} AS t ON t.org_id = o.id CROSS JOIN :years
                   WHERE o.kind = 'enterprise' AND t.depth > 0 AND :known AND :condition {same_year}
                   GROUP BY t.ancestor_id, yr.year)
               SELECT h.org_id, y.year, CAST(coalesce(m.n, 0) AS DOUBLE PRECISION) AS value,
                      CAST(NULL AS INTEGER) AS last_month
               FROM holders AS h CROSS JOIN :all_years
               LEFT JOIN matched AS m ON m.org_id = h.org_id AND m.year = y.year""",
            years=values,
            all_years=exp.values([exp.tuple_(_number(year)) for year in years], alias="y", columns=["year"]),
            known=_org_known(as_of),
            condition=_condition(aggregate.where, "o", exp.column("year", "yr"), tags),
        )
    if aggregate.function == "reported":
        return _parse(
            """SELECT y.org_id, y.year, y.value, y.last_month FROM yearly AS y WHERE y.element = :element""",
            element=_string(aggregate.target),
        )
    function = {"sum": "sum", "avg": "avg", "min": "min", "max": "max"}[aggregate.function]
    return _parse(
        f"""SELECT t.ancestor_id AS org_id, y.year, CAST({function}(y.value) AS DOUBLE PRECISION) AS value,
                   max(y.last_month) AS last_month
            FROM yearly AS y JOIN orgs AS o ON o.id = y.org_id
            JOIN {tree} AS t ON t.org_id = y.org_id {"AND t.year = y.year" if dated else ""}
            WHERE y.element = :element AND o.kind = 'enterprise' AND :known AND :condition
            GROUP BY t.ancestor_id, y.year""",
        element=_string(aggregate.target),
        known=_org_known(as_of),
        condition=_condition(aggregate.where, "o", exp.column("year", "y"), tags),
    )


def _expression(node: Expression, parts: list[Aggregate], table: str) -> exp.Expr:
    if isinstance(node, Number):
        return _number(node.value)
    if isinstance(node, Aggregate):
        return exp.column(f"part_{parts.index(node) + 1}", table)
    if isinstance(node, Negate):
        return exp.Neg(this=exp.Paren(this=_expression(node.operand, parts, table)))
    if isinstance(node, Yoy):
        return _expression(node.operand, parts, table)
    assert isinstance(node, Binary)
    left = exp.Paren(this=_expression(node.left, parts, table))
    right = exp.Paren(this=_expression(node.right, parts, table))
    if node.op == "/":
        return exp.Div(this=left, expression=exp.Nullif(this=right, expression=_number(0)))
    operator = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul}[node.op]
    return operator(this=left, expression=right)


def yearly_sql(
    elements: list[str],
    years: list[int],
    dialect: str,
    revised: bool = True,
    as_of: datetime | None = None,
    through_month: int | None = None,
) -> str:
    """SQL for (org_id, element, year, value, last_month) as known now (what ``element_years`` holds), or as
    known at ``as_of`` (through ``through_month`` in the last year): every org's own yearly values, rolled up
    nowhere.  ``compile_formula(yearly_table=…)`` reads a table made from it instead of the facts.  Ordered:
    sums over a table made from it then add in the same order whatever the hash aggregation's order was, so
    the same facts give the same figure to the last digit."""
    select = exp.select("org_id", "element", "year", "value", "last_month").from_("yearly", copy=False)
    select = select.order_by("org_id", "element", "year", copy=False)
    known = _known_cte(elements, min(years), max(years), as_of, through_month, revised)
    select = select.with_("known", as_=known, copy=False)
    select = select.with_("yearly", as_=_yearly_cte(elements, dialect), copy=False)
    return select.sql(dialect=dialect, copy=False)


KIND_COLUMNS = (
    "y_total",
    "y_n",
    "q_total",
    "q_n",
    "q_last_month",
    "q_last_value",
    "m_total",
    "m_n",
    "m_last_month",
    "m_last_value",
)
"""What ``element_years`` keeps per period kind besides the yearly value: a year's figure (its value and
whether there is one), the quarters' and the months' sums, counts, last month and its value.  Each
follows from a batch of new facts by adding: new rows add to the sum and the count, a correction adds
its difference, a later month replaces the last value (``store/yearly.py``)."""


def kinds_sql(elements: list[str], years: list[int], dialect: str, revised: bool = True) -> str:
    """SQL for (org_id, element, year, *KIND_COLUMNS) as known now, aggregated from the facts."""
    columns: list[str] = []
    for kind in "YQM":
        code = kind.lower()
        where = f"k.period_kind = '{kind}'"
        columns += [
            f"sum(k.value) FILTER (WHERE {where}) AS {code}_total",
            f"count(*) FILTER (WHERE {where}) AS {code}_n",
        ]
        if kind != "Y":
            columns.append(f"max(k.month_to) FILTER (WHERE {where}) AS {code}_last_month")
            columns.append(f"{last_value(dialect, 'k.value', 'k.month_to', where)} AS {code}_last_value")
    select = _parse(
        f"SELECT k.org_id, k.element, k.year, {', '.join(columns)} FROM known AS k GROUP BY k.org_id, k.element, k.year"
    )
    assert isinstance(select, exp.Select)
    known = _known_cte(elements, min(years), max(years), None, None, revised)
    return select.with_("known", as_=known, copy=False).sql(dialect=dialect, copy=False)


def _cached_yearly(elements: list[str], first: int, last: int, table: str) -> exp.Expr:
    return _parse(
        "SELECT c.org_id, c.element, c.year, c.value, c.last_month FROM :table AS c "
        "WHERE :elements AND c.year BETWEEN :first AND :last",
        table=exp.to_table(table),
        elements=exp.column("element", "c").isin(*[_string(e) for e in elements]),
        first=_number(first),
        last=_number(last),
    )


def compile_formula(
    formula: Formula,
    dialect: str,
    years: list[int],
    as_of: datetime | None = None,
    through_month: int | None = None,
    revised: bool = True,
    cached: bool = False,
    dated: bool = False,
    yearly_table: str | None = None,
) -> Query:
    """SQL returning (org_id, year, value, last_month, part_1 … part_n) for every org with data.

    ``revised`` False promises that no fact in scope has a second revision, so
    the latest-revision filter can be skipped (``compute`` checks this cheaply).
    ``cached`` reads the yearly values from ``element_years`` (current
    knowledge, full years) instead of aggregating the facts.  Compiled queries
    are cached too: a dashboard asks the same ones again and again.  ``dated`` (some org was renamed or
    moved) rolls each year up to the parks and regions an enterprise belonged to at the end of the
    period evaluated in that year, as recorded by ``as_of``; without it the hierarchy as it is now.
    ``yearly_table`` names a temporary table of ``yearly_sql`` made for the same ``as_of``, ``through_month``
    and last year, covering the elements and years: read instead of the facts (``compute.KnownYears``).
    """
    return _compile(formula, dialect, tuple(years), as_of, through_month, revised, cached, dated, yearly_table)


@lru_cache(maxsize=1024)
def _compile(
    formula: Formula,
    dialect: str,
    years_asked: tuple[int, ...],
    as_of: datetime | None,
    through_month: int | None,
    revised: bool,
    cached: bool,
    dated: bool,
    yearly_table: str | None,
) -> Query:
    years = list(years_asked)
    aggregates = formula.aggregates()
    yoy = isinstance(formula.expression, Yoy)
    span = sorted(set(years) | ({min(years) - 1} if yoy else set()))
    elements = sorted({a.target for a in aggregates if a.function != "count"})
    ctes: list[tuple[str, exp.Expr]] = []
    if elements and (cached or yearly_table):
        ctes.append(("yearly", _cached_yearly(elements, span[0], span[-1], yearly_table or "element_years")))
    elif elements:
        ctes.append(("known", _known_cte(elements, span[0], span[-1], as_of, through_month, revised)))
        ctes.append(("yearly", _yearly_cte(elements, dialect)))
    tags: dict[str, str] = {}
    for aggregate in aggregates:
        for tag in _tags_in(aggregate.where):
            if tag not in tags:
                tags[tag] = f"tag_{len(tags) + 1}"
                ctes.append((tags[tag], _tag_cte(tag, span, as_of)))
    if dated:
        ctes.append(("placed", _placed_cte(span, as_of, through_month)))
        ctes.append(("tree", _tree_cte(span)))
    for index, aggregate in enumerate(aggregates, start=1):
        ctes.append((f"agg_{index}", _aggregate_cte(aggregate, span, as_of, tags, dated)))
    # Numerator and denominator side by side: a full join keeps an org that has only one of them.
    joined = " FULL OUTER JOIN ".join(
        f"(SELECT org_id, year, value AS part_{i}, last_month AS last_{i} FROM agg_{i}) AS a{i}"
        + (" USING (org_id, year)" if i > 1 else "")
        for i in range(1, len(aggregates) + 1)
    )
    last_months = ", ".join(f"last_{i}" for i in range(1, len(aggregates) + 1))
    last = f"greatest({last_months})" if len(aggregates) > 1 else "last_1"
    parts = ", ".join(f"part_{i}" for i in range(1, len(aggregates) + 1))
    ctes.append(("combined", _parse(f"SELECT org_id, year, {parts}, {last} AS last_month FROM {joined}")))
    value = _expression(formula.expression, aggregates, "c")
    part_columns = [exp.column(f"part_{i}", "c") for i in range(1, len(aggregates) + 1)]
    if yoy:
        previous = _expression(formula.expression, aggregates, "p")
        growth = exp.Mul(
            this=exp.Paren(
                this=exp.Sub(
                    this=exp.Div(
                        this=exp.Paren(this=value),
                        expression=exp.Nullif(this=exp.Paren(this=previous), expression=_number(0)),
                    ),
                    expression=_number(1),
                )
            ),
            expression=_number(100),
        )
        select = (
            exp.select(
                exp.column("org_id", "c"),
                exp.column("year", "c"),
                exp.alias_(growth, "value"),
                exp.column("last_month", "c"),
                *part_columns,
            )
            .from_(exp.alias_(exp.to_table("combined"), "c"), copy=False)
            .join(
                exp.alias_(exp.to_table("combined"), "p"),
                on=_parse("p.org_id = c.org_id AND p.year = c.year - 1"),
                join_type="left",
                copy=False,
            )
            .where(exp.column("year", "c").isin(*[_number(y) for y in years]), copy=False)
        )
    else:
        select = exp.select(
            exp.column("org_id", "c"),
            exp.column("year", "c"),
            exp.alias_(value, "value"),
            exp.column("last_month", "c"),
            *part_columns,
        ).from_(exp.alias_(exp.to_table("combined"), "c"), copy=False)
    for name, cte in ctes:  # built in place: copying the growing query at every step costs seconds
        select = select.with_(name, as_=cte, copy=False)
    select = select.order_by(exp.column("org_id", "c"), exp.column("year", "c"), copy=False)
    return Query(sql=select.sql(dialect=dialect, copy=False), parts=len(aggregates))  # the tree is ours: no copy
