import logging
from collections import Counter

from pelican import signals
from pelican.contents import Article

from service_voices.markdown_reader import use_markdown_reader
from service_voices.names import join_names
from service_voices.post_records import DIALOGUE, INTERVIEW
from service_voices.sources import content_path, front_matter_lines_of, located

from .checks import dialogue_problems, interview_problems
from .markers import split_labels
from .mdext import ConversationsExtension
from .settings import setting

log = logging.getLogger(__name__)


def add_markdown_extension(readers):
    # Posts and pages only: the reader adds it for them, once per build.
    use_markdown_reader(readers, ConversationsExtension())


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
    # Recorded by the Markdown extension as the post was read (see post_records).
    conversation = getattr(instance, "conversation", None)
    questions = list(conversation.questions) if conversation is not None else []
    turns = Counter(turn.speaker for turn in conversation.turns) if conversation is not None else Counter()
    instance.questions = questions
    if layout == INTERVIEW:
        interviewee = _text(metadata.get("interviewee"))
        instance.interviewee = interviewee
        instance.interviewer = _text(metadata.get("interviewer")) or join_names(
            [str(author) for author in getattr(instance, "authors", [])])
        instance.speakers = [interviewee] if interviewee else []
        problems = interview_problems(interviewee, len(questions))
    else:
        speakers = split_labels(_text(metadata.get("speakers")))
        instance.speakers = speakers
        problems = dialogue_problems(speakers, turns, setting(settings, "CONVERSATIONS_WARN_SILENT_SPEAKERS"))
    _report(instance, problems)


def register():
    signals.readers_init.connect(add_markdown_extension)
    signals.content_object_init.connect(shape_conversation)
