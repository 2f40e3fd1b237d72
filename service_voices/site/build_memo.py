"""Results one build may hand to the next build of the same ``invoke serve`` session.

Every save rebuilds the site from its content, and most of what plugins work out per
post (a word count, the checks of a post's text) comes out the same as last time. A
plugin asks ``memoized(settings, purpose, key, make)``: under ``invoke serve`` the
session's memo answers from the last build when the key is the same, otherwise
``make()`` runs. The key must name everything the result depends on (a digest of the
text, the settings involved); a result that depends on other files must not be kept.

Plain builds (``invoke build``, ``publish``, tests) have no memo in their settings and
always call ``make()``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

# The build setting that carries the session's memo; plugins look for it.
BUILD_MEMO_SETTING = "SERVE_BUILD_MEMO"

Result = TypeVar("Result")


class BuildMemo:
    """Results by purpose and key, kept while the builds of a session use them."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, Hashable], object] = {}
        self._this: dict[tuple[str, Hashable], object] = {}

    def start_build(self) -> None:
        # What the last build did not ask for (a deleted post, an old version of a
        # text) is let go, so the memo holds about one build's worth.
        self._last, self._this = self._this, {}

    def forget(self) -> None:
        self._last, self._this = {}, {}

    def get_or_make(self, purpose: str, key: Hashable, make: Callable[[], Result]) -> Result:
        entry = (purpose, key)
        if entry in self._this:
            return self._this[entry]
        result = self._last[entry] if entry in self._last else make()
        self._this[entry] = result
        return result

    def __deepcopy__(self, memo):
        return self  # settings are copied on the way into Pelican; the memo must stay shared

    def __getstate__(self):
        return {"_last": {}, "_this": {}}  # Pelican's content cache pickles settings: no results in it


def memoized(settings, purpose: str, key: Hashable, make: Callable[[], Result]) -> Result:
    """``make()``, or the last build's result for the same ``key`` under ``invoke serve``."""
    memo = settings.get(BUILD_MEMO_SETTING)
    if memo is None:
        return make()
    return memo.get_or_make(purpose, key, make)


def text_key(text: str) -> bytes:
    """A short digest of a text, to key results computed from it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
