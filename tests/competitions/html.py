"""Just enough HTML querying for page assertions: a tree from the standard library's parser and simple
CSS selectors (tag, #id, .class, [attr], [attr=v], [attr^=v], [attr$=v], descendant combinator, commas)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def raw_text(self) -> str:
        return "".join(child if isinstance(child, str) else child.raw_text() for child in self.children)

    def text(self) -> str:
        """The text as a reader sees it: runs of white space read as one space."""
        return " ".join(self.raw_text().split())

    def descendants(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def select(self, selector: str) -> list[Element]:
        found: list[Element] = []
        for group in selector.split(","):
            for el in _select(self, group.split()):
                if el not in found:
                    found.append(el)
        order = {id(el): i for i, el in enumerate(self.descendants())}
        return sorted(found, key=lambda el: order[id(el)])

    def select_one(self, selector: str) -> Element | None:
        found = self.select(selector)
        return found[0] if found else None


_PART = re.compile(r"([#.]?[\w-]+)|\[([\w-]+)(?:([$^]?=)'?\"?([^'\"\]]*)'?\"?)?\]")


def _matches(el: Element, compound: str) -> bool:
    for name, attr, op, value in _PART.findall(compound):
        if name.startswith("#"):
            if el.attrs.get("id") != name[1:]:
                return False
        elif name.startswith("."):
            if name[1:] not in el.classes:
                return False
        elif name:
            if el.tag != name:
                return False
        else:
            actual = el.attrs.get(attr)
            if actual is None:
                return False
            if (
                (op == "=" and actual != value)
                or (op == "$=" and not actual.endswith(value))
                or (op == "^=" and not actual.startswith(value))
            ):
                return False
    return True


def _select(root: Element, compounds: list[str]) -> list[Element]:
    current = [root]
    for compound in compounds:
        nxt: list[Element] = []
        for base in current:
            for el in base.descendants():
                if _matches(el, compound) and el not in nxt:
                    nxt.append(el)
        current = nxt
    return current


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(el)
        if tag not in VOID:
            self.current = el

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        el = self.current
        while el is not None and el.tag != tag:
            el = el.parent
        if el is not None and el.parent is not None:
            self.current = el.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def texts(root: Element, selector: str) -> list[str]:
    return [el.text() for el in root.select(selector)]
