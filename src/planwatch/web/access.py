"""How often a login may be tried.  Who may see what is ``service.access`` (re-exported here for the pages)."""

from __future__ import annotations

import hashlib
import threading
from collections import deque

from planwatch.service.access import Forbidden, check_org, may_see, visible_orgs

__all__ = ["Forbidden", "LoginThrottle", "check_org", "may_see", "visible_orgs"]


class LoginThrottle:
    """Refuses logins after repeated failures: per account and address, per address, per account overall.

    Someone guessing from one address pauses the account there (5 in 15 minutes) without locking
    the owner out elsewhere; one address guessing many accounts pauses that address (30); the
    same account guessed from many addresses pauses it everywhere (50).  Attempts on one account
    are checked one at a time (``account``), so parallel guesses each see the failures before
    them; a whole office behind one address can still log in at once.  In memory, per server
    process, pruned and bounded; several processes should also limit at the reverse proxy (README).
    """

    STRIPES = 64

    def __init__(
        self, per_pair: int = 5, per_address: int = 30, per_name: int = 50, window: float = 15 * 60, keys: int = 10_000
    ) -> None:
        self.limits = {"pair": per_pair, "address": per_address, "name": per_name}
        self.window = window
        self.keys = keys
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._stripes = [threading.Lock() for _ in range(self.STRIPES)]

    def account(self, name: str) -> threading.Lock:
        """Held around one login of ``name`` (a fixed set of locks: bounded whatever names are tried)."""
        digest = hashlib.sha256(name.encode()).digest()
        return self._stripes[int.from_bytes(digest[:4], "big") % self.STRIPES]

    def refusal(self, name: str, address: str, now: float) -> str | None:
        """Why a login for ``name`` from ``address`` is refused now, or None if it may be tried."""
        for kind, key in self._keys(name, address):
            if self._recent((kind, key), now) >= self.limits[kind]:
                wait = self._wait((kind, key), now)
                if kind == "address":
                    return f"本机登录失败次数过多，请 {wait} 分钟后再试。"
                return f"该账号连续登录失败 {self.limits['pair']} 次以上，已暂停登录 {wait} 分钟；如忘记密码请联系管理员重设。"
        return None

    def failed(self, name: str, address: str, now: float) -> None:
        for key in self._keys(name, address):
            self._failures.setdefault(key, deque()).append(now)
        if len(self._failures) > self.keys:
            self._prune(now)

    def succeeded(self, name: str, address: str) -> None:
        """The password was right: forget the account's failures from this address."""
        self._failures.pop(("pair", f"{name}\n{address}"), None)

    def _keys(self, name: str, address: str) -> list[tuple[str, str]]:
        return [("pair", f"{name}\n{address}"), ("address", address), ("name", name)]

    def _recent(self, key: tuple[str, str], now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return 0
        return len(times)

    def _wait(self, key: tuple[str, str], now: float) -> int:
        oldest = self._failures[key][0]
        return max(1, round((oldest + self.window - now) / 60))

    def _prune(self, now: float) -> None:
        """Drop what has left the window; if still too many keys, the least recently failed ones."""
        for key in list(self._failures):
            self._recent(key, now)
        if len(self._failures) > self.keys:
            newest_first = sorted(self._failures, key=lambda k: self._failures[k][-1], reverse=True)
            for key in newest_first[self.keys :]:
                del self._failures[key]
