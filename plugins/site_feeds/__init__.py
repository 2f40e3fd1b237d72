"""Atom and RSS feeds that keep every co-author.

Pelican's stock feed writer names only the first author of a post and gives every
feed the same Atom id. This plugin writes the site's feeds itself: all posts, one
pair per category and one pair per author, each with full content, every author of
every entry, and an id of its own. Each post's entry is rendered once per format and
shared by every feed it appears in (``xml_writer``); ``build_feed`` gives the same
feed as a feedgen object for callers that want one. Switch Pelican's ``FEED_*`` settings off
when it is on, or both would write the same files.
"""

from .feeds import FeedSpec, SiteInfo, build_feed, feed_specs
from .wiring import register

__all__ = ["FeedSpec", "SiteInfo", "build_feed", "feed_specs", "register"]
