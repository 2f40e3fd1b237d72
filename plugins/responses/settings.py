"""Defaults for responses; the service reads the same ones, so they live in
service_voices/responses/settings.py. Override any of them in pelicanconf.py."""

from service_voices.responses.settings import DEFAULTS as SHARED_DEFAULTS
from service_voices.settings import defaults_reader

DEFAULTS = {
    **SHARED_DEFAULTS,
    # The per-post feed of responses, beside the post's page.
    "RESPONSES_FEED_SAVE_AS": "{url}responses.atom",
    # A JSON file of made-up responses shown beside the real ones (the sample site's);
    # empty: none. publishconf.py empties it, so the live site shows real ones only.
    "RESPONSES_SAMPLE_FILE": "",
}

setting = defaults_reader(DEFAULTS)
