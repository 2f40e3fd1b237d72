"""Co-authored white papers: a long-form page and a print-quality PDF.

A post with ``Layout: whitepaper`` gets the ``whitepaper`` template (contents from the
headings the shared Markdown reader records, author bios, a "How to cite" block) and
a PDF rendered by WeasyPrint from the theme's print template and stylesheet, cached
between builds until its inputs change. A Markdown extension (``mdext``) keeps a
paper building when a ``{static}`` file it links to is missing.
"""

from .mdext import WhitepaperExtension, detach_missing_static_links
from .paper import Citation, Section, citation, front_matter_problems, human_size
from .pdf import missing_support, render_pdf
from .wiring import register

__all__ = ["Citation", "Section", "WhitepaperExtension", "citation", "detach_missing_static_links",
           "front_matter_problems", "human_size", "missing_support", "register", "render_pdf"]
