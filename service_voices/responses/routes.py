"""The responses routes, mounted into the subscription service (newsletter_mail.service.app).

Comments arrive from the form under each post in two steps: the first POST shows a
preview carrying a signed timestamp, and only a second POST of that preview, made
at least RESPONSES_MIN_SECONDS later, stores the comment, so a bot posting the
static form at once gets nowhere. Nothing changes on GET: confirmation and
moderation links open a page whose button POSTs.
"""

from __future__ import annotations

import logging
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from service_voices.names import NAME_MAX_LENGTH, clean_name
from service_voices.newsletter_mail.service.fields import EMAIL_MAX_INPUT, TOKEN_MAX_LENGTH, bounded, client_key
from service_voices.newsletter_mail.service.mail import deliver
from service_voices.newsletter_mail.service.ratelimit import SlidingWindowLimiter
from service_voices.newsletter_mail.subscribers.addresses import InvalidAddress, normalize_email
from service_voices.newsletter_mail.subscribers.tokens import ExpiredToken, TokenError, make_token, read_token_issued
from service_voices.settings import PROJECT_ROOT

from . import markup, webmention
from .config import ResponsesConfig
from .mail import confirmation_message, moderation_message
from .posts import PostIndex, PostInfo
from .store import MODERATION, ResponseStore

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
# A comment of the longest allowed length in multi-byte text, plus the other fields.
MAX_BODY = 64 * 1024
# Named to tempt a bot; people never see it (the real "website" field is the commenter's).
FIELD_TRAP = "phone"
FIELDS = ("post", "parent", "name", "email", "website", "comment")
DECISION_BUTTONS = {"approve": "Approve and publish", "reject": "Reject", "spam": "Mark as spam"}


class ResponsesState:
    def __init__(self, config: ResponsesConfig, service):
        self.config = config
        self.service = service  # the subscription service's state: secret, SMTP, pages, writer thread
        self.store = ResponseStore(service.config.db_path)
        self.posts = PostIndex(config.posts_file)
        self.client_limiter = SlidingWindowLimiter(config.client_limit, config.limit_window)
        self.email_limiter = SlidingWindowLimiter(config.email_limit, config.limit_window)
        self.templates = Environment(
            loader=ChoiceLoader([FileSystemLoader(TEMPLATES), service.templates.loader]),
            autoescape=select_autoescape(["html"]))

    def page(self, template: str, title: str, status: int = 200, **values) -> Response:
        service = self.service.config
        html = self.templates.get_template(template).render(
            title=title, site_name=service.site_name, site_url=service.site_url,
            stylesheets=service.stylesheets, **values)
        return Response(html, status_code=status, media_type="text/html")

    def refuse(self, title: str, *lines: str, status: int = 400, back: str = "") -> Response:
        return self.service.message(title, *lines, status=status, link_url=back or None,
                                    link_text="Back to the post" if back else None)

    def sign(self, subject: str, purpose: str, issued_at: int | None = None) -> str:
        return make_token(self.service.config.secret, subject, purpose, issued_at)

    def moderators(self, post: PostInfo) -> list[str]:
        found = [self.config.moderators[name] for name in post.authors if name in self.config.moderators]
        if not found and self.config.moderator_fallback:
            found = [self.config.moderator_fallback]
        return sorted(set(found))

    def link(self, path: str, token: str) -> str:
        return f"{self.config.service_url}/{path}?token={token}"


def _state(request: Request) -> ResponsesState:
    return request.app.state.responses


async def _form(request: Request):
    from service_voices.newsletter_mail.service.app import read_form

    return await read_form(request, max_body=MAX_BODY)


def _values(form) -> dict[str, str]:
    limits = {"name": 4 * NAME_MAX_LENGTH, "email": EMAIL_MAX_INPUT, "website": 500, "post": 300, "parent": 20,
              "comment": MAX_BODY}
    return {field: bounded(form.get(field), limits[field]).strip() for field in FIELDS}


def _problem(state: ResponsesState, values: dict, post: PostInfo) -> str:
    """Why this comment cannot be taken, or ""."""
    config = state.config
    if not clean_name(values["name"]):
        return "Please give a name to show with your comment."
    if not values["comment"]:
        return "The comment is empty."
    if len(values["comment"]) > config.max_length:
        return (f"The comment is {len(values['comment'])} characters long; at most {config.max_length} "
                "are accepted.")
    if markup.link_count(values["comment"]) > config.max_links:
        return f"The comment holds more than {config.max_links} links; please keep to {config.max_links}."
    if values["website"] and not webmention.is_http_url(values["website"]):
        return "The website must be an address starting with http:// or https://."
    if values["parent"]:
        parent = state.store.get(int(values["parent"])) if values["parent"].isdigit() else None
        if parent is None or parent.post != post.path or parent.status != "approved":
            return "The comment you are replying to is not on this post."
        if parent.parent_id is not None:
            return "Replies go to a comment, not to another reply."
    return ""


