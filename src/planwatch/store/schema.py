"""The store's schema as numbered migrations, applied in order and recorded.

One SQL for both databases (PostgreSQL syntax that DuckDB accepts).  A
migration is never edited once released: a change is a new migration.

The fact table has no update or delete path anywhere in planwatch: a
correction is a new row with the next ``revision``, and ``recorded_at`` lets
every query ask what was known at a past moment; ``seq`` numbers the rows in
the order they were written (business time can be backdated, write order not).  ``element_years`` is
derived from the facts (each org's yearly value of each element as known
now, with the sums, counts and last values per period kind it is made of)
and is brought up to date by every write, from the written batch itself:
the answer to analytics tables that go stale until a nightly rebuild.

Orgs are append-only too: ``orgs`` holds each org as first registered, and a
rename or a move to another park is a row of ``org_changes`` with the month it
takes effect (valid time) and the moment it was recorded (transaction time).
``org_tree`` is derived: the hierarchy as it stands now (after the latest
change), for the many readers of "now"; roll-ups over past periods place an
enterprise where it was then (``metrics/compile.py``).
"""

from __future__ import annotations

from datetime import datetime

from planwatch.store.backend import Backend

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "orgs, tags, elements, import batches and append-only facts",
        (
            """CREATE TABLE orgs (
                id BIGINT PRIMARY KEY,
                code VARCHAR NOT NULL UNIQUE,
                name VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                parent_id BIGINT,
                industry VARCHAR,
                cluster VARCHAR,
                chain_links VARCHAR,
                land_mu DOUBLE PRECISION,
                demo BOOLEAN NOT NULL DEFAULT FALSE,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE org_tree (
                ancestor_id BIGINT NOT NULL,
                org_id BIGINT NOT NULL,
                depth INTEGER NOT NULL,
                PRIMARY KEY (ancestor_id, org_id)
            )""",
            """CREATE TABLE org_tags (
                org_id BIGINT NOT NULL,
                tag VARCHAR NOT NULL,
                valid_from INTEGER NOT NULL,
                valid_to INTEGER,
                source VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE elements (
                code VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL UNIQUE,
                unit VARCHAR NOT NULL,
                aggregation VARCHAR NOT NULL,
                nonnegative BOOLEAN NOT NULL
            )""",
            """CREATE TABLE batches (
                id BIGINT PRIMARY KEY,
                file VARCHAR NOT NULL,
                sha256 VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                rows INTEGER NOT NULL,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE facts (
                org_id BIGINT NOT NULL,
                element VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                period_kind VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                month_from INTEGER NOT NULL,
                month_to INTEGER NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                unit VARCHAR NOT NULL,
                reported_value DOUBLE PRECISION,
                reported_unit VARCHAR,
                revision INTEGER NOT NULL,
                batch_id BIGINT,
                source VARCHAR,
                recorded_at TIMESTAMP NOT NULL,
                seq BIGINT NOT NULL
            )""",
        ),
    ),
    (
        2,
        "element_years: yearly values per org and element, refreshed on every import (derived, rebuildable)",
        (
            """CREATE TABLE element_years (
                org_id BIGINT NOT NULL,
                element VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                value DOUBLE PRECISION,
                last_month INTEGER
            )""",
            """CREATE TABLE element_years_state (
                element VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                through_seq BIGINT NOT NULL,
                PRIMARY KEY (element, year)
            )""",
            """CREATE TABLE fact_partitions (
                element VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                last_seq BIGINT NOT NULL,
                revised BOOLEAN NOT NULL,
                PRIMARY KEY (element, year)
            )""",
        ),
    ),
    (
        3,
        "plans kept in the store, and the status of milestone targets (append-only like facts)",
        (
            """CREATE TABLE plans (
                id VARCHAR NOT NULL,
                file VARCHAR NOT NULL,
                title VARCHAR,
                body VARCHAR NOT NULL,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE milestones (
                plan_id VARCHAR NOT NULL,
                indicator VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                evidence VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
        ),
    ),
    (
        4,
        "dashboard users, the server's settings, and each stored plan's audit findings with the lines they cite",
        (
            """CREATE TABLE users (
                name VARCHAR PRIMARY KEY,
                password_hash VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                scope VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE settings (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL
            )""",
            """CREATE TABLE plan_reviews (
                plan_id VARCHAR NOT NULL,
                findings VARCHAR NOT NULL,
                lines VARCHAR NOT NULL,
                recorded_at TIMESTAMP NOT NULL
            )""",
        ),
    ),
    (
        5,
        "server-side sessions (logout and revocation end them everywhere) and the audit log of who changed what",
        (
            """CREATE TABLE sessions (
                id VARCHAR PRIMARY KEY,
                user_name VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL,
                last_seen TIMESTAMP NOT NULL,
                ended_at TIMESTAMP,
                ended_reason VARCHAR
            )""",
            """CREATE TABLE audit_log (
                logged_at TIMESTAMP NOT NULL,
                user_name VARCHAR NOT NULL,
                action VARCHAR NOT NULL,
                subject VARCHAR NOT NULL,
                detail VARCHAR,
                batch_id BIGINT
            )""",
        ),
    ),
    (
        6,
        "plan versions (确认稿 and 中期调整: effective date = valid time, recorded_at = transaction time), the "
        "edits of a plan under review, each plan's full text for the review page, and the departments (责任单位)",
        (
            """CREATE TABLE plan_versions (
                plan_id VARCHAR NOT NULL,
                version INTEGER NOT NULL,
                body VARCHAR NOT NULL,
                effective DATE NOT NULL,
                reason VARCHAR,
                changes VARCHAR NOT NULL,
                recorded_by VARCHAR NOT NULL,
                recorded_at TIMESTAMP NOT NULL,
                PRIMARY KEY (plan_id, version)
            )""",
            """CREATE TABLE plan_drafts (
                plan_id VARCHAR NOT NULL,
                body VARCHAR NOT NULL,
                note VARCHAR NOT NULL,
                recorded_by VARCHAR NOT NULL,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE plan_texts (
                plan_id VARCHAR NOT NULL,
                lines VARCHAR NOT NULL,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE departments (
                name VARCHAR NOT NULL,
                members VARCHAR NOT NULL,
                removed BOOLEAN NOT NULL,
                recorded_by VARCHAR NOT NULL,
                recorded_at TIMESTAMP NOT NULL
            )""",
        ),
    ),
    (
        8,
        "ledgers: project updates, 招商 signings, steps and targets, 专项资金 records, chain maps and who is on "
        "each link (append-only with revisions, like facts)",
        (
            """CREATE TABLE project_updates (
                plan_id VARCHAR NOT NULL,
                project_id VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                stage VARCHAR NOT NULL,
                completed_wan DOUBLE PRECISION NOT NULL,
                annual_plan_wan DOUBLE PRECISION,
                responsible VARCHAR,
                problems VARCHAR,
                reason VARCHAR,
                revision INTEGER NOT NULL,
                batch_id BIGINT,
                source VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE attraction_signings (
                plan_id VARCHAR NOT NULL,
                code VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                investor VARCHAR,
                park VARCHAR,
                chain VARCHAR,
                link VARCHAR,
                signed_wan DOUBLE PRECISION NOT NULL,
                signed_on DATE NOT NULL,
                revision INTEGER NOT NULL,
                batch_id BIGINT,
                source VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE attraction_steps (
                plan_id VARCHAR NOT NULL,
                code VARCHAR NOT NULL,
                period VARCHAR NOT NULL,
                stage VARCHAR NOT NULL,
                arrived_wan DOUBLE PRECISION,
                revision INTEGER NOT NULL,
                batch_id BIGINT,
                source VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE attraction_targets (
                plan_id VARCHAR NOT NULL,
                chain VARCHAR NOT NULL,
                measure VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                unit VARCHAR NOT NULL,
                revision INTEGER NOT NULL,
                batch_id BIGINT,
                source VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE fund_records (
                code VARCHAR NOT NULL,
                uscc VARCHAR,
                plan_id VARCHAR,
                project_id VARCHAR,
                kind VARCHAR NOT NULL,
                amount_wan DOUBLE PRECISION NOT NULL,
                granted_on DATE NOT NULL,
                policy VARCHAR,
                department VARCHAR,
                revision INTEGER NOT NULL,
                batch_id BIGINT,
                source VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE chain_maps (
                plan_id VARCHAR NOT NULL,
                version INTEGER NOT NULL,
                body VARCHAR NOT NULL,
                reason VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE chain_members (
                plan_id VARCHAR NOT NULL,
                chain VARCHAR NOT NULL,
                link VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                subject VARCHAR NOT NULL,
                attached BOOLEAN NOT NULL,
                source VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
        ),
    ),
    (
        9,
        "org_contacts: who fills in an enterprise's figures and how to reach them (append-only, the latest row wins)",
        (
            """CREATE TABLE org_contacts (
                org_id BIGINT NOT NULL,
                contact VARCHAR,
                phone VARCHAR,
                source VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
        ),
    ),
    (
        10,
        "org changes (renames, moves to another park) as dated revisions; element_years keeps its sums, counts "
        "and last values per period kind, so a new batch updates it exactly from the batch itself (derived: "
        "emptied here and rebuilt from the facts when the store is opened)",
        (
            """CREATE TABLE org_changes (
                seq BIGINT NOT NULL,
                org_id BIGINT NOT NULL,
                name VARCHAR,
                parent_id BIGINT,
                from_month INTEGER NOT NULL,
                batch_id BIGINT,
                source VARCHAR,
                recorded_by VARCHAR,
                recorded_at TIMESTAMP NOT NULL
            )""",
            "DROP TABLE element_years",
            """CREATE TABLE element_years (
                org_id BIGINT NOT NULL,
                element VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                value DOUBLE PRECISION,
                last_month INTEGER,
                y_total DOUBLE PRECISION,
                y_n INTEGER NOT NULL,
                q_total DOUBLE PRECISION,
                q_n INTEGER NOT NULL,
                q_last_month INTEGER,
                q_last_value DOUBLE PRECISION,
                m_total DOUBLE PRECISION,
                m_n INTEGER NOT NULL,
                m_last_month INTEGER,
                m_last_value DOUBLE PRECISION
            )""",
            "DELETE FROM element_years_state",
        ),
    ),
)
POSTGRES_ONLY: dict[int, tuple[str, ...]] = {
    # DuckDB scans its columnar segments with zone maps; an index there would only slow bulk loads.
    1: (
        "CREATE INDEX facts_key ON facts (org_id, element, period, revision)",
        "CREATE INDEX facts_year ON facts (year)",
    ),
    10: (
        "CREATE INDEX org_changes_org ON org_changes (org_id)",
        "CREATE INDEX element_years_key ON element_years (element, year, org_id)",
    ),
}
YEARS_REBUILT = 10
"""The migration that empties ``element_years``: ``open_store`` rebuilds it from the facts once it is applied."""

LATEST = MIGRATIONS[-1][0]


def recorded(backend: Backend) -> set[int]:
    """The migrations this database has applied."""
    exists = backend.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
    if not exists[0][0]:
        return set()
    return {int(row[0]) for row in backend.query("SELECT version FROM schema_version")}


def current_version(backend: Backend) -> int:
    return max(recorded(backend), default=0)


def missing(backend: Backend) -> list[int]:
    """Migrations not applied yet, by number: a number reserved by work merged later still gets applied."""
    done = recorded(backend)
    return [number for number, _, _ in MIGRATIONS if number not in done]


def migrate(backend: Backend, now: datetime) -> list[int]:
    """Apply every migration not yet applied; return the versions applied."""
    applied: list[int] = []
    with backend.transaction():
        backend.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL, "
            "applied_at TIMESTAMP NOT NULL)"
        )
        todo = set(missing(backend))
        for number, description, statements in MIGRATIONS:
            if number not in todo:
                continue
            for statement in statements:
                backend.execute(statement)
            if backend.dialect == "postgres":
                for statement in POSTGRES_ONLY.get(number, ()):
                    backend.execute(statement)
            backend.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (number, description, now))
            applied.append(number)
    return applied
