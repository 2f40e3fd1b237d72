"""Service Voices: the project's importable code.

- Shared helpers that the Pelican plugins (``plugins/``) and the newsletter's mail
  application both use, one module per concept: ``names``, ``slugs``, ``sources``,
  ``images``, ``feeds``, ``placeholders``, ``settings``, ``newsletter_common``.
- For the plugins: ``markdown_reader``, the Markdown reader that records what a post
  is made of (``post_records``, via ``markdown_records``) and hands it to plugins as
  data, and ``outline``, the one rule nesting subsections under sections.
- ``site``: the safe build and the new-post skeletons behind ``invoke build`` and
  ``invoke new``.
- ``newsletter_mail``: the subscriber store, sending, and the subscription web service.

Nothing here imports from ``plugins/``: plugins import from here.
"""
