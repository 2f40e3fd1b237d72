"""The newsletter's subscriber list: addresses, their status, its history, and signed links.

The list lives in SQLite (NEWSLETTER_DB, default newsletter.db at the project root),
shared by the subscription service and the sending tasks. Nothing here imports Pelican.

- ``store``: SubscriberStore, the one way statuses change (sticky consent)
- ``schema``, ``history``, ``changes``, ``suppression``: the tables, the event per
  change, the writes behind them, forgotten addresses as keyed hashes
- ``addresses``: what counts as one address
- ``reading``, ``formats``, ``importing``: strict file reading, each tool's export,
  the import rules and batches; ``export``: the backup format
- ``tokens``: signed confirmation and unsubscribe links
- ``tasks``: the invoke commands
"""
