"""Newsletter export: each issue in content/newsletter/ becomes a web page, an
email (HTML, plain text and a complete message.eml) and an entry in the issue feed.

Sending is not done here: the files carry %%UNSUBSCRIBE_URL%% and %%GREETING_NAME%%
placeholders that the sending task fills in for each recipient.
"""

from .wiring import register

__all__ = ["register"]
