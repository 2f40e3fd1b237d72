"""The newsletter's mail side: the subscriber list, sending, and the subscription service.

An application, not a plugin: it runs from invoke tasks and under uvicorn, never
inside a site build, and it imports nothing from ``plugins/``. The build (the
``newsletter`` plugin) writes each issue's message once; this package delivers it.

- ``subscribers``: the SQLite store, signed tokens, CSV import and export.
- ``sending``: ``invoke send``: a ledger per issue, personalisation, SMTP delivery.
- ``service``: the Starlette web service for sign-up, confirmation and one-click
  unsubscribe (``invoke subscriptions``).
- ``settings``: every setting of the mail side, with its default.
"""
