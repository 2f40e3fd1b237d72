"""Hearing back from the mail: bounces and complaints, from a mailbox or a provider's webhook.

``verp`` names each message's recipient in its envelope sender; ``reader`` turns one
bounce, complaint or auto-reply into outcomes; ``outcomes`` records them on the
subscriber and protects the list; ``processing`` runs a mailbox (``mailboxes``,
``imap``) through both; ``webhooks`` takes the providers' reports over HTTP;
``report`` gives one issue's figures; ``tasks`` holds the invoke commands.
"""
