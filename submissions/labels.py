"""Printable entry labels (作品标签): what each label says, and the QR code that opens the entry."""

from __future__ import annotations

import base64
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import qrcode
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from schools.models import User
from submissions.models import Entry

LABELS_PER_PAGE = 8  # 2 × 4 on an A4 sheet


# Pages of the apps above this one that open an entry for someone who may not see its entry page: a
# judge scanning a label at the exhibition gets their scoring page. Each opener returns an address or
# None; the apps register theirs in AppConfig.ready(), so this app never imports them.
EntryOpener = Callable[[User, Entry], str | None]
ENTRY_OPENERS: list[EntryOpener] = []


def register_entry_opener(opener: EntryOpener) -> EntryOpener:
    if opener not in ENTRY_OPENERS:
        ENTRY_OPENERS.append(opener)
    return opener


def opener_for(user: User, entry: Entry) -> str | None:
    for opener in ENTRY_OPENERS:
        url = opener(user, entry)
        if url:
            return url
    return None


def entry_url(request: HttpRequest, entry: Entry) -> str:
    """The absolute address of the entry page, which the label's QR code encodes."""
    return request.build_absolute_uri(reverse("entry_detail", args=[entry.pk]))


def qr_svg(payload: str) -> bytes:
    """A QR code as a small SVG: one path of the dark runs of each row, on white (scanners want a quiet zone).

    Medium error correction survives a smudged or creased label.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            runs.append(f"M{start},{y}h{x - start}v1h-{x - start}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(runs)}" fill="#000"/></svg>'
    ).encode()


@functools.lru_cache(maxsize=1024)
def qr_data_uri(payload: str) -> str:
    # An <img> with a data: URI: no inline SVG markup, so a strict CSP (img-src data:) is enough.
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(payload)).decode("ascii")


@dataclass(frozen=True)
class Author:
    name: str
    age: int | None


@dataclass(frozen=True)
class Label:
    entry: Entry
    url: str
    qr: str
    authors: list[Author]


def age_day(entry: Entry) -> dt.date:
    """Ages are counted on the day submission closes, so a label says the same whenever it is printed."""
    return timezone.localdate(entry.competition.submission_closes)


def build_labels(request: HttpRequest, entries: Iterable[Entry]) -> list[Label]:
    labels = []
    for entry in entries:
        day = age_day(entry)
        authors = sorted(entry.authors.all(), key=lambda a: (a.student_number or "", a.pk))
        url = entry_url(request, entry)
        labels.append(
            Label(
                entry=entry,
                url=url,
                qr=qr_data_uri(url),
                authors=[Author(a.get_full_name(), a.age_on(day)) for a in authors],
            )
        )
    return labels


def sheets(labels: list[Label], per_page: int = LABELS_PER_PAGE) -> Iterator[list[Label]]:
    for start in range(0, len(labels), per_page):
        yield labels[start : start + per_page]
