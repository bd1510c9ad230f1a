"""The dashboard under 50 concurrent users: latency per page (goal: p95 < 100 ms with no errors).

Run: .venv/bin/python bench/web.py [--users 50] [--seconds 30] [--think 1.0]

Builds the demo database (both example plans, the published figures, as of
2026-10-31) in a temporary folder, creates the demo accounts and serves the
dashboard with uvicorn in a child process on a free loopback port — the way
``planwatch serve`` runs it: one process, DuckDB, the page caches.  Then
``--users`` simulated users (asyncio + httpx, one connection each, spread over
the admin, park and viewer accounts) each log in once through the form with its
CSRF token and loop over the page mix — 总览 (the 驾驶舱: a park user's is its park's),
指标, an indicator's detail, 园区, 企业, 项目, 规划体检, 报送 and their ``/api/`` twins, for either plan — waiting a
think time drawn uniformly from 0.5–1.5 × ``--think`` seconds between requests,
for ``--seconds``.  A second run repeats it with no think time (each user
requests as fast as answers come: the saturation figure).  A warm-up pass first
visits every page once, so the evaluation caches are filled, as on a server
that has been up for a while.

The baseline is the same run's ``/static/app.css`` — a small file served by
Starlette without touching the store — fetched as one more entry in the mix:
the ratio of page p95 to static p95 says how much of the latency is the
dashboard's own work rather than the server, the client and the machine.
The client runs in this process and the server in another; on a small machine
they compete for the CPU, which the static baseline shows.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import socket
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from planwatch.demo.build import build_demo
from planwatch.service.accounts import Account, demo_accounts
from planwatch.store.database import open_store
from planwatch.web.serve import serve

ROOT = Path(__file__).resolve().parents[1]
PLANS = [
    ROOT / "examples" / "plans" / "000_1528b4e4bd8eb29d.txt",
    ROOT / "examples" / "plans" / "003_ee4bfce4192e67e0.txt",
]
FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
AS_OF = date(2026, 10, 31)
GOAL_MS = 100.0
STATIC = "/static/app.css"
ROLES = ("admin", "viewer", "park")
PAGES = (
    "/",
    "/api/overview",
    "/indicators",
    "/api/indicators",
    "/indicators/{plan}/{n}",
    "/api/indicators/{plan}/{n}",
    "/parks",
    "/api/parks",
    "/enterprises",
    "/api/enterprises",
    "/projects",
    "/api/projects",
    "/audit",
    "/api/audit",
    "/filings",
    "/api/filings",
)
"""Each entry of the mix, named as reported; ``{plan}`` and ``{n}`` are drawn per request."""
PLAN_FREE = {"/enterprises", "/api/enterprises"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(database: str, port: int) -> None:
    """The child process: the dashboard over the demo database, as ``planwatch serve`` runs it."""
    serve(open_store(Path(database)), host="127.0.0.1", port=port, as_of=AS_OF)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)

    def add(self, page: str, seconds: float, problem: str | None) -> None:
        self.latencies[page].append(seconds * 1000)
        if problem is not None:
            self.errors[page] += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{page}: {problem}")


@dataclass(frozen=True)
class Run:
    stats: Stats
    elapsed: float
    logins: list[float]
    """Each user's login (GET the form, POST it: argon2id) in ms, all at once."""


@dataclass(frozen=True)
class Site:
    base: str
    plans: dict[str, int]
    """Plan id → number of targets (indicator pages 1..n)."""


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _url(page: str, site: Site, rng: random.Random) -> str:
    plan = rng.choice(sorted(site.plans))
    path = page.format(plan=plan, n=rng.randint(1, site.plans[plan]))
    return path if page in PLAN_FREE or "{plan}" in page else f"{path}?plan={plan}"


