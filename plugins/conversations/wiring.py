import logging

from pelican import signals
from pelican.contents import Article

from service_voices.names import join_names
from service_voices.sources import content_path, front_matter_lines_of, located

from .checks import dialogue_problems, interview_problems
from .markers import split_labels
from .mdext import DIALOGUE, INTERVIEW, ConversationsExtension
from .outline import questions, turns_by_speaker
from .settings import setting

log = logging.getLogger(__name__)


def add_markdown_extension(readers):
    # Fires once per generator with the build's own settings dict. A new MARKDOWN dict
    # (rather than appending in place) keeps pelicanconf's object untouched, and the
    # isinstance test keeps the second generator from adding the extension twice.
    markdown = dict(readers.settings.get("MARKDOWN") or {})
    extensions = list(markdown.get("extensions") or [])
    if not any(isinstance(extension, ConversationsExtension) for extension in extensions):
        extensions.append(ConversationsExtension())
    markdown["extensions"] = extensions
    readers.settings["MARKDOWN"] = markdown


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(part).strip() for part in value).strip()
    return str(value or "").strip()


def _report(instance, problems) -> None:
    if not problems:
        return
    where = content_path(instance)
    lines = front_matter_lines_of(instance.source_path)
    for problem in problems:
        line = lines.get(problem.key) if problem.key else None
        place = located(where, line)
        emit = log.error if problem.level == "error" else log.warning
        emit("%s: %s", place, problem.message)


def shape_conversation(instance):
    if not isinstance(instance, Article):
        return
    metadata = instance.metadata
    layout = _text(metadata.get("layout")).lower()
    if layout not in (INTERVIEW, DIALOGUE):
        return
    settings = instance.settings
    if "template" not in metadata:
        instance.template = setting(settings, "CONVERSATIONS_TEMPLATES")[layout]
    instance.layout = layout
    content = instance._content or ""
    turns = turns_by_speaker(content)
    if layout == INTERVIEW:
        interviewee = _text(metadata.get("interviewee"))
        instance.interviewee = interviewee
        instance.interviewer = _text(metadata.get("interviewer")) or join_names(
            [str(author) for author in getattr(instance, "authors", [])])
        instance.questions = questions(content)
        instance.speakers = [interviewee] if interviewee else []
        # The "In this interview" list already leads to every question, so
        # reading_aids' own "Contents" box (opted out with Toc: off) would repeat it.
        metadata.setdefault("toc", "off")
        problems = interview_problems(interviewee, len(instance.questions))
    else:
        speakers = split_labels(_text(metadata.get("speakers")))
        instance.speakers = speakers
        instance.questions = []
        problems = dialogue_problems(speakers, turns, setting(settings, "CONVERSATIONS_WARN_SILENT_SPEAKERS"))
    _report(instance, problems)


def register():
    signals.readers_init.connect(add_markdown_extension)
    signals.content_object_init.connect(shape_conversation)
