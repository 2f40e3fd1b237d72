"""A sliding-window counter per key, kept in the memory of one server process."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """Allow at most ``limit`` hits per key within any ``window`` seconds.

    Only the event loop of one process calls it, so it needs no lock; run the
    service with a single worker so every request meets the same counters.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str) -> float:
        """Record a hit; return 0 if allowed, else the seconds until the key may try again."""
        if self.limit <= 0:
            return 0.0
        now = self._clock()
        hits = self._hits.get(key)
        if hits is None:
            self._make_room(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(hits[0] + self.window - now, 0.001)
        hits.append(now)
        return 0.0

    def _make_room(self, now: float) -> None:
        if len(self._hits) < self._max_keys:
            return
        for key in [key for key, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]:
            del self._hits[key]
        # Still full (a flood from many addresses): forget the oldest keys first.
        while len(self._hits) >= self._max_keys:
            del self._hits[next(iter(self._hits))]
