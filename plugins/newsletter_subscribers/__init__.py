"""The newsletter's subscriber list: addresses, their status and signed links.

The list lives in SQLite (NEWSLETTER_DB, default newsletter.db at the project root),
shared by the subscription service and the sending tasks. As a Pelican plugin it
only makes NEWSLETTER_SERVICE_URL available to templates; the work happens in
store.py, tokens.py and csv_files.py, which import nothing from Pelican.
"""


def register():
    # Imported here so that the service and the sending tasks, which use only the
    # store and the tokens, do not load Pelican.
    from .wiring import connect_signals

    connect_signals()
