"""Readers' responses on the built site: approved comments and webmentions under each post.

The responses are taken and moderated by the subscription service
(service_voices.responses); this plugin reads the approved ones from its database at
build time and renders them as static HTML, with a per-post Atom feed of responses.
"""

from .wiring import register

__all__ = ["register"]
