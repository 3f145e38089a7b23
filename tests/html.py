"""Reading pages in the tests: Beautiful Soup (on the standard library's html.parser) and CSS selectors.

``page(response)`` checks the status and parses; the other functions take what ``page`` or ``parse`` returned
(or an element of it), or a response or its HTML, which they parse. Text is read as a person reads it: runs of
white space count as one space, and what a script or a ``<template>`` holds is not shown.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from django.http import HttpResponseBase

Source = Tag | HttpResponseBase | str | bytes


def parse(html: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def page(response: HttpResponseBase, status: int = 200) -> BeautifulSoup:
    """The response's document, once it is known to have the status expected."""
    assert response.status_code == status, f"{response.status_code} instead of {status}"
    return parse(response.content)


def _root(source: Source) -> Tag:
    if isinstance(source, Tag):
        return source
    if isinstance(source, HttpResponseBase):
        return parse(source.content)
    return parse(source)


def text(element: Tag) -> str:
    """The element's text with runs of white space made one space."""
    return " ".join(element.get_text().split())


def texts(source: Source, selector: str) -> list[str]:
    """The text of each element the selector finds, in document order."""
    return [text(el) for el in _root(source).select(selector)]


def one(source: Source, selector: str) -> Tag:
    """The first element the selector finds, which must exist."""
    element = _root(source).select_one(selector)
    assert element is not None, f"nothing matches {selector!r}"
    return element


def text_of(source: Source, selector: str) -> str:
    """The text of the first element the selector finds, which must exist."""
    return text(one(source, selector))


def attrs(source: Source, selector: str, name: str) -> list[str]:
    """The attribute ``name`` of the elements the selector finds that have it, in document order."""
    return [el[name] for el in _root(source).select(selector) if el.has_attr(name)]


def has(source: Source, selector: str) -> bool:
    return _root(source).select_one(selector) is not None


def form_errors(source: Source, field: str | None = None) -> list[str]:
    """The messages under the form's fields (``invalid-feedback``), or under one field (crispy's ``div_id_…``)."""
    return texts(source, f"#div_id_{field} .invalid-feedback" if field else ".invalid-feedback")


def flashes(response: HttpResponseBase) -> list[str]:
    """The messages (django.contrib.messages) the page was rendered with."""
    return [str(m) for m in response.context["messages"]] if response.context else []
