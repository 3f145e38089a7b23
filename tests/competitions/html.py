"""Only for the ``test_demo.py`` modules, which are moving with the demo seeders: they read pages with ``parse``
and ``element.text()``. Every other test reads pages with ``tests.html``; drop this module once the demo tests
do too."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from tests import html


class _Element(Tag):
    def text(self) -> str:  # a method here, where Beautiful Soup has a property
        return html.text(self)


def parse(source: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(source, "html.parser", element_classes={Tag: _Element})
