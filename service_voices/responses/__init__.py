"""Readers' responses: moderated comments and received webmentions.

Kept apart from the newsletter: its own tables (schema.py) in the same SQLite file,
its own routes mounted into the subscription service (routes.py), its own invoke
commands (tasks.py). It borrows the newsletter's signed tokens, mail delivery and
privacy commands, and imports nothing from plugins/.
"""
