"""The newsletter's subscriber list: addresses, their status and signed links.

The list lives in SQLite (NEWSLETTER_DB, default newsletter.db at the project root),
shared by the subscription service and the sending tasks. Nothing here imports Pelican.
"""