def _stamp_problem(state: ResponsesState, stamp: str, post_path: str) -> str:
    try:
        stamped_post, issued_at = read_token_issued(state.service.config.secret, stamp[:TOKEN_MAX_LENGTH],
                                                    "comment-form", state.config.form_max_age)
    except ExpiredToken:
        return "This preview is too old. Please send your comment again from the post."
    except TokenError:
        return "The form was changed on its way. Please send your comment again from the post."
    if stamped_post != post_path:
        return "The form was changed on its way. Please send your comment again from the post."
    if time.time() - issued_at < state.config.min_seconds:
        return ("That was sent too quickly after the preview for a person to have read it. "
                "Please go back, read your comment and send it again.")
    return ""


async def post_comment(request: Request) -> Response:
    state = _state(request)
    form = await _form(request)
    values = _values(form)
    post = state.posts.get(values["post"])
    back = post.url if post else ""
    if form.get(FIELD_TRAP):
        return state.refuse("Comment not accepted", "A field that people never see was filled in, so this "
                            "looks like an automatic submission.", back=back)
    wait = state.client_limiter.hit(client_key(request.client.host if request.client else None))
    if wait:
        return state.refuse("Too many comments", "We have had too many comments from here. Please try again in "
                            f"about {max(1, round(wait / 60))} minute(s).", status=429, back=back)
    if post is None:
        return state.refuse("No such post", "Comments can only be left on the site's posts.", status=404)
    if not post.open:
        return state.refuse("Comments are closed", f"“{post.title}” no longer takes comments.", status=403,
                            back=back)
    problem = _problem(state, values, post)
    try:
        email = normalize_email(values["email"])
    except InvalidAddress as error:
        problem = problem or f"That email address {error}."
    if problem:
        return state.refuse("Your comment could not be sent", problem, back=back)
    html = markup.render(values["comment"])
    stamp = bounded(form.get("stamp"), TOKEN_MAX_LENGTH)
    if not stamp:
        fields = {**values, "email": email, "stamp": state.sign(post.path, "comment-form")}
        return state.page("comment_preview.html", "Check your comment", fields=fields, html=html,
                          name=clean_name(values["name"]), website=values["website"], post_title=post.title,
                          post_url=post.url, kind="reply" if values["parent"] else "comment")
    problem = _stamp_problem(state, stamp, post.path)
    if problem:
        return state.refuse("Your comment could not be sent", problem, back=back)
    wait = state.email_limiter.hit(email)
    if wait:
        return state.refuse("Too many comments", "We have had too many comments from this address. Please try "
                            f"again in about {max(1, round(wait / 60))} minute(s).", status=429, back=back)
    confirmed = state.store.is_confirmed(email)
    by_author = any(state.config.moderators.get(name) == email for name in post.authors)
    if not confirmed:
        status = "unconfirmed"
    elif by_author or (state.config.auto_approve_known and state.store.has_approved(email)):
        status = "approved"
    else:
        status = "pending"
    ip = request.client.host if request.client else ""
    response_id = await state.service.write(keyword_call(state.store.add_comment, post=post.path,
                                            parent_id=int(values["parent"]) if values["parent"] else None,
                                            name=clean_name(values["name"]), email=email,
                                            website=values["website"], text=values["comment"], html=html, ip=ip,
                                            status=status, by_author=by_author))
    answer = _after_comment(state, status, email, post, back)
    if status == "unconfirmed":
        answer.background = BackgroundTask(send_confirmation, state, response_id, email, post)
    elif status == "pending":
        answer.background = BackgroundTask(send_moderation, state, response_id, post)
    else:
        answer.background = BackgroundTask(run_publish, state)
    return answer


def keyword_call(function, **keywords):
    """A keyword call for the service's single writer thread, which takes positional callables."""
    return lambda: function(**keywords)


def _after_comment(state: ResponsesState, status: str, email: str, post: PostInfo, back: str) -> Response:
    if status == "unconfirmed":
        return state.service.message("Please confirm your address", f"We have sent a link to {email}. Open it "
                                     "and press the button to confirm your comment; you only do this once.",
                                     "Responses appear after moderation.", link_url=back,
                                     link_text="Back to the post")
    if status == "approved":
        return state.service.message("Thank you", "Your comment is accepted and appears on the post when the "
                                     "site is next published.", link_url=back, link_text="Back to the post")
    return state.service.message("Thank you", f"Your comment on “{post.title}” is waiting for moderation.",
                                 "Responses appear after moderation.", link_url=back, link_text="Back to the post")


