"""What a send has done so far: the counts the progress bar and the last line show."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Summary:
    total: int = 0
    delivered: int = 0
    deferred: int = 0
    failed: int = 0
    skipped: int = 0
    uncertain: int = 0
    reconnects: int = 0
    throttled: int = 0
    connections: int = 0
    delivered_before: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def done(self) -> int:
        return self.delivered + self.failed + self.skipped + self.uncertain

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def per_second(self) -> float:
        return self.delivered / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def rate_text(self) -> str:
        rate = self.per_second
        return f"{rate:.1f} messages/s" if rate < 10 else f"{rate:.0f} messages/s"

    def line(self) -> str:
        text = (f"delivered {self.delivered}, deferred {self.deferred}, failed {self.failed}, "
                f"skipped {self.skipped}, uncertain {self.uncertain} in {self.elapsed:.1f} s ({self.rate_text} "
                f"over {self.connections} connection{'s' if self.connections != 1 else ''})")
        if self.throttled:
            text += f"; the server asked to slow down {self.throttled} time(s)"
        if self.delivered_before:
            text += f"; {self.delivered_before} had it from an earlier run"
        return text
