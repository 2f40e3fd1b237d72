"""Settings for the live site: everything in pelicanconf.py, plus these changes.

Set SITE_URL in the environment (for example https://service-voices.example) or edit
the default below before the first publish.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITE_URL", "https://service-voices.example").rstrip("/")
DELETE_OUTPUT_DIRECTORY = True

# The live subscription service (see README, "Subscription service"). Empty hides the
# sign-up form, so a live build never posts to the preview address.
NEWSLETTER_SERVICE_URL = os.environ.get("NEWSLETTER_SERVICE_URL", "").rstrip("/")

# The live site shows only real, approved responses from the database.
RESPONSES_SAMPLE_FILE = ""
