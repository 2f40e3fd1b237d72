"""Group commit for unsubscribes.

Each SQLite commit waits for the disk (10-60 ms here), so one transaction per
unsubscribe caps the service at a few dozen a second, and a burst of one-click
POSTs after a send would queue for seconds. Unsubscribes that arrive while a
commit is under way are written together in the next transaction, so a burst
costs a handful of commits instead of one each.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor

from service_voices.newsletter_mail.subscribers.store import SubscriberStore

MAX_BATCH = 500


class UnsubscribeBatcher:
    """Collects unsubscribes on the event loop; writes them on the given (single) writer thread."""

    def __init__(self, store: SubscriberStore, writer: Executor, max_batch: int = MAX_BATCH):
        self.store = store
        self.writer = writer
        self.max_batch = max_batch
        self._waiting: list[tuple[tuple[str, str], asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None

    async def unsubscribe(self, email: str, how: str) -> None:
        """Returns once the change (and its event, saying ``how``) is committed; raises what the write raised."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._waiting.append(((email, how), done))
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush())
        await done

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting:
            batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
            try:
                await loop.run_in_executor(self.writer, self.store.unsubscribe_many, [request for request, _ in batch])
            except Exception as error:  # every request in the batch learns of it
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                continue
            for _, done in batch:
                if not done.done():
                    done.set_result(None)
