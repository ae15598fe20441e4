"""Rich text of an item, sanitised by nh3 (ammonia): what the editor (Quill) writes stays, scripts and styles go.

Images come only from the portal's own store of inline images (`IMAGE_PATH`), each with its alternative text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "img"}
    | {"table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption"}
)
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "th": {"scope"}, "td": {"colspan"}}
IMAGE_PATH = "/content/images/"
OWN_IMAGE = re.compile(re.escape(IMAGE_PATH) + r"([0-9a-f]{64})")


def sanitised(html: str) -> str:
    """The HTML with only the tags, attributes and link schemes above; links open nothing by themselves, and an
    image that is not one of the portal's own loses its source."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_own_images_only,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not OWN_IMAGE.fullmatch(value):
        return None
    return value


def plain(html: str) -> str:
    """The text of the HTML without any tag, for search and summaries."""
    return " ".join(nh3.clean(html, tags=set()).split())


def images(html: str) -> list[tuple[str, str]]:
    """The (content hash, alternative text) of each of the portal's own images in the sanitised HTML, in order."""
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.found


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        own = OWN_IMAGE.fullmatch(values.get("src") or "") if tag == "img" else None
        if own:
            self.found.append((own.group(1), " ".join((values.get("alt") or "").split())))
