"""Co-authored white papers: a long-form page and a print-quality PDF.

A post with ``Layout: whitepaper`` gets the ``whitepaper`` template (contents, author
bios, a "How to cite" block) and a PDF rendered by WeasyPrint from the theme's print
template and stylesheet, cached between builds until its inputs change.
"""

from .paper import Citation, Section, citation, front_matter_problems, human_size, outline
from .pdf import missing_support, render_pdf
from .wiring import register

__all__ = ["Citation", "Section", "citation", "front_matter_problems", "human_size", "missing_support",
           "outline", "register", "render_pdf"]
