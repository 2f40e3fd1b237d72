"""The per-recipient placeholders a built newsletter email carries.

The build writes them into the email once; the sender replaces them for each
recipient, so the message is rendered once per issue, never once per person.
"""

import re

UNSUBSCRIBE_URL = "%%UNSUBSCRIBE_URL%%"
GREETING_NAME = "%%GREETING_NAME%%"
PER_RECIPIENT = (UNSUBSCRIBE_URL, GREETING_NAME)

# Any placeholder-shaped token, for checks that nothing unknown is left in a message.
PATTERN = re.compile(r"%%[A-Z_]+%%")
PATTERN_BYTES = re.compile(PATTERN.pattern.encode())
