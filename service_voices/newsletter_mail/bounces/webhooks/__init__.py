"""Provider webhooks: ``POST /webhooks/<provider>`` for Amazon SES (through SNS), Postmark, Mailgun and SendGrid.

``routes(config)`` gives the Starlette routes to mount under ``/webhooks`` in the
subscription service. Each request is checked the provider's way (signature,
certificate, basic auth or secret path) before anything is read from it; a refusal
(401 unsigned, 403 forged, stale or foreign, 404 provider not configured) changes
nothing. Bounce and complaint events become the same outcomes as bounce mail; other
events are accepted and ignored; an event delivered twice counts once. Recording
runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ..model import Outcome
from ..outcomes import OutcomeBook
from . import mailgun, postmark, sendgrid, ses
from .common import MAX_BODY, Rejected, parse_json
from .config import WebhookConfig, WebhookConfigError

log = logging.getLogger(__name__)

__all__ = ["WebhookConfig", "WebhookConfigError", "routes"]


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise Rejected(413, "the body is too large")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Rejected(413, "the body is too large")
    return body


class Webhooks:
    """The webhook endpoints of one running service, with their store and certificate cache."""

    def __init__(self, config: WebhookConfig):
        self.config = config
        self.book = OutcomeBook(config.db_path, config.soft_limit, config.soft_issues)
        self.sns = ses.SnsVerifier(config.sns_topics, config.sns_host_pattern)
        self.sendgrid_key = sendgrid.load_public_key(config.sendgrid_public_key) if config.sendgrid_public_key \
            else None

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/ses", self._guarded(self.ses), methods=["POST"], name="webhook_ses"),
            Route("/postmark", self._guarded(self.postmark), methods=["POST"], name="webhook_postmark"),
            Route("/postmark/{secret}", self._guarded(self.postmark_secret_path), methods=["POST"],
                  name="webhook_postmark_secret_path"),
            Route("/mailgun", self._guarded(self.mailgun), methods=["POST"], name="webhook_mailgun"),
            Route("/sendgrid", self._guarded(self.sendgrid), methods=["POST"], name="webhook_sendgrid"),
        ]

    def _guarded(self, handler):
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Rejected as refusal:
                log.warning("%s %s refused (%d): %s", request.method, request.url.path, refusal.status,
                            refusal.reason)
                return PlainTextResponse(refusal.reason, status_code=refusal.status, headers=refusal.headers)

        return endpoint

    async def _record(self, found: list[Outcome]) -> Response:
        results = await run_in_threadpool(lambda: [self.book.record(outcome) for outcome in found])
        repeated = sum(result.duplicate for result in results)
        return JSONResponse({"recorded": len(results) - repeated, "repeated": repeated})

    async def _known_issues(self) -> set[str]:
        return await run_in_threadpool(self.book.sent_issues)

    async def ses(self, request: Request) -> Response:
        if not self.config.sns_topics:
            raise Rejected(404, "Amazon SES is not configured (NEWSLETTER_SNS_TOPIC_ARNS)")
        body = await _body(request)
        message = await run_in_threadpool(self.sns.verify, body)
        if message["Type"] == "SubscriptionConfirmation":
            await run_in_threadpool(self.sns.confirm, message)
            log.info("confirmed the SNS subscription to %s", message["TopicArn"])
            return JSONResponse({"confirmed": message["TopicArn"]})
        if message["Type"] != "Notification":
            return JSONResponse({"recorded": 0, "repeated": 0})
        return await self._record(ses.outcomes(message, await self._known_issues()))

    async def postmark(self, request: Request) -> Response:
        config = self.config
        if not (config.postmark_user and config.postmark_password):
            raise Rejected(404, "Postmark basic auth is not configured (NEWSLETTER_POSTMARK_USER/PASSWORD)")
        postmark.check_basic_auth(request.headers.get("authorization", ""), config.postmark_user,
                                  config.postmark_password)
        return await self._record(postmark.outcomes(parse_json(await _body(request))))

    async def postmark_secret_path(self, request: Request) -> Response:
        if not self.config.postmark_path_secret:
            raise Rejected(404, "Postmark's secret path is not configured (NEWSLETTER_POSTMARK_PATH_SECRET)")
        postmark.check_path_secret(request.path_params["secret"], self.config.postmark_path_secret)
        return await self._record(postmark.outcomes(parse_json(await _body(request))))

    async def mailgun(self, request: Request) -> Response:
        if not self.config.mailgun_key:
            raise Rejected(404, "Mailgun is not configured (NEWSLETTER_MAILGUN_SIGNING_KEY)")
        payload = mailgun.verify(await _body(request), self.config.mailgun_key, self.config.max_age)
        return await self._record(mailgun.outcomes(payload, await self._known_issues()))

    async def sendgrid(self, request: Request) -> Response:
        if self.sendgrid_key is None:
            raise Rejected(404, "SendGrid is not configured (NEWSLETTER_SENDGRID_PUBLIC_KEY)")
        events = sendgrid.verify(await _body(request), request.headers, self.sendgrid_key)
        return await self._record(sendgrid.outcomes(events, await self._known_issues()))


def routes(config: WebhookConfig | None) -> list[BaseRoute]:
    """The routes to mount at /webhooks; none when there is no configuration."""
    return Webhooks(config).routes() if config is not None else []
