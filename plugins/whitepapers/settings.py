"""Defaults for whitepapers; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # False skips PDF rendering entirely (quick previews, benchmark timing runs);
    # the web page then simply has no download link.
    "WHITEPAPER_PDF": True,
    # Where the PDF goes in the output and the URL it is linked from.
    "WHITEPAPER_PDF_SAVE_AS": "whitepapers/{slug}.pdf",
    "WHITEPAPER_PDF_URL": "whitepapers/{slug}.pdf",
    # The theme template that lays the paper out for print, and the print stylesheet
    # (relative to the theme's static folder) that WeasyPrint applies to it.
    "WHITEPAPER_PRINT_TEMPLATE": "whitepaper_print",
    "WHITEPAPER_PRINT_CSS": "css/whitepaper-print.css",
    # pdf/ua-1 gives a tagged PDF with bookmarks that screen readers can navigate.
    "WHITEPAPER_PDF_VARIANT": "pdf/ua-1",
    # Rendered PDFs are kept under CACHE_PATH/<this folder> between builds.
    "WHITEPAPER_CACHE_DIR": "whitepapers",
}

setting = defaults_reader(DEFAULTS)