def _send(state: ResponsesState, message, what: str) -> None:
    try:
        deliver(state.service.config.smtp, message)
    except (OSError, UnicodeError, ValueError) as error:  # smtplib errors are OSErrors
        log.error("%s not sent: %s", what, error)


def send_confirmation(state: ResponsesState, response_id: int, email: str, post: PostInfo) -> None:
    service = state.service.config
    token = state.sign(f"{response_id}:{email}", "comment-confirm")
    _send(state, confirmation_message(sender=service.from_address, recipient=email, post_title=post.title,
                                      confirm_url=state.link("comment/confirm", token), site_name=service.site_name,
                                      valid_hours=service.confirm_max_age // 3600), "comment confirmation")


def send_moderation(state: ResponsesState, response_id: int, post: PostInfo) -> None:
    response = state.store.get(response_id)
    if response is None:
        return
    service = state.service.config
    links = {DECISION_BUTTONS[decision]: state.link(f"moderate/{decision}",
                                                   state.sign(str(response_id), f"moderate-{decision}"))
             for decision in MODERATION}
    text = response.text or ""
    for recipient in state.moderators(post):
        _send(state, moderation_message(sender=service.from_address, recipient=recipient, post_title=post.title,
                                        post_url=post.url, name=response.name, website=response.website,
                                        text=text, kind=response.kind, links=links, site_name=service.site_name,
                                        source=response.source or ""),
              "moderation mail")


def run_publish(state: ResponsesState) -> None:
    """The site's own rebuild-and-publish command, so an approval reaches the static pages."""
    command = state.config.publish_command
    if not command:
        return
    result = subprocess.run(command, shell=True, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    if result.returncode:
        log.error("RESPONSES_PUBLISH_COMMAND failed (%s): %s", result.returncode, result.stderr.strip()[-500:])


def _read(state: ResponsesState, token: str, purpose: str, max_age: int | None = None):
    try:
        return read_token_issued(state.service.config.secret, token[:TOKEN_MAX_LENGTH], purpose, max_age)[0], None
    except ExpiredToken:
        return None, state.refuse("This link has expired", "Leave the comment again and we will send a fresh link.")
    except TokenError:
        return None, state.refuse("This link is not valid", "It may have been cut short on its way. Open the link "
                                  "from your email again, or copy all of it into the address bar.")


async def show_confirm(request: Request) -> Response:
    state = _state(request)
    token = request.query_params.get("token", "")
    subject, problem = _read(state, token, "comment-confirm", state.service.config.confirm_max_age)
    if problem:
        return problem
    return state.service.page("action.html", "Confirm your comment", action="confirm", token=token,
                              button="Confirm my comment",
                              lines=[f"Press the button to confirm that {subject.partition(':')[2]} is yours."])


async def confirm(request: Request) -> Response:
    state = _state(request)
    form = await _form(request)
    subject, problem = _read(state, bounded(form.get("token"), TOKEN_MAX_LENGTH), "comment-confirm",
                             state.service.config.confirm_max_age)
    if problem:
        return problem
    response_id, _, email = subject.partition(":")
    existing = state.store.get(int(response_id))
    post = state.posts.get(existing.post) if existing else None
    by_author = bool(post) and any(state.config.moderators.get(name) == email for name in post.authors)
    known = state.config.auto_approve_known and state.store.has_approved(email)
    response = await state.service.write(state.store.confirm, int(response_id), email,
                                         "approved" if by_author or known else "pending")
    if response is None or post is None:
        return state.refuse("This comment is gone", "It may have been deleted since. You can leave it again.")
    answer = state.service.message("Thank you, your address is confirmed", "Responses appear after moderation.",
                                   link_url=post.url, link_text="Back to the post")
    if response.status == "pending":
        answer.background = BackgroundTask(send_moderation, state, response.id, post)
    return answer


async def show_decision(request: Request) -> Response:
    state = _state(request)
    decision = request.path_params["decision"]
    if decision not in MODERATION:
        return state.refuse("No such decision", "A response can be approved, rejected or marked as spam.",
                            status=404)
    token = request.query_params.get("token", "")
    subject, problem = _read(state, token, f"moderate-{decision}")
    if problem:
        return problem
    response = state.store.get(int(subject))
    if response is None:
        return state.refuse("This response is gone", "It was deleted since the mail was sent.", status=404)
    post = state.posts.get(response.post)
    return state.page("moderate.html", f"{DECISION_BUTTONS[decision]}?", response=response, token=token,
                      decision=decision, button=DECISION_BUTTONS[decision],
                      post_title=post.title if post else response.post, post_url=post.url if post else "")


async def decide(request: Request) -> Response:
    state = _state(request)
    decision = request.path_params["decision"]
    if decision not in MODERATION:
        return state.refuse("No such decision", "A response can be approved, rejected or marked as spam.",
                            status=404)
    form = await _form(request)
    subject, problem = _read(state, bounded(form.get("token"), TOKEN_MAX_LENGTH), f"moderate-{decision}")
    if problem:
        return problem
    if not await state.service.write(state.store.set_status, int(subject), MODERATION[decision]):
        return state.refuse("This response is gone", "It was deleted since the mail was sent.", status=404)
    answer = state.service.message(f"Response {MODERATION[decision]}",
                                   "Approved responses appear on the post when the site is next published.")
    if decision == "approve":
        answer.background = BackgroundTask(run_publish, state)
    return answer


# Webmentions ---------------------------------------------------------------------

def _target_post(state: ResponsesState, target: str) -> PostInfo | None:
    site = state.service.config.site_url.rstrip("/") + "/"
    if not target.startswith(site):
        return None
    path = urlsplit(target[len(site):]).path
    return state.posts.get(path)


async def receive_webmention(request: Request) -> Response:
    state = _state(request)
    form = await _form(request)
    source = bounded(form.get("source"), 2000).strip()
    target = bounded(form.get("target"), 2000).strip()
    if not webmention.is_http_url(source) or not webmention.is_http_url(target):
        return PlainTextResponse("source and target must both be http(s) URLs\n", status_code=400)
    if webmention.same_url(source, target):
        return PlainTextResponse("source and target are the same page\n", status_code=400)
    post = _target_post(state, target)
    if post is None:
        return PlainTextResponse("target is not a post on this site\n", status_code=400)
    wait = state.client_limiter.hit(client_key(request.client.host if request.client else None))
    if wait:
        return PlainTextResponse("too many webmentions from here; try again later\n", status_code=429,
                                 headers={"Retry-After": str(max(1, int(wait)))})
    response_id = await state.service.write(state.store.mention_received, source, target, post.path)
    status_url = f"{state.config.service_url}/webmention/{response_id}"
    return PlainTextResponse(f"Accepted; verification is under way: {status_url}\n", status_code=202,
                             headers={"Location": status_url},
                             background=BackgroundTask(verify_webmention, state, response_id, source, target, post))


def verify_webmention(state: ResponsesState, response_id: int, source: str, target: str, post: PostInfo) -> None:
    """Fetch the source; keep the mention only while it links to the target (§3.2.2)."""
    before = state.store.mention_status(response_id)
    config = state.config
    try:
        page = webmention.fetch(source, timeout=config.webmention_timeout, max_bytes=config.webmention_max_bytes,
                                allow_private=config.allow_private)
    except webmention.FetchRefused as error:
        log.info("webmention %s refused: %s", response_id, error)
        if before == "verifying":
            state.store.remove_mention(response_id)
        return
    if page.status >= 400 or not webmention.links_to(page.text, page.url, target):
        # Gone, or no longer linking: a known mention is removed, a new one refused.
        state.store.remove_mention(response_id)
        log.info("webmention %s removed or refused: the source does not link to the target", response_id)
        return
    mention = webmention.parse_mention(page.text, page.url, target)
    state.store.mention_verified(response_id, kind=mention.kind, name=mention.name, website=mention.website,
                                 photo=mention.photo, html=mention.html, text=mention.text)
    if state.store.mention_status(response_id) == "pending" and before == "verifying":
        send_moderation(state, response_id, post)


async def webmention_status(request: Request) -> Response:
    state = _state(request)
    status = state.store.mention_status(request.path_params["response_id"])
    words = {None: "not accepted: the source does not link to the target, or was removed",
             "verifying": "verifying", "pending": "verified; waiting for moderation",
             "approved": "published", "rejected": "rejected by the moderators", "spam": "rejected as spam"}
    return PlainTextResponse(words.get(status, status) + "\n")


def routes() -> list[Route]:
    return [
        Route("/comment", post_comment, methods=["POST"]),
        Route("/comment/confirm", show_confirm, methods=["GET"]),
        Route("/comment/confirm", confirm, methods=["POST"]),
        Route("/moderate/{decision:str}", show_decision, methods=["GET"]),
        Route("/moderate/{decision:str}", decide, methods=["POST"]),
        Route("/webmention", receive_webmention, methods=["POST"]),
        Route("/webmention/{response_id:int}", webmention_status, methods=["GET"]),
    ]
