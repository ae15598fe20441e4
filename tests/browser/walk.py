"""What a person must never meet on a page, checked in the browser: a raw key instead of words, an accessibility
violation that axe-core rates serious or critical, a page wider than the phone, English words on a Vietnamese page.

Each check returns findings that name the page and the offender; `walk` follows a role's menu and first links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from playwright.sync_api import Page

import engine.models
from webapp.labels import EVENT_LABELS, STEP_LABELS

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
CATALOG = Path(__file__).resolve().parents[2] / "webapp" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
PHONE_WIDTH = 390
SNAKE = re.compile(r"(?<![\w./@:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
NOT_WORDS = re.compile(
    r"\S+@\S+|\w+://\S+|[\w.-]+\.(?:pdf|png|jpe?g|docx?|xlsx?|csv|bpmn|json|zip|p12|pem|cer)\b", re.I
)
# English a library answers with when nobody translated it (WTForms, Flask-WTF, Flask-Login, Werkzeug)
LIBRARY_ENGLISH = (
    re.compile(r"^(This field is required|Invalid (email address|input|value)|Not a valid \w+( value)?)\.?$"),
    re.compile(r"^(Field must be .*|The CSRF token (is missing|has expired|is invalid)\.?|CSRF token missing)$"),
    re.compile(r"^Please log in to access this page\.$"),
    re.compile(r"^(Not Found|Forbidden|Bad Request|Method Not Allowed|Internal Server Error|Too Many Requests)$"),
    re.compile(r"^The requested URL was not found on the server\b.*"),
)
SKIPPED = re.compile(r"^/(lang/|logout|files/|metrics|healthz|readyz)|\.(pdf|png|bpmn|csv|xlsx|zip)$|/export\.")
SEEN_TEXT = """() => {
  const hidden = 'code, kbd, samp, pre, script, style, template, noscript, svg';
  const out = [];
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : e.classList.length ? '.' + e.classList[0] : ''));
    }
    return parts.join(' > ');
  };
  const lang = (el) => (el.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
  out.push({text: document.title.replace(/\\s+/g, ' ').trim(), where: 'title', lang: lang(document.documentElement)});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text || el.closest(hidden) || !el.checkVisibility({visibilityProperty: true})) continue;
    out.push({text, where: where(el), lang: lang(el)});
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt], input[type=submit]')) {
    if (el.closest(hidden)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt', 'value']) {
      if (name === 'value' && el.type !== 'submit') continue;
      const text = (el.getAttribute(name) || '').replace(/\\s+/g, ' ').trim();
      if (text) out.push({text, where: where(el) + '[' + name + ']', lang: lang(el)});
    }
  }
  return out;
}"""
TOO_WIDE = """(width) => {
  const name = (el) => (el.parentElement ? el.parentElement.tagName.toLowerCase() + ' > ' : '')
    + el.tagName.toLowerCase() + (el.id ? '#' + el.id : el.classList.length ? '.' + el.classList[0] : '');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    const overflowing = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible';
    if ((box.right <= width + 0.5 || !box.width) && !overflowing) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) continue;
    out.push(name(el) + ' (' + Math.round(Math.max(box.right, box.left + el.scrollWidth)) + ' px)');
    if (out.length === 3) break;
  }
  return out;
}"""


@dataclass(frozen=True)
class Finding:
    """One defect on one page: which check found it and what offends."""

    page: str
    check: str
    offender: str

    def __str__(self) -> str:
        return f"{self.page}: {self.check}: {self.offender}"


@cache
def bare_keys() -> frozenset[str]:
    """The core's codes that a person should never read as such: every state, kind and role, every event and step."""
    enums = [v for v in vars(engine.models).values() if isinstance(v, type) and issubclass(v, StrEnum)]
    return frozenset({m.value for e in enums for m in e} | set(EVENT_LABELS) | set(STEP_LABELS))


