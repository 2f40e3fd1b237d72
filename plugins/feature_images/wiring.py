import hashlib
import logging
import os

from pelican import signals
from pelican.contents import Article
from PIL import Image, UnidentifiedImageError

from service_voices.output_files import copy_into_output
from service_voices.sources import content_path, front_matter_lines_of, located

from .renditions import rendition_widths, resize
from .settings import setting

log = logging.getLogger(__name__)

# This build's renditions, from the reading step to the writing step, kept in the
# build's own settings so nothing outlives one build.
PENDING = "feature_images_pending"


def _source_file(settings, value: str) -> str:
    relative = value.strip().replace("{static}", "").replace("{attach}", "").lstrip("/")
    return os.path.join(settings.get("PATH", "content"), relative)


def _warn(article, key: str, message: str) -> None:
    line = front_matter_lines_of(article.source_path).get(key)
    log.warning(f"{located(content_path(article), line)}: {message}")


def _renditions(settings, source: str, data: bytes) -> list[tuple[int, int, str, str]]:
    """(width, height, cached file, extension) for each width, drawing the missing ones."""
    cache = os.path.join(settings.get("CACHE_PATH", "cache"), setting(settings, "FEATURE_IMAGE_CACHE_DIR"))
    os.makedirs(cache, exist_ok=True)
    quality = setting(settings, "FEATURE_IMAGE_QUALITY")
    digest = hashlib.sha256(data + f"|{quality}|{Image.__version__}".encode()).hexdigest()[:16]
    with Image.open(source) as image:
        original_width = image.width
    made = []
    for width in rendition_widths(original_width, list(setting(settings, "FEATURE_IMAGE_WIDTHS"))):
        found = [name for name in os.listdir(cache) if name.startswith(f"{digest}-{width}x")]
        if found:
            name = found[0]
        else:
            resized, ext, height = resize(data, width, quality)
            name = f"{digest}-{width}x{height}.{ext}"
            with open(os.path.join(cache, f"{name}.part"), "wb") as handle:
                handle.write(resized)
            os.replace(os.path.join(cache, f"{name}.part"), os.path.join(cache, name))
        size, ext = name[len(digest) + 1:].rsplit(".", 1)
        made.append((width, int(size.split("x")[1]), os.path.join(cache, name), ext))
    return made


def prepare_feature_images(generator):
    settings = generator.settings
    pending = settings.setdefault(PENDING, [])
    site_url = settings.get("SITEURL", "")
    for article in list(generator.articles) + list(getattr(generator, "drafts", [])):
        if not isinstance(article, Article) or not getattr(article, "image", None):
            continue
        value = str(article.image)
        source = _source_file(settings, value)
        try:
            with open(source, "rb") as handle:
                data = handle.read()
            made = _renditions(settings, source, data)
        except FileNotFoundError:
            _warn(article, "image", f"Image '{value}' does not exist; the post goes without it")
            continue
        except (UnidentifiedImageError, OSError):
            _warn(article, "image", f"Image '{value}' is not a picture Pillow can read (JPEG, PNG or WebP)")
            continue
        alt = str(getattr(article, "image_alt", "") or "").strip()
        if not alt:
            _warn(article, "image", "Image has no Image_alt: line; describe the picture for readers who cannot see it")
        name = os.path.splitext(os.path.basename(source))[0]
        urls = []
        for width, height, cached, ext in made:
            save_as = setting(settings, "FEATURE_IMAGE_SAVE_AS").format(name=name, width=width, ext=ext)
            pending.append((cached, save_as))
            urls.append((width, height, save_as))
        # The widest up to 1200 px is the fallback src; its size gives the aspect ratio.
        width, height, src = next((item for item in reversed(urls) if item[0] <= 1200), urls[0])
        article.feature_image = {
            "src": src, "width": width, "height": height, "alt": alt,
            "srcset": ", ".join(f"{site_url}/{url} {w}w" for w, _, url in urls),
            "url": urls[-1][2], "url_width": urls[-1][0], "url_height": urls[-1][1],
        }


def write_feature_images(pelican):
    for target, reason in copy_into_output(pelican.settings.pop(PENDING, []), pelican.output_path):
        log.error(f"{target}: feature_images cannot write the picture ({reason})")


def register():
    signals.article_generator_finalized.connect(prepare_feature_images)
    signals.finalized.connect(write_feature_images)
