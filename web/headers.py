"""Security headers on every response: a strict CSP for pages, and the usual hardening.

Pages (HTML) get a Content-Security-Policy that allows scripts, styles, fonts, images and
fetches from this origin only — no inline script, no inline handler, no eval; the only data
the templates put in a page is inside `<script type="application/json">` blocks, which are
data, not scripts, and need no exception. Styles are `'self'` as well: Leaflet and the marker
clusters move their elements through the CSSOM (`element.style.x = ...`), which CSP does not
govern, and no template or script writes a `style` attribute or a `<style>` element (the
browser test tests/web/test_csp_browser.py proves it on every page), so `'unsafe-inline'` is
not needed for styles either. `img-src` adds `data:` (Leaflet's CSS draws a few icons as data
URIs). `frame-ancestors 'none'` (and `X-Frame-Options: DENY` for older browsers): no site may
frame our pages (click-jacking of the sign-in and the moderation forms); the widget is a
`<script>` on the host page, not a frame, so it keeps working everywhere.

Everything else (JSON, scripts, styles, downloads) gets `default-src 'none'`: such a response
opened directly in a browser cannot run or load anything. A policy sent with a script does not
apply where the script runs (the host page's own policy does), so /widget.js stays loadable
from any site; its view sends `Cross-Origin-Resource-Policy: cross-origin` itself and this
module never sends a CORP header. The CORS headers of /api (web.cors) are left untouched.

A header a view has set already wins (setdefault), so a view can relax one on purpose.
`Strict-Transport-Security` is sent only when the session cookie is marked Secure
(LAB_SECURE_COOKIES), i.e. when the service is known to be served over HTTPS.
"""
from __future__ import annotations

from flask import Flask, Response

PAGE_CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"  # one year; no includeSubDomains: we cannot vouch for sibling hosts


def security_headers(mimetype: str | None, secure: bool, status: int = 200) -> dict[str, str]:
    """The headers for a response of this media type."""
    headers = dict(COMMON)
    # a 304 carries no media type, and its headers update the cached response's: sending a
    # policy there could swap a cached page's policy for the resources' one
    if status != 304:
        headers["Content-Security-Policy"] = PAGE_CSP if mimetype == "text/html" else OTHER_CSP
    if secure:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def init_app(app: Flask) -> None:
    """Add the headers to every response, errors included."""
    secure = bool(app.config.get("SESSION_COOKIE_SECURE"))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in security_headers(response.mimetype, secure,
                                            response.status_code).items():
            response.headers.setdefault(name, value)
        return response
