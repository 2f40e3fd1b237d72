"""The subscription service: double opt-in sign-up, confirmation and one-click unsubscribe.

A small Starlette app (``app``) run by uvicorn (``runner``, ``invoke subscriptions``),
sharing the subscriber database with the sending tasks.
"""
