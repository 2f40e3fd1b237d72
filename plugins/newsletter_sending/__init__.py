"""Deliver a compiled newsletter issue to every active subscriber exactly once.

The work is done by the invoke tasks in tasks.py (``invoke send``, ``invoke
import-subscribers``...), not during a site build; as a Pelican plugin this package
does nothing.
"""


def register():
    """Nothing to hook into a build: sending reads what the build already wrote."""
