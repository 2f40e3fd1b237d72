"""Deliver a built newsletter issue to every active subscriber exactly once (``invoke send``).

The build writes the issue's message with per-recipient placeholders; ``message``
loads it, ``personalise`` fills it in for each person, ``sending`` works through the
``ledger`` over ``smtp``, and ``tasks`` is the command.
"""