async def _login(client: httpx.AsyncClient, account: Account) -> None:
    page = await client.get("/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if match is None:
        raise RuntimeError("the login page has no CSRF field")
    form = {"username": account.name, "password": account.password, "csrf_token": match.group(1)}
    answer = await client.post("/login", data=form)
    if answer.status_code != 303:
        raise RuntimeError(f"login as {account.name} failed: HTTP {answer.status_code}")


async def _fetch(client: httpx.AsyncClient, page: str, url: str, stats: Stats) -> None:
    start = time.perf_counter()
    problem: str | None = None
    try:
        response = await client.get(url)
        if not 200 <= response.status_code < 300:
            problem = f"HTTP {response.status_code} {url}"
    except httpx.HTTPError as error:
        problem = f"{type(error).__name__} {url}"
    stats.add(page, time.perf_counter() - start, problem)


async def _user(index: int, client: httpx.AsyncClient, site: Site, think: float, deadline: float, stats: Stats) -> None:
    rng = random.Random(index)
    mix = [*PAGES, STATIC]
    await asyncio.sleep(rng.uniform(0, think))  # users arrive spread over one think time
    while time.perf_counter() < deadline:
        page = rng.choice(mix)
        await _fetch(client, page, _url(page, site, rng) if page != STATIC else STATIC, stats)
        if think > 0:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def _warm(site: Site, accounts: list[Account]) -> None:
    """Every page once for each plan and role (a park user's pages are its park's), one indicator of each:
    the caches filled."""
    for account in accounts:
        async with httpx.AsyncClient(base_url=site.base, timeout=120) as client:
            await _login(client, account)
            for plan in sorted(site.plans):
                for page in PAGES:
                    url = page.format(plan=plan, n=1) if "{plan}" in page else f"{page}?plan={plan}"
                    response = await client.get(url)
                    response.raise_for_status()
            (await client.get(STATIC)).raise_for_status()


async def _plans(base: str, account: Account) -> dict[str, int]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        await _login(client, account)
        plans = (await client.get("/api/plans")).json()["plans"]
        counts = {}
        for plan in plans:
            counts[plan["id"]] = (await client.get("/api/indicators", params={"plan": plan["id"]})).json()["total"]
        return counts


async def _timed_login(client: httpx.AsyncClient, account: Account) -> float:
    start = time.perf_counter()
    await _login(client, account)
    return (time.perf_counter() - start) * 1000


def _client(base: str, cookies: httpx.Cookies | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base, timeout=30, cookies=cookies, limits=httpx.Limits(max_connections=1))


async def _run(site: Site, accounts: dict[str, Account], users: int, seconds: float, think: float) -> Run:
    """All users log in at once (timed apart), then browse for ``seconds``.

    The browsing clients are new ones holding the login's session cookie: a connection left idle while the
    other users log in (argon2 on the shared cores) may be past uvicorn's 5 s keep-alive, and a request sent as
    the server closes it fails in a way a browser would retry silently.
    """
    login_clients = [_client(site.base) for _ in range(users)]
    try:
        logins = await asyncio.gather(
            *(_timed_login(client, accounts[ROLES[i % len(ROLES)]]) for i, client in enumerate(login_clients))
        )
    finally:
        await asyncio.gather(*(client.aclose() for client in login_clients))
    clients = [_client(site.base, login.cookies) for login in login_clients]
    try:
        stats = Stats()
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(*(_user(i, client, site, think, deadline, stats) for i, client in enumerate(clients)))
        return Run(stats, time.perf_counter() - start, list(logins))
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def _report(title: str, run: Run) -> None:
    stats, elapsed = run.stats, run.elapsed
    pages = [ms for page, values in stats.latencies.items() if page != STATIC for ms in values]
    static = stats.latencies.get(STATIC, [])
    requests = sum(len(values) for values in stats.latencies.values())
    errors = sum(stats.errors.values())
    print(f"\n== {title}")
    print(
        f"{len(run.logins)} logins at once: p50 {_percentile(run.logins, 0.5):.0f} ms, "
        f"max {max(run.logins):.0f} ms (argon2id, 64 MiB and about 50 ms of CPU each, on the shared cores)"
    )
    print(f"requests {requests:,} in {elapsed:.1f} s = {requests / elapsed:,.1f}/s; errors {errors}")
    print(f"{'page':<30}{'n':>7}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")

    def line(name: str, values: list[float], errs: int) -> None:
        if not values:
            return
        print(
            f"{name:<30}{len(values):>7}{errs:>5}{_percentile(values, 0.50):>9.1f}{_percentile(values, 0.95):>9.1f}"
            f"{_percentile(values, 0.99):>9.1f}{max(values):>9.1f}"
        )

    for page in PAGES:
        line(page, stats.latencies.get(page, []), stats.errors.get(page, 0))
    line("all pages", pages, errors - stats.errors.get(STATIC, 0))
    line(f"{STATIC} (baseline)", static, stats.errors.get(STATIC, 0))
    for sample in stats.error_samples:
        print(f"  error: {sample}")
    if pages and static:
        page_p95, static_p95 = _percentile(pages, 0.95), _percentile(static, 0.95)
        met = page_p95 < GOAL_MS and errors == 0
        print(
            f"page p95 {page_p95:.1f} ms / static p95 {static_p95:.1f} ms = {page_p95 / static_p95:.1f}×; "
            f"goal p95 < {GOAL_MS:.0f} ms with 0 errors: {'met' if met else 'MISSED'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between a user's requests (s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planwatch-bench-web-") as folder:
        database = Path(folder) / "demo.duckdb"
        start = time.perf_counter()
        build_demo(database, PLANS, FIGURES, Path(folder) / "reports", AS_OF)
        store = open_store(database)
        accounts = {a.role: a for a in demo_accounts(store)}
        store.close()  # DuckDB: one process at a time; the server opens it next
        print(
            f"demo built in {time.perf_counter() - start:.1f} s; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}"
        )
        port = _free_port()
        server = multiprocessing.get_context("spawn").Process(target=_serve, args=(str(database), port), daemon=True)
        server.start()
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base, server)
            site = Site(base, asyncio.run(_plans(base, accounts["admin"])))
            start = time.perf_counter()
            asyncio.run(_warm(site, [accounts[role] for role in ROLES]))
            print(
                f"warm-up (every page once per plan and role) {time.perf_counter() - start:.1f} s; plans {site.plans}"
            )
            for think in (args.think, 0.0) if args.think > 0 else (0.0,):
                run = asyncio.run(_run(site, accounts, args.users, args.seconds, think))
                title = f"{args.users} users, think time {think:g} s" + (" (saturation)" if think == 0 else "")
                _report(title, run)
        finally:
            server.terminate()
            server.join(timeout=10)


def _wait(base: str, server: multiprocessing.process.BaseProcess) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not server.is_alive():
            raise RuntimeError(f"the dashboard exited with code {server.exitcode}")
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the dashboard did not start within 60 s")


if __name__ == "__main__":
    main()
