"""Rich text of an item, sanitised by nh3 (ammonia): what an editor may write stays, scripts and styles go."""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "img"}
    | {"table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption"}
)
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "th": {"scope"}, "td": {"colspan"}}


def sanitised(html: str) -> str:
    """The HTML with only the tags, attributes and link schemes above; links open nothing by themselves."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain(html: str) -> str:
    """The text of the HTML without any tag, for search and summaries."""
    return " ".join(nh3.clean(html, tags=set()).split())
