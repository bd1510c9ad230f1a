"""Run the dashboard with uvicorn over one open store."""

from __future__ import annotations

from datetime import date

import uvicorn

from planwatch.store.database import Store
from planwatch.web.app import create_app


def serve(
    store: Store, host: str = "127.0.0.1", port: int = 8000, as_of: date | None = None, secure_cookies: bool = False
) -> None:
    """Serve until interrupted (Ctrl+C).  One process: DuckDB allows one writer per file."""
    app = create_app(store, as_of=as_of, secure_cookies=secure_cookies)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
