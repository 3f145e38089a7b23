"""Reading what a page shows: the text of an element, the links and images in it (no HTML parser dependency)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.submissions.conftest import NOW

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    """Collects the text and the attributes of the elements inside the first element matching a CSS-like id."""

    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.done = False
        self.text: list[str] = []
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if self.done:
            return
        if self.depth == 0 and not self.found and attributes.get("id") == self.element_id:
            self.found = True
        if self.found:
            self.elements.append((tag, attributes))
            if tag not in VOID:
                self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.found and not self.done:
            self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if self.found and not self.done and tag not in VOID:
            self.depth -= 1
            if self.depth == 0:
                self.done = True

    def handle_data(self, data):
        if self.found and not self.done:
            self.text.append(data)


def _collect(html: str | bytes, element_id: str) -> _Collector:
    collector = _Collector(element_id)
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    assert collector.found, f"no element with id {element_id!r}"
    return collector


def text(html: str | bytes, element_id: str) -> str:
    """The element's text with runs of white space made one space."""
    return re.sub(r"\s+", " ", "".join(_collect(html, element_id).text)).strip()


def attributes(html: str | bytes, element_id: str, tag: str, name: str) -> list[str]:
    """The values of one attribute of the tags inside the element, in order."""
    return [a[name] for t, a in _collect(html, element_id).elements if t == tag and name in a]


def has_element(html: str | bytes, element_id: str) -> bool:
    return f'id="{element_id}"' in (html.decode() if isinstance(html, bytes) else html)


@pytest.fixture
def frozen(monkeypatch):
    """The clock of services and views stands at NOW; ``frozen.move(days=…)`` moves it."""

    class Clock:
        now = NOW

        def move(self, **delta) -> None:
            self.now = NOW + dt.timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
