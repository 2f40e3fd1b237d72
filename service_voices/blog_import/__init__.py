"""Moving in: import a WordPress (WXR) or Blogger export into this site's authoring format.

``invoke import-blog FILE`` reads the export (``wxr``, ``blogger``), turns each post's
HTML into clean Markdown (``paragraphs``, ``markdown_text``, ``uploads``), recognises
interviews, dialogues, transcripts and series (``interview``, ``dialogue``,
``series_titles``), and writes posts, pages, series files, author profiles and the
comments (``writer``, ``responses``), printing one decision per post (``report``).
Everything but ``tasks`` and ``run`` is pure: plain data in, plain data out.
"""
