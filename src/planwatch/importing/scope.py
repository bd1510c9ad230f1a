"""What an import may write (``service.access.import_scope`` makes it from the importer's account)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """What an importer may write, from the importer's own account — never from the file.

    ``codes``: the enterprises the user reaches now (a park user's, or an enterprise's own);
    ``parks``: the parks a park user may register new enterprises into (an enterprise user: none).
    """

    label: str
    """Who is importing, for the message: “园区用户 张三”."""
    codes: frozenset[str]
    parks: frozenset[str] = frozenset()
