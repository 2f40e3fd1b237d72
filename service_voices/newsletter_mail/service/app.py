"""The subscription service: double opt-in sign-up and one-click unsubscribe.

A Starlette application; runner.py serves it with uvicorn. State changes only on
POST, because mail scanners fetch every GET link in a message before people do.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from service_voices.names import NAME_MAX_LENGTH, clean_name
from service_voices.newsletter_common import FIELD_EMAIL, FIELD_HONEYPOT, FIELD_NAME
from service_voices.newsletter_mail.bounces.webhooks import WebhookConfig
from service_voices.newsletter_mail.bounces.webhooks import routes as webhook_routes
from service_voices.newsletter_mail.subscribers.store import InvalidAddress, SubscriberStore, normalize_email
from service_voices.newsletter_mail.subscribers.tokens import (
    ExpiredToken,
    TokenError,
    confirm_url,
    read_token_issued,
)
from service_voices.responses.config import ResponsesConfig
from service_voices.responses.routes import ResponsesState
from service_voices.responses.routes import routes as responses_routes

from .batching import UnsubscribeBatcher
from .fields import EMAIL_MAX_INPUT, TOKEN_MAX_LENGTH, bounded, client_key, consent_evidence
from .mail import SmtpConfig, confirmation_message, deliver
from .ratelimit import SlidingWindowLimiter

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
# A sign-up or an unsubscribe is a few hundred bytes, multipart framing included.
MAX_BODY = 8 * 1024
SOURCE = "signup form"
# The unsubscribe page's "also delete my data" box.
FIELD_FORGET = "forget"


@dataclass(frozen=True)
class ServiceConfig:
    db_path: Path
    secret: str
    service_url: str
    site_url: str
    site_name: str
    thanks_url: str
    from_address: str
    confirm_max_age: int = 48 * 3600
    smtp: SmtpConfig = field(default_factory=lambda: SmtpConfig("localhost", 587))
    client_limit: int = 10
    email_limit: int = 3
    limit_window: int = 3600
    stylesheets: tuple[str, ...] = ()
    form_intro: str = ""
    form_button: str = "Subscribe"
    ask_name: bool = True
    webhooks: WebhookConfig | None = None
    # Readers' comments and webmentions (service_voices.responses), served by this same app.
    responses: ResponsesConfig | None = None


class ServiceState:
    """Everything one running app keeps: the store, the counters and the templates."""

    def __init__(self, config: ServiceConfig):
        self.config = config
        self.store = SubscriberStore(config.db_path)
        # Every write goes through this one thread, in arrival order. Threads racing
        # for SQLite's write lock wait in its busy handler, which sleeps and is not
        # fair: under load the unlucky ones waited seconds, near the busy timeout.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="subscriber-writes")
        self.unsubscribes = UnsubscribeBatcher(self.store, self.writer)
        self.client_limiter = SlidingWindowLimiter(config.client_limit, config.limit_window)
        self.email_limiter = SlidingWindowLimiter(config.email_limit, config.limit_window)
        self.templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))

    async def write(self, change, *args):
        return await asyncio.get_running_loop().run_in_executor(self.writer, functools.partial(change, *args))

    def page(self, template: str, title: str, status: int = 200, headers: dict | None = None,
             **values) -> HTMLResponse:
        config = self.config
        html = self.templates.get_template(template).render(
            title=title, site_name=config.site_name, site_url=config.site_url,
            stylesheets=config.stylesheets, **values)
        return HTMLResponse(html, status_code=status, headers=headers)

    def message(self, title: str, *lines: str, status: int = 200, headers: dict | None = None,
                **values) -> HTMLResponse:
        return self.page("message.html", title, status, headers, lines=lines, **values)

    def signup_form(self, status: int = 200, error: str = "", email: str = "", name: str = "") -> HTMLResponse:
        config = self.config
        return self.page("signup.html", f"Subscribe to {config.site_name}", status, error=error, email=email,
                         name=name, intro=config.form_intro, button=config.form_button,
                         ask_name=config.ask_name, honeypot=FIELD_HONEYPOT, name_max=NAME_MAX_LENGTH)


def _state(request: Request) -> ServiceState:
    return request.app.state.service


async def read_form(request: Request, max_body: int = MAX_BODY) -> FormData:
    """The posted form, refusing bodies larger than any honest form sends."""
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > max_body):
        raise HTTPException(413)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body:
            raise HTTPException(413)

    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    return await Request(request.scope, replay).form(max_files=0, max_fields=10, max_part_size=max_body)


def _retry_page(state: ServiceState, seconds: float) -> HTMLResponse:
    minutes = max(1, round(seconds / 60))
    return state.message("Too many sign-ups", "We have had too many sign-up requests from here or for this "
                         f"address. Please try again in about {minutes} minute{'s' if minutes != 1 else ''}.",
                         status=429, headers={"Retry-After": str(max(1, int(seconds)))})


def send_confirmation(config: ServiceConfig, email: str) -> None:
    """Runs after the answer has gone out, so every sign-up answers alike and at once."""
    message = confirmation_message(
        sender=config.from_address, recipient=email,
        confirm_url=confirm_url(config.service_url, config.secret, email),
        site_name=config.site_name, site_url=config.site_url,
        valid_hours=config.confirm_max_age // 3600)
    try:
        deliver(config.smtp, message)
    except (OSError, UnicodeError, ValueError) as error:  # smtplib errors are OSErrors
        log.error("confirmation mail to %s not sent: %s", email, error)


async def show_signup(request: Request) -> Response:
    return _state(request).signup_form()


async def subscribe(request: Request) -> Response:
    state = _state(request)
    config = state.config
    form = await read_form(request)
    thanks = RedirectResponse(config.thanks_url, status_code=303)
    if form.get(FIELD_HONEYPOT):
        return thanks  # a bot: let it believe it worked
    wait = state.client_limiter.hit(client_key(request.client.host if request.client else None))
    if wait:
        return _retry_page(state, wait)
    typed = bounded(form.get(FIELD_EMAIL), EMAIL_MAX_INPUT)
    name = clean_name(bounded(form.get(FIELD_NAME), 4 * NAME_MAX_LENGTH))
    try:
        email = normalize_email(typed)
    except InvalidAddress as error:
        return state.signup_form(400, f"That email address {error}.", email=typed.strip(), name=name)
    wait = state.email_limiter.hit(email)
    if wait:
        return _retry_page(state, wait)
    before = await state.write(state.store.request_subscription, email, name, SOURCE,
                               consent_evidence(request, with_origin=True))
    # An active subscriber gets the same answer and no mail: the answer must not
    # tell anyone whether an address is on the list. An unsubscribed, bounced or
    # forgotten address gets a confirmation and nothing else changes until its click.
    if before != "active":
        thanks.background = BackgroundTask(send_confirmation, config, email)
    return thanks


def _token_email(state: ServiceState, token: str, purpose: str) -> tuple[tuple[str, int] | None,
                                                                        Response | None]:
    """The address and issue time of a genuine token, or the 400 page to answer instead."""
    if not token:
        return None, state.message(
            "This link is incomplete", "This page needs the whole link from your email. Copy all of it "
            "into the address bar and try again.", status=400)
    max_age = state.config.confirm_max_age if purpose == "confirm" else None
    try:
        return read_token_issued(state.config.secret, token[:TOKEN_MAX_LENGTH], purpose, max_age), None
    except ExpiredToken:
        hours = state.config.confirm_max_age // 3600
        return None, state.message(
            "This confirmation link has expired", f"Confirmation links work for {hours} hours. Sign up again "
            "and we will send you a fresh one.", status=400, link_url="subscribe", link_text="Sign up again")
    except TokenError:
        return None, state.message(
            "This link is not valid", "It may have been cut short or changed on its way. Open the link "
            "from your email again, or copy all of it into the address bar.", status=400)


async def show_confirm(request: Request) -> Response:
    state = _state(request)
    signed, problem = _token_email(state, request.query_params.get("token", ""), "confirm")
    if problem:
        return problem
    email, _ = signed
    return state.page("action.html", "Confirm your subscription", action="confirm",
                      token=request.query_params["token"], button="Confirm my subscription",
                      lines=[f"Press the button to start receiving the {state.config.site_name} newsletter "
                             f"at {email}."])


async def _posted_token(request: Request, state, purpose: str):
    """The form and the token's (address, issue time) of a POST, or the 400 page.

    The token comes from the form (the page's button), else from the query (RFC 8058
    one-click POSTs carry it in the List-Unsubscribe URL).
    """
    form = await read_form(request)
    token = bounded(form.get("token"), TOKEN_MAX_LENGTH) or request.query_params.get("token", "")
    signed, problem = _token_email(state, token, purpose)
    return form, signed, problem


async def confirm(request: Request) -> Response:
    state = _state(request)
    _, signed, problem = await _posted_token(request, state, "confirm")
    if problem:
        return problem
    email, issued_at = signed
    if not await state.write(state.store.activate, email, issued_at, consent_evidence(request)):
        return state.message(
            "This link can no longer be used", f"{email} is not waiting for confirmation any more (it may "
            "have been unsubscribed since). Sign up again to receive the newsletter.", status=400,
            link_url="subscribe", link_text="Sign up again")
    log.info("subscription confirmed")
    return state.message("You are subscribed", f"Thank you. The next issue of the {state.config.site_name} "
                         f"newsletter will reach {email}.",
                         "Every issue ends with a link to unsubscribe in one click.")


async def show_unsubscribe(request: Request) -> Response:
    state = _state(request)
    signed, problem = _token_email(state, request.query_params.get("token", ""), "unsubscribe")
    if problem:
        return problem
    email, _ = signed
    return state.page("action.html", "Unsubscribe", action="unsubscribe", token=request.query_params["token"],
                      button="Unsubscribe", forget_field=FIELD_FORGET,
                      lines=[f"Press the button and {email} will get no more issues "
                             f"of the {state.config.site_name} newsletter."])


async def unsubscribe(request: Request) -> Response:
    """Both the button on the page and RFC 8058 one-click POSTs (token in the query) end here.

    The answer is a 200 page, never a redirect, and needs no cookie or session. With
    "also delete my data" ticked on the page, the address is forgotten as well.
    """
    state = _state(request)
    form, signed, problem = await _posted_token(request, state, "unsubscribe")
    if problem:
        return problem
    email, _ = signed
    site = state.config.site_name
    if form.get(FIELD_FORGET) == "yes":
        await state.write(state.store.forget, email)
        log.info("unsubscribed and forgotten at the subscriber's request")
        return state.message("You are unsubscribed and your data is deleted",
                             f"{email} will get no more issues of the {site} newsletter, and we have deleted "
                             "your name and the history of your subscription.",
                             "Only a one-way fingerprint of the address is kept, so that nobody can add it "
                             "again without your confirmation.")
    one_click = form.get("List-Unsubscribe") == "One-Click"
    await state.unsubscribes.unsubscribe(email, "one-click" if one_click else "unsubscribe-page")
    return state.message("You are unsubscribed", f"{email} will get no more issues of the {site} newsletter.",
                         "If that was a mistake, you can sign up again on the site at any time.")


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


async def http_error(request: Request, error: HTTPException) -> Response:
    state = _state(request)
    titles = {400: "That request was not understood", 404: "Nothing here", 405: "Not like that",
              413: "That was too much", 429: "Too many requests"}
    return state.message(titles.get(error.status_code, "Something was wrong with that request"),
                         "This address belongs to the newsletter service. The sign-up form is on the site.",
                         status=error.status_code, headers=error.headers)


async def server_error(request: Request, error: Exception) -> Response:
    log.error("%s %s failed: %s: %s", request.method, request.url.path, type(error).__name__, error)
    return _state(request).message("Something went wrong on our side",
                                   "Nothing was changed. Please try again in a few minutes.", status=500)


class SecurityHeaders:
    """Headers for every answer: no caching, no framing, and no referrer, since URLs carry tokens."""

    def __init__(self, app, site_url: str):
        self.app = app
        origin = "/".join(site_url.split("/")[:3]) if "://" in site_url else "'none'"
        policy = (f"default-src 'none'; style-src {origin}; img-src {origin}; form-action 'self'; "
                  "frame-ancestors 'none'; base-uri 'none'")
        self.headers = [
            (b"content-security-policy", policy.encode("ascii")),
            (b"referrer-policy", b"no-referrer"),
            (b"x-content-type-options", b"nosniff"),
            (b"cache-control", b"no-store"),
        ]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(config: ServiceConfig) -> Starlette:
    if not config.secret:
        raise ValueError("NEWSLETTER_SECRET is empty; tokens cannot be signed or checked")
    state = ServiceState(config)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        state.writer.shutdown(wait=True)  # let the last writes finish before the process ends

    app = Starlette(
        lifespan=lifespan,
        routes=[
            Route("/", show_signup, methods=["GET"]),
            Route("/subscribe", show_signup, methods=["GET"]),
            Route("/subscribe", subscribe, methods=["POST"]),
            Route("/confirm", show_confirm, methods=["GET"]),
            Route("/confirm", confirm, methods=["POST"]),
            Route("/unsubscribe", show_unsubscribe, methods=["GET"]),
            Route("/unsubscribe", unsubscribe, methods=["POST"]),
            Route("/healthz", health, methods=["GET"]),
            Mount("/webhooks", routes=webhook_routes(config.webhooks)),
            *(responses_routes() if config.responses else []),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.state.service = state
    if config.responses:
        app.state.responses = ResponsesState(config.responses, state)
    app.add_middleware(SecurityHeaders, site_url=config.site_url)
    return app
