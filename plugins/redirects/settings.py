"""Defaults for redirects; override any of them in pelicanconf.py (None switches an output off)."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # A static HTML page at each old path (works on any host, including GitHub Pages).
    "REDIRECTS_PAGES": True,
    # nginx: `map $request_uri $new_uri { include …/redirects.map; }` (see the README).
    "REDIRECTS_NGINX_MAP_SAVE_AS": "redirects.map",
    # Netlify and Cloudflare Pages read this file from the site's root.
    "REDIRECTS_STATIC_HOST_SAVE_AS": "_redirects",
    # The status code written into _redirects ("301!" forces it on Netlify).
    "REDIRECTS_STATUS": "301",
}

setting = defaults_reader(DEFAULTS)
