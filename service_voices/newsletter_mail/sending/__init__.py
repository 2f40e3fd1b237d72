"""Deliver a built newsletter issue to every active subscriber (``invoke send``), with no one lost.

The build writes the issue's message with per-recipient placeholders into the mail
folder; ``live_build`` makes sure it was built with the live settings from today's
content, ``message`` loads it, ``preflight`` judges it before anything leaves,
``personalise`` fills it in for each person, ``sending`` works through the ``ledger``
over several ``smtp`` connections (``summary`` counts), ``send_lock`` keeps it to one
send per database, ``busy`` waits out a busy database, and ``tasks`` is the command.
"""
