"""The indicator engine at county-and-beyond scale, against hand-written SQL and pandas.

    .venv/bin/python bench/engine.py --enterprises 100000 --months 60 [--json]

Builds a synthetic panel in a temporary DuckDB store — 1 region, 10 parks,
N enterprises with tags, M months × 20 elements of monthly facts — vectorised
in SQL.  Then, for every indicator definition the panel can feed, computes
the value for every org and year three ways and times them:

* ``planwatch_s`` — ``planwatch.metrics.compute.materialize`` (formula →
  SQLGlot → DuckDB), each indicator's (org, year, value) table built in the
  database;
* ``duckdb_sql_s`` — SQL a developer would write by hand for the same tables;
* ``pandas_s`` — a straightforward pandas implementation producing the same
  values in DataFrames (in a child process, so its memory does not count in
  ``peak_rss_mb``; loading the facts into a DataFrame is ``pandas_load_s``).

Results stay where each method computes them; moving 8 million numbers into
Python objects would time the interpreter, not the engines.

planwatch keeps each org's yearly value of each element current as facts
arrive (``element_years``, updated from each batch by every import —
``refresh_all_s`` is the one-off cost of building it for the whole panel from
the facts); indicators read it instead of re-aggregating the facts.  ``equal``
says all three agree (relative 1e-9).

Then two more months arrive as an import writes them: each month's facts
are staged first (what reading and checking the file yields; not timed), then
timed: appended in one transaction (revisions numbered, partitions noted,
``element_years`` updated from the batch), refreshed, and every indicator of
that year evaluated again.  ``incremental_january_s`` is the month after the
panel's last, a January (a year with no facts yet: its partitions start from
the batch); ``incremental_s`` the February after it (a year under way: the
batch adds to what is kept).  ``incremental_equal`` says the year's indicators
then equal those aggregated from the facts.  The baselines, same run and same
year: ``year_from_facts_sql_s`` the year's indicators aggregated from its
facts by hand-written DuckDB SQL (what the increment saves), and
``year_rewrite_s`` the year's ``element_years`` partitions rewritten from the
facts and evaluated (the path before, for every batch that was not a plain new
month); ``year_one_pass_sql_s`` the year's indicators from ``element_years`` by
hand-written SQL in one pass (every enterprise's values and tags as one wide
row, every aggregate rolled up in one grouping: what evaluating the year in one
query rather than one per indicator would reach; ``one_pass_equal`` checks it).  ``incremental_write_s`` is the writing part of an increment (append,
``element_years``, commit); the rest evaluates the year (``incremental_evaluate_s``).  For scale, same run:
``append_floor_s`` is the database alone appending one month's facts (the same rows, numbered, into an empty
table shaped like ``facts``) and committing — the least any import of the month can take; and
``checkpoint_after_s`` what the increments left for a later checkpoint (nothing is deferred: DuckDB
checkpoints inside the commit once its log passes ``checkpoint_threshold``, and that is timed).
Prints JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planwatch.metrics.compute import materialize
from planwatch.metrics.definitions import Definition, definitions
from planwatch.metrics.formula import Aggregate, All, Binary, Number, Tag
from planwatch.store.database import Store, open_store
from planwatch.store.facts import FACT_COLUMNS, append_staged, record_written, stage_facts
from planwatch.store.yearly import has_revisions, last_seq, refresh_years

PARKS = 10
FIRST_YEAR = 2021
ELEMENTS = [
    "output_value", "revenue", "tax", "value_added", "rd_expense", "profit", "export_value", "energy_total",
    "electricity", "coal", "natural_gas", "industrial_investment", "renovation_investment", "land_area",
    "employees", "gdp", "strategic_output", "equipment_output", "secondary_value_added", "gs_enterprises",
]  # fmt: skip
TAGS = {
    "规上": 3,
    "高新技术企业": 10,
    "专精特新": 20,
    "战略性新兴产业": 5,
    "高技术制造业": 6,
    "有研发机构": 7,
    "上市": 50,
}
"""Every n-th enterprise (by a hash) carries the tag, from the first year."""


def build(store: Store, enterprises: int, months: int) -> None:
    """The panel, in SQL: deterministic, no Python loop per row."""
    db = store.backend
    now = store.now()
    with db.transaction():
        db.execute(
            "INSERT INTO orgs (id, code, name, kind, parent_id, demo, recorded_at) VALUES (1, 'region:基准县', '基准县', 'region', NULL, TRUE, ?)",
            (now,),
        )
        db.execute(
            "INSERT INTO orgs (id, code, name, kind, parent_id, demo, recorded_at) "
            "SELECT 2 + i, 'park:园区' || i, '园区' || i, 'park', 1, TRUE, ? FROM range(?) t(i)",
            (now, PARKS),
        )
        first = 2 + PARKS
        db.execute(
            "INSERT INTO orgs (id, code, name, kind, parent_id, cluster, demo, recorded_at) "
            "SELECT ? + i, 'E' || lpad(i::VARCHAR, 8, '0'), '企业' || i, 'enterprise', 2 + i % ?, "
            "CASE i % 3 WHEN 0 THEN '食品' WHEN 1 THEN '装备' ELSE '材料' END, TRUE, ? FROM range(?) t(i)",
            (first, PARKS, now, enterprises),
        )
        db.execute("INSERT INTO org_tree SELECT id, id, 0 FROM orgs")
        db.execute("INSERT INTO org_tree SELECT parent_id, id, 1 FROM orgs WHERE parent_id IS NOT NULL")
        db.execute("INSERT INTO org_tree SELECT 1, id, 2 FROM orgs WHERE kind = 'enterprise'")
        for tag, every in TAGS.items():
            db.execute(
                "INSERT INTO org_tags SELECT id, ?, ?, NULL, 'bench', ? FROM orgs "
                "WHERE kind = 'enterprise' AND hash(id || ?) % ? = 0",
                (tag, FIRST_YEAR, now, tag, every),
            )
    insert_months(store, enterprises, range(months), now)


def refresh(store: Store, partitions: set[tuple[str, int]]) -> None:
    with store.backend.transaction():
        refresh_years(store, partitions, store.now())


def insert_months(store: Store, enterprises: int, months: range, now: Any) -> set[tuple[str, int]]:
    """Append months of facts in SQL and note the partitions written; returns them."""
    db = store.backend
    elements = ", ".join(f"('{code}', {index})" for index, code in enumerate(ELEMENTS))
    first = 2 + PARKS
    with db.transaction():
        base = last_seq(store)
        db.execute(
            f"""INSERT INTO facts ({", ".join(FACT_COLUMNS)}, revision, batch_id, recorded_at, seq)
            SELECT e.i + {first}, el.code,
                   ({FIRST_YEAR} + m.i // 12)::VARCHAR || '-' || lpad((m.i % 12 + 1)::VARCHAR, 2, '0'),
                   'M', {FIRST_YEAR} + m.i // 12, m.i % 12 + 1, m.i % 12 + 1,
                   10 + (hash(e.i, el.n, m.i) % 100000) / 100.0, 'u', NULL, NULL, NULL, 1, NULL, ?,
                   ? + 1 + ((m.i - {months.start}) * ? + e.i) * {len(ELEMENTS)} + el.n
            FROM range(?) e(i) CROSS JOIN range(?, ?) m(i) CROSS JOIN (VALUES {elements}) el(code, n)""",
            (now, base, enterprises, enterprises, months.start, months.stop),
        )
        partitions = {(code, FIRST_YEAR + m // 12) for code in ELEMENTS for m in months}
        record_written(store, base)
    return partitions


def stage_month(store: Store, enterprises: int, month: int) -> set[tuple[str, int]]:
    """Month number ``month`` of facts in ``staging_facts``, as an import has them once its file is read."""
    elements = ", ".join(f"('{code}', {index})" for index, code in enumerate(ELEMENTS))
    stage_facts(store)
    year, number = FIRST_YEAR + month // 12, month % 12 + 1
    store.backend.execute(
        f"""INSERT INTO staging_facts ({", ".join(FACT_COLUMNS)})
        SELECT e.i + {2 + PARKS}, el.code, '{year}-{number:02d}', 'M', {year}, {number}, {number},
               10 + (hash(e.i, el.n, {month}) % 100000) / 100.0, 'u', NULL, NULL, NULL
        FROM range(?) e(i) CROSS JOIN (VALUES {elements}) el(code, n)""",
        (enterprises,),
    )
    return {(code, year) for code in ELEMENTS}


def append_floor(store: Store, enterprises: int, month: int) -> float:
    """The database's own time to append a month's facts and commit: the same staged rows, numbered, into an
    empty table shaped like ``facts``, with nothing else (no revision lookup, no partitions, no element_years)."""
    stage_month(store, enterprises, month)
    db = store.backend
    db.execute("CREATE TABLE floor_facts AS SELECT * FROM facts LIMIT 0")
    columns = ", ".join(FACT_COLUMNS)
    start = time.perf_counter()
    with db.transaction():
        db.execute(
            f"""INSERT INTO floor_facts ({columns}, revision, batch_id, recorded_at, seq)
            SELECT {columns}, 1, NULL, ?, row_number() OVER () FROM staging_facts""",
            (store.now(),),
        )
    elapsed = time.perf_counter() - start
    db.execute("DROP TABLE floor_facts")
    return elapsed


def mapped(store: Store) -> list[Definition]:
    """The definitions the panel can feed: no reported figures or cluster filters needed."""
    return [d for d in definitions() if d.reported is None and "产业集群" not in d.formula.text]


# --- the hand-written baseline ---------------------------------------------------------------------


def _tags(condition: object) -> list[str]:
    """The tags of a condition that is one tag or all of several (all the panel's definitions use)."""
    if isinstance(condition, Tag):
        return [condition.name]
    if isinstance(condition, All):
        return [name for item in condition.items for name in _tags(item)]
    return []


def _hand_sql(aggregate: Aggregate, years: list[int]) -> str:
    tags = _tags(aggregate.where)
    tag_join = " ".join(
        f"JOIN org_tags g{i} ON g{i}.org_id = f.org_id AND g{i}.tag = '{tag}' AND g{i}.valid_from <= f.year"
        for i, tag in enumerate(tags)
    )
    if aggregate.function == "count":
        tag_join = " ".join(
            f"JOIN org_tags g{i} ON g{i}.org_id = o.id AND g{i}.tag = '{tag}'" for i, tag in enumerate(tags)
        )
        return f"""SELECT t.ancestor_id, y.year, count(*)::DOUBLE FROM orgs o {tag_join}
            JOIN org_tree t ON t.org_id = o.id AND t.depth > 0 CROSS JOIN (SELECT unnest({years}) AS year) y
            WHERE o.kind = 'enterprise' GROUP BY 1, 2"""
    if aggregate.target in ("land_area",):  # a stock: the year's last month
        value = "arg_max(f.value, f.month_to)"
        return f"""WITH e AS (SELECT f.org_id, f.year, {value} AS v FROM facts f {tag_join}
            WHERE f.element = '{aggregate.target}' AND f.year BETWEEN {years[0]} AND {years[-1]} GROUP BY 1, 2)
            SELECT t.ancestor_id, e.year, sum(e.v) FROM e JOIN org_tree t ON t.org_id = e.org_id GROUP BY 1, 2"""
    if aggregate.target in ("employees",):
        return f"""WITH e AS (SELECT f.org_id, f.year, avg(f.value) AS v FROM facts f {tag_join}
            WHERE f.element = '{aggregate.target}' AND f.year BETWEEN {years[0]} AND {years[-1]} GROUP BY 1, 2)
            SELECT t.ancestor_id, e.year, sum(e.v) FROM e JOIN org_tree t ON t.org_id = e.org_id GROUP BY 1, 2"""
    return f"""WITH e AS (SELECT f.org_id, f.year, sum(f.value) AS v FROM facts f {tag_join}
        WHERE f.element = '{aggregate.target}' AND f.year BETWEEN {years[0]} AND {years[-1]} GROUP BY 1, 2)
        SELECT t.ancestor_id, e.year, sum(e.v) FROM e JOIN org_tree t ON t.org_id = e.org_id GROUP BY 1, 2"""


def _combine(node: object, parts: dict[Aggregate, dict[tuple[int, int], float]], key: tuple[int, int]) -> float | None:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Aggregate):
        return parts[node].get(key)
    assert isinstance(node, Binary)
    left, right = _combine(node.left, parts, key), _combine(node.right, parts, key)
    if left is None or right is None:
        return None
    if node.op == "/":
        return None if right == 0 else left / right
    return {"+": left + right, "-": left - right, "*": left * right}[node.op]


def _hand_expression(node: object, aggregates: list[Aggregate]) -> str:
    if isinstance(node, Number):
        return repr(node.value)
    if isinstance(node, Aggregate):
        return f"p{aggregates.index(node)}.v"
    assert isinstance(node, Binary)
    left, right = _hand_expression(node.left, aggregates), _hand_expression(node.right, aggregates)
    if node.op == "/":
        return f"({left}) / NULLIF({right}, 0)"
    return f"({left}) {node.op} ({right})"


def hand_written_sql(definition: Definition, years: list[int]) -> str:
    """The whole indicator in one statement, parts joined on org and year."""
    aggregates = definition.formula.aggregates()
    ctes = ", ".join(
        f"p{i}_raw AS ({_hand_sql(a, years)}), p{i} AS (SELECT * FROM p{i}_raw t(org_id, year, v))"
        for i, a in enumerate(aggregates)
    )
    joins = " ".join(f"FULL OUTER JOIN p{i} USING (org_id, year)" for i in range(1, len(aggregates)))
    return f"WITH {ctes} SELECT org_id, year, {_hand_expression(definition.formula.expression, aggregates)} AS value FROM p0 {joins}"


def one_pass_sql(chosen: list[Definition], year: int) -> list[str]:
    """The year's indicators by hand in one pass: each enterprise's yearly values of every element used and
    its tags as one wide row, every aggregate of every indicator summed (or counted) up ``org_tree`` in one
    grouping, each indicator then a projection of that table (``one_<id>``)."""
    aggregates = list(dict.fromkeys(a for d in chosen for a in d.formula.aggregates()))
    elements = sorted({a.target for a in aggregates if a.function != "count"})
    tags = sorted({tag for a in aggregates for tag in _tags(a.where)})
    values = ", ".join(f"max(value) FILTER (WHERE element = '{e}') AS v{i}" for i, e in enumerate(elements))
    listed = ", ".join(f"'{e}'" for e in elements)
    flags = ", ".join(f"bool_or(tag = '{t}') AS g{i}" for i, t in enumerate(tags))
    tag_list = ", ".join(f"'{t}'" for t in tags)
    parts: list[str] = []
    for i, a in enumerate(aggregates):
        condition = " AND ".join(["TRUE", *(f"coalesce(g.g{tags.index(t)}, FALSE)" for t in _tags(a.where))])
        if a.function == "count":  # regions and parks only, as the engine counts
            parts.append(f"count(*) FILTER (WHERE t.depth > 0 AND {condition}) AS p{i}")
        else:
            parts.append(f"sum(w.v{elements.index(a.target)}) FILTER (WHERE {condition}) AS p{i}")
    statements = [
        f"""CREATE OR REPLACE TEMP TABLE one_wide AS SELECT org_id, {values} FROM element_years
            WHERE year = {year} AND element IN ({listed}) GROUP BY org_id""",
        f"""CREATE OR REPLACE TEMP TABLE one_tags AS SELECT org_id, {flags} FROM org_tags
            WHERE tag IN ({tag_list}) AND valid_from <= {year} AND (valid_to IS NULL OR valid_to >= {year})
            GROUP BY org_id""",
        f"""CREATE OR REPLACE TEMP TABLE one_parts AS SELECT t.ancestor_id AS org_id, {", ".join(parts)}
            FROM orgs o JOIN org_tree t ON t.org_id = o.id LEFT JOIN one_wide w ON w.org_id = o.id
            LEFT JOIN one_tags g ON g.org_id = o.id WHERE o.kind = 'enterprise' GROUP BY t.ancestor_id""",
    ]
    for d in chosen:
        named = [f"p{aggregates.index(a)}" for a in d.formula.aggregates()]
        value = _hand_expression(d.formula.expression, d.formula.aggregates())
        for index, name in enumerate(named):
            value = value.replace(f"p{index}.v", name)
        statements.append(
            f"CREATE OR REPLACE TEMP TABLE one_{d.id} AS SELECT org_id, {year} AS year, {value} AS value FROM one_parts"
        )
    return statements


# --- pandas ------------------------------------------------------------------------------------------


def _pandas_run(path: str, years: list[int], queue: Any) -> None:
    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect(path, read_only=True)
    codes = ", ".join(f"'{code}'" for code in ELEMENTS)
    facts = connection.execute(
        f"SELECT org_id::INTEGER AS org_id, list_position([{codes}], element)::TINYINT AS element, "
        "year::SMALLINT AS year, month_to::TINYINT AS month_to, value FROM facts"
    ).df()
    tags = connection.execute("SELECT org_id, tag FROM org_tags").df()
    tree = connection.execute("SELECT ancestor_id, org_id FROM org_tree").df()
    orgs = connection.execute("SELECT id AS org_id, kind FROM orgs").df()
    connection.close()
    loaded = time.perf_counter()
    results: dict[str, dict[tuple[int, int], float | None]] = {}
    for definition in mapped_definitions():
        parts: dict[Aggregate, dict[tuple[int, int], float]] = {}
        for aggregate in definition.formula.aggregates():
            wanted = _tags(aggregate.where)
            if aggregate.function == "count":
                members = orgs[orgs.kind == "enterprise"][["org_id"]]
                for tag in wanted:
                    members = members.merge(tags[tags.tag == tag][["org_id"]], on="org_id")
                above = tree[tree.ancestor_id != tree.org_id]
                rolled = members.merge(above, on="org_id").groupby("ancestor_id").size()
                counted: list[Any] = rolled.reset_index().values.tolist()
                parts[aggregate] = {(int(o), y): float(n) for o, n in counted for y in years}
                continue
            rows = facts[(facts.element == ELEMENTS.index(aggregate.target) + 1) & facts.year.isin(years)]
            for tag in wanted:
                rows = rows.merge(tags[tags.tag == tag][["org_id"]], on="org_id")
            if aggregate.target == "land_area":
                per = rows.sort_values("month_to").groupby(["org_id", "year"]).value.last()
            elif aggregate.target == "employees":
                per = rows.groupby(["org_id", "year"]).value.mean()
            else:
                per = rows.groupby(["org_id", "year"]).value.sum()
            rolled = per.reset_index().merge(tree, on="org_id").groupby(["ancestor_id", "year"]).value.sum()
            summed: list[Any] = rolled.reset_index().values.tolist()
            parts[aggregate] = {(int(o), int(y)): float(v) for o, y, v in summed}
        keys = set().union(*parts.values())
        results[definition.id] = {key: _combine(definition.formula.expression, parts, key) for key in keys}
    done = time.perf_counter()
    queue.put((loaded - start, done - loaded, results))


def mapped_definitions() -> list[Definition]:
    return [d for d in definitions() if d.reported is None and "产业集群" not in d.formula.text]


# --- measuring ---------------------------------------------------------------------------------------


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _table(store: Store, name: str) -> dict[tuple[int, int], float | None]:
    return {(int(o), int(y)): v for o, y, v in store.backend.query(f"SELECT org_id, year, value FROM {name}")}


def _same(a: dict[tuple[int, int], float | None], b: dict[tuple[int, int], float | None]) -> bool:
    keys = {k for k, v in a.items() if v is not None} | {k for k, v in b.items() if v is not None}
    for key in keys:
        x, y = a.get(key) or 0.0, b.get(key) or 0.0  # a count with no row is a count of zero
        if abs(x - y) > 1e-9 * max(1.0, abs(x), abs(y)):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--skip-pandas", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="planwatch-bench-"))
    path = folder / "bench.duckdb"
    try:
        store = open_store(path)
        build_s, _ = _timed(lambda: build(store, args.enterprises, args.months))
        years = sorted({FIRST_YEAR + m // 12 for m in range(args.months)})
        everything = {(code, year) for code in ELEMENTS for year in years}
        refresh_s, _ = _timed(lambda: refresh(store, everything))
        chosen = mapped(store)

        def ours_all() -> None:
            revised = has_revisions(store, None)  # once per evaluation, as compute_plan does
            for d in chosen:
                materialize(store, d.formula, years, f"pw_{d.id}", revised=revised)

        def theirs_all() -> None:
            for d in chosen:
                store.backend.execute(f"CREATE OR REPLACE TEMP TABLE sql_{d.id} AS {hand_written_sql(d, years)}")

        planwatch_s, _ = _timed(ours_all)
        warm_s, _ = _timed(ours_all)  # compiled queries are cached: a dashboard's second look
        duckdb_s, _ = _timed(theirs_all)
        ours = {d.id: _table(store, f"pw_{d.id}") for d in chosen}
        theirs = {d.id: _table(store, f"sql_{d.id}") for d in chosen}
        equal = all(_same(ours[d.id], theirs[d.id]) for d in chosen)
        pandas_s = pandas_load_s = None
        if not args.skip_pandas:
            store.close()
            queue: Any = multiprocessing.get_context("fork").Queue()
            child = multiprocessing.get_context("fork").Process(target=_pandas_run, args=(str(path), years, queue))
            child.start()
            pandas_load_s, pandas_s, theirs_pd = queue.get()
            child.join()
            equal = equal and all(_same(ours[d.id], theirs_pd[d.id]) for d in chosen)
            store = open_store(path)
        last_year = FIRST_YEAR + (args.months - 1) // 12
        january = args.months + (12 - args.months % 12) % 12  # the month after the panel's last, or the next January
        added_year = FIRST_YEAR + january // 12

        # The dashboard already shows the current year: its queries are compiled before the month arrives.
        revised = has_revisions(store, None)
        for definition in chosen:
            materialize(store, definition.formula, [added_year], f"pw_new_{definition.id}", revised=revised)

        def incremental(month: int) -> tuple[float, float]:
            """The whole increment, and of it the part that writes (append, element_years, commit)."""
            written = stage_month(store, args.enterprises, month)  # the file read and checked: not timed
            year = FIRST_YEAR + month // 12
            start = time.perf_counter()
            with store.backend.transaction():
                append_staged(store, None, store.now())
                refresh_years(store, written, store.now())
            wrote = time.perf_counter()
            revised = has_revisions(store, None)
            for definition in chosen:
                materialize(store, definition.formula, [year], f"pw_new_{definition.id}", revised=revised)
            return time.perf_counter() - start, wrote - start

        incremental_january_s, january_write_s = incremental(january)
        incremental_s, write_s = incremental(january + 1)
        # Whatever the increments left for later (DuckDB checkpoints when its log passes a threshold):
        checkpoint_s, _ = _timed(lambda: store.backend.execute("CHECKPOINT"))
        append_floor_s = append_floor(store, args.enterprises, january + 2)
        incremental_equal = True
        for definition in chosen:  # the year as kept, against the year aggregated from the facts
            materialize(store, definition.formula, [added_year], f"pw_facts_{definition.id}", as_of=store.now())
            kept, aggregated = _table(store, f"pw_new_{definition.id}"), _table(store, f"pw_facts_{definition.id}")
            incremental_equal = incremental_equal and _same(kept, aggregated)

        def year_from_facts() -> None:
            """The baseline: the year's figures aggregated again from its facts by hand-written DuckDB SQL."""
            for d in chosen:
                store.backend.execute(
                    f"CREATE OR REPLACE TEMP TABLE sql_new_{d.id} AS {hand_written_sql(d, [added_year])}"
                )

        def year_rewritten() -> None:
            """The path before: the year's partitions of element_years rewritten from the facts, then evaluated."""
            with store.backend.transaction():
                store.backend.execute("DELETE FROM element_years_state WHERE year = ?", (added_year,))
                refresh_years(store, {(code, added_year) for code in ELEMENTS}, store.now())
            revised = has_revisions(store, None)
            for d in chosen:
                materialize(store, d.formula, [added_year], f"pw_new_{d.id}", revised=revised)

        def year_in_one_pass() -> None:
            for statement in one_pass_sql(chosen, added_year):
                store.backend.execute(statement)

        year_sql_s, _ = _timed(year_from_facts)
        year_rewrite_s, _ = _timed(year_rewritten)
        year_one_pass_s, _ = _timed(year_in_one_pass)
        incremental_equal = incremental_equal and all(
            _same(_table(store, f"pw_new_{d.id}"), _table(store, f"sql_new_{d.id}")) for d in chosen
        )
        one_pass_equal = all(_same(_table(store, f"pw_new_{d.id}"), _table(store, f"one_{d.id}")) for d in chosen)
        facts = int(store.backend.query("SELECT count(*) FROM facts")[0][0])
        store.close()
        report = {
            "enterprises": args.enterprises,
            "months": args.months,
            "elements": len(ELEMENTS),
            "facts": facts,
            "indicators": len(chosen),
            "years": [years[0], last_year],
            "build_s": round(build_s, 3),
            "refresh_all_s": round(refresh_s, 3),
            "planwatch_s": round(planwatch_s, 3),
            "planwatch_warm_s": round(warm_s, 3),
            "duckdb_sql_s": round(duckdb_s, 3),
            "pandas_s": None if pandas_s is None else round(pandas_s, 3),
            "pandas_load_s": None if pandas_load_s is None else round(pandas_load_s, 3),
            "ratio_to_sql": round(planwatch_s / duckdb_s, 3),
            "warm_ratio_to_sql": round(warm_s / duckdb_s, 3),
            "pandas_over_planwatch": None if pandas_s is None else round(pandas_s / planwatch_s, 2),
            "equal": equal,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "incremental_s": round(incremental_s, 3),
            "incremental_january_s": round(incremental_january_s, 3),
            "incremental_write_s": round(write_s, 3),
            "incremental_january_write_s": round(january_write_s, 3),
            "incremental_evaluate_s": round(incremental_s - write_s, 3),
            "incremental_january_evaluate_s": round(incremental_january_s - january_write_s, 3),
            "append_floor_s": round(append_floor_s, 3),
            "checkpoint_after_s": round(checkpoint_s, 3),
            "incremental_equal": incremental_equal,
            "year_from_facts_sql_s": round(year_sql_s, 3),
            "year_rewrite_s": round(year_rewrite_s, 3),
            "year_one_pass_sql_s": round(year_one_pass_s, 3),
            "one_pass_equal": one_pass_equal,
            "incremental_over_sql": round(incremental_s / year_sql_s, 3),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:>30}: {value}")


if __name__ == "__main__":
    main()