@cache
def english_words() -> frozenset[str]:
    """Every English translation that differs from its Vietnamese source and is no Vietnamese text itself (as "Email"
    is both): on a Vietnamese page, a leak."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    english, vietnamese = set(), set()
    for message in catalog:
        for msgid, msgstr in zip(_forms(message.id), _forms(message.string), strict=False):
            vietnamese.add(" ".join(msgid.split()))
            if msgstr and msgstr != msgid and re.search(r"[A-Za-z]{2}", msgstr) and "%(" not in msgstr:
                english.add(" ".join(msgstr.split()))
    return frozenset(english - vietnamese)


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def seen_text(page: Page) -> list[dict[str, str]]:
    """The visible text nodes of the page and the words of its labelling attributes, with where they are."""
    return page.evaluate(SEEN_TEXT)


def raw_keys(page: Page) -> list[Finding]:
    found = []
    for item in seen_text(page):
        words = NOT_WORDS.sub(" ", item["text"])
        keys = [item["text"]] if item["text"] in bare_keys() else SNAKE.findall(words)
        found += [Finding(_here(page), "raw key", f"{key!r} in {item['where']}") for key in keys]
    return found


def english_on_vietnamese(page: Page) -> list[Finding]:
    """English words in text that the page says is Vietnamese (a part marked lang="en" may speak English)."""
    found = []
    for item in seen_text(page):
        if not item["lang"].startswith("vi"):
            continue
        text = item["text"]
        if text in english_words() or any(pattern.match(text) for pattern in LIBRARY_ENGLISH):
            found.append(Finding(_here(page), "English on a Vietnamese page", f"{text!r} in {item['where']}"))
    return found


def too_wide(page: Page, width: int = PHONE_WIDTH) -> list[Finding]:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return []
    offenders = ", ".join(page.evaluate(TOO_WIDE, width)) or "?"
    return [Finding(_here(page), "wider than the phone", f"{scroll_width} px; sticking out: {offenders}")]


def axe_violations(page: Page) -> list[Finding]:
    """axe-core's serious and critical violations (the page's context must bypass its CSP to take the script)."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        more = f" and {len(violation['nodes']) - 5} more" if len(violation["nodes"]) > 5 else ""
        found.append(Finding(_here(page), f"axe {violation['impact']} {violation['id']}", targets + more))
    return found


def _here(page: Page) -> str:
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "") + f" [{_language(page)}]"


def _language(page: Page) -> str:
    return page.evaluate("document.documentElement.lang") or "no lang"


def check(page: Page, *, axe: bool = True, language: str | None = None) -> list[Finding]:
    """Every check on the page as it is now; English words only where the page is Vietnamese. With `language`, the
    page must also say it speaks the language the person chose."""
    found = raw_keys(page) + too_wide(page)
    if language is not None and _language(page) != language:
        found.append(Finding(_here(page), "page language", f'<html lang="{_language(page)}"> in a {language} walk'))
    if _language(page).startswith("vi"):
        found += english_on_vietnamese(page)
    if axe:
        found += axe_violations(page)
    return found


def pattern(path: str) -> str:
    """A route's shape: segments holding a number, a code or a key stand for any such segment."""
    return "/".join("*" if re.search(r"[\d_.]", segment) else segment for segment in path.split("/"))


def walk(
    page: Page, start: str, visit: Callable[[Page], None], *, depth: int = 3, seen: set[str], also: tuple[str, ...] = ()
) -> Iterator[str]:
    """Open `start`, its menu, and each page's links to pages of a new shape, breadth first up to `depth` clicks,
    then the pages `also` (no link leads to an error page); `visit` is called on each page opened, whose path is
    yielded. Shapes in `seen` (shared) are not opened again."""
    queue = [(start, 0)] + [(path, depth) for path in also]
    seen.add(pattern(urlsplit(start).path))
    while queue:
        target, level = queue.pop(0)
        response = page.goto(target)
        origin, path = "{0.scheme}://{0.netloc}".format(urlsplit(page.url)), urlsplit(page.url).path
        if response is None or "html" not in (response.headers.get("content-type") or ""):
            continue
        visit(page)
        yield path
        if level == depth:
            continue
        for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != origin or SKIPPED.search(parts.path):
                continue
            if pattern(parts.path) not in seen:
                seen.add(pattern(parts.path))
                queue.append((href, level + 1))
