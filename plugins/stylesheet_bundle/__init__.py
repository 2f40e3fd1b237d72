"""One stylesheet for the whole site, minified, with a content hash in its name.

The theme lists its stylesheets in ``THEME_STYLESHEETS`` (each with the plugin it
belongs to, or ``None`` for the theme's own). This plugin joins the sheets of the
plugins that are switched on, in that order, minifies them and writes
``<THEME_STATIC_DIR>/css/style.<hash>.css``. Pages link that one file, which can be
cached forever: any change to any sheet changes its name. With this plugin off the
theme links each sheet separately, as before.
"""

from .bundle import bundle_name, joined_css, minified
from .wiring import register

__all__ = ["bundle_name", "joined_css", "minified", "register"]
