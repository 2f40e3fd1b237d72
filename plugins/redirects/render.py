"""The three redirect outputs, rendered from plain data."""

from __future__ import annotations

from html import escape


def redirect_page(title: str, target_url: str) -> str:
    """A minimal standalone page: browsers follow the refresh, crawlers the canonical link."""
    url = escape(target_url, quote=True)
    name = escape(title, quote=False)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        # No icon to fetch: the page is gone before one could be shown.
        '<link rel="icon" href="data:,">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>This page has moved to <a href="{url}">{name}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def _nginx_string(value: str) -> str:
    if any(char in value for char in " \t;{}\"'#\\"):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def nginx_map(rules: list[tuple[str, str]]) -> str:
    """``rules``: (request, new path). Lines for an nginx ``map $request_uri`` block."""
    lines = ["# Old addresses of imported posts -> their new paths. Include inside:",
             "#   map $request_uri $new_uri { include /path/to/redirects.map; }",
             "# and in the server block: if ($new_uri) { return 301 $new_uri; }"]
    lines += [f"{_nginx_string(request)} {_nginx_string(target)};" for request, target in rules]
    return "\n".join(lines) + "\n"


def static_host_rules(rules: list[tuple[str, str]], status: str) -> str:
    """``_redirects`` lines (Netlify, Cloudflare Pages): "from to status". Query addresses cannot be matched there."""
    lines = ["# Old addresses of imported posts -> their new paths."]
    for request, target in rules:
        if "?" in request:
            lines.append(f"# {request} -> {target}: only the nginx map can match a query string")
        else:
            lines.append(f"{request} {target} {status}")
    return "\n".join(lines) + "\n"
