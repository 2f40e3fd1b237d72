"""Defaults for stylesheet_bundle; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Where the bundle goes, relative to the output folder; {hash} is replaced by the
    # first characters of the SHA-256 of its text.
    "STYLESHEET_BUNDLE_SAVE_AS": "{static_dir}/css/style.{hash}.css",
    # The theme's sheets (relative to theme/static/) and the plugin each belongs to.
    # pelicanconf.py sets THEME_STYLESHEETS, since base.html reads it too.
    "THEME_STYLESHEETS": [["css/site.css", None]],
}

setting = defaults_reader(DEFAULTS)
