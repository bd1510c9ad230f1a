"""The store as the running dashboard shares it: one connection, a lock around it, caches by data version.

DuckDB connections are not safe to share between threads, and FastAPI runs
page functions on a thread pool, so every use of the store goes through
``SharedStore.lock``.  Evaluations take up to a second; pages and evaluations
are cached until the store's version changes (a fact, plan, milestone, org,
tag or user written by anyone), so a page is computed once per change, not per visit.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TypeVar

from planwatch.errors import InputError
from planwatch.evaluate.evaluation import Evaluation, evaluate_plan
from planwatch.periods import InvalidPeriod, Through, parse_through, through_day
from planwatch.plan.model import Plan
from planwatch.store.database import Store, data_version
from planwatch.store.orgs import Org, load_orgs
from planwatch.store.plans import stored_plans

T = TypeVar("T")
CACHE_SIZE = 512
VERSION_SECONDS = 1.0
"""How long a read of the version stands: writes through the dashboard bump it at once,
other writers (the CLI on a shared PostgreSQL) are seen within this time."""


ACTIVITY = 2
"""The last numbers of ``store.database.data_version``: ended sessions and the audit log, which every login,
logout and import changes and no figure depends on."""
ACTIVITY_KEYS = frozenset({"session", "log"})
"""Cache keys whose data are those counts (a session's check, the 操作日志): read again when they change."""


class NotFound(InputError):
    """A plan, target or enterprise that is not in the store."""

    exit_code = 4


class SharedStore:
    def __init__(self, store: Store, as_of: date | None = None) -> None:
        self.store = store
        self.default_as_of = as_of
        self.lock = threading.RLock()
        self.write_lock = threading.Lock()
        self.activity: dict[str, datetime] = {}
        """Session id → its last request here (the store's copy is refreshed now and then)."""
        """Imports one at a time (each on its own connection, see ``writer``)."""
        self._cache: OrderedDict[tuple[object, ...], tuple[tuple[int, ...], object]] = OrderedDict()
        self._version: tuple[int, ...] = ()
        self._version_read = -math.inf

    def as_of(self, text: str | None) -> date:
        """The knowledge date asked for, or the default (the demo's, or today)."""
        if text:
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise InputError(f"日期“{text}”格式不对，请写成 2026-10-31 这样的格式。") from None
        return self.default_as_of or self.store.now().date()

    def dates(self, through: str | None, as_of: str | None) -> tuple[Through, date]:
        """The period evaluated and the knowledge date: through defaults to the knowledge date itself."""
        known = self.as_of(as_of)
        if not through:
            return through_day(known), known
        try:
            return parse_through(through), known
        except InvalidPeriod:
            raise InputError(
                f"评估截止期“{through}”无法识别：请写成 2025（年底）、2025-06（月底）或 2025-06-30（某日）。"
            ) from None

    def version(self) -> tuple[int, ...]:
        with self.lock:
            if time.monotonic() - self._version_read > VERSION_SECONDS:
                self._version = data_version(self.store)
                self._version_read = time.monotonic()
            return self._version

    def changed(self) -> None:
        """Something was written: read the version again on the next lookup."""
        with self.lock:
            self._version_read = -math.inf

    def cached(self, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """``make()`` once per store version for this key (most recently used kept).

        A login or a logout changes only the version's activity counts (``ACTIVITY``): what shows
        them is read again, the figures' caches are kept — or every login would recompute every page.
        """
        full = self.version()
        version = full if key[:1] and key[0] in ACTIVITY_KEYS else full[:-ACTIVITY]
        with self.lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == version:
                self._cache.move_to_end(key)
                return hit[1]  # type: ignore[return-value]  # the key fixes the type of what it holds
            value = make()
            self._cache[key] = (version, value)
            self._cache.move_to_end(key)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return value

    def read(self, key: tuple[object, ...], load: Callable[[Store], T]) -> T:
        """``load(store)`` under the lock, cached like ``cached``: for page data read straight from the store."""

        def locked() -> T:
            with self.lock:
                return load(self.store)

        return self.cached(key, locked)

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """The store on a connection of its own, for one import at a time: pages go on being read on the
        shared connection while it validates and writes (the database keeps the two apart)."""
        with self.write_lock:
            with self.lock:
                store = self.store.clone()
            try:
                yield store
            finally:
                store.close()
        self.changed()

    def plans(self) -> list[Plan]:
        return self.read(("plans",), stored_plans)

    def plan(self, key: str | None) -> Plan:
        plans = self.plans()
        if not plans:
            raise NotFound("库中还没有规划。请先用 planwatch demo 或导入规划后再打开驾驶舱。")
        if not key:  # the plan in force today, the most recent (a user's own plan: pages.common.home_plan)
            year = self.as_of(None).year
            return max(
                plans,
                key=lambda p: (
                    p.period is not None and p.period.start <= year <= p.period.end,
                    p.period.end if p.period else 0,
                    p.published.isoformat() if p.published else "",
                ),
            )
        for plan in plans:
            if key in {plan.id, plan.file, plan.title}:
                return plan
        raise NotFound(f"库中没有规划“{key}”。")

    def orgs(self) -> dict[str, Org]:
        return self.read(("orgs",), load_orgs)

    def evaluation(self, plan: Plan, through: Through, known: date) -> Evaluation:
        return self.cached(
            ("evaluation", plan.id, through, known), lambda: evaluate_plan(self.store, plan, known, through)
        )
