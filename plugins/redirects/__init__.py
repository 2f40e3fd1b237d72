"""Redirects from a post's old addresses (``Old_url:``) to its new one.

Posts imported from another blog keep the addresses they had there in ``Old_url:``
(one or more, separated by spaces). The build writes, for each published post and
page that has them: a small HTML page at the old path that sends browsers on and
names the new address as canonical, a line in an nginx ``map`` file, and a line in
a ``_redirects`` file for static hosts (Netlify, Cloudflare Pages).
"""

from .paths import OldPath, old_path
from .render import nginx_map, redirect_page, static_host_rules
from .wiring import register

__all__ = ["OldPath", "nginx_map", "old_path", "redirect_page", "register", "static_host_rules"]
