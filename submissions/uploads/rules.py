"""What a competition accepts, and how a refused upload is reported."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

MB = 1024 * 1024


class FileKind(models.TextChoices):
    IMAGE = "image", gettext_lazy("photos (JPEG, PNG, WebP, HEIC)")
    PDF = "pdf", gettext_lazy("PDF documents")
    DOCX = "docx", gettext_lazy("Word documents (DOCX)")
    VIDEO = "video", gettext_lazy("MP4 videos")


class Reason(StrEnum):
    """Machine-readable codes of UploadRejected, stable for views, logs and tests."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY = "too_many"
    WRONG_TYPE = "wrong_type"
    EXECUTABLE = "executable"
    ACTIVE_CONTENT = "active_content"
    POLYGLOT = "polyglot"
    CORRUPT = "corrupt"
    BOMB = "bomb"
    TOO_SMALL = "too_small"
    ENCRYPTED = "encrypted"
    NO_PAGES = "no_pages"
    PDF_SCRIPT = "pdf_script"
    MACROS = "macros"
    UNSAFE_ARCHIVE = "unsafe_archive"
    EMBEDDED_OBJECT = "embedded_object"
    EXTERNAL_CONTENT = "external_content"
    STORAGE_FULL = "storage_full"


class UploadRejected(ValidationError):
    """A refused file. A ValidationError, so a form's clean_<field>() can simply let it through."""

    def __init__(self, code: Reason | str, message: str) -> None:
        super().__init__(message, code=str(code))
        self.code = str(code)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class FileRules:
    """A competition's limits for attachments. Built from the competition's fields by the entry views.

    MP4 is allowed exactly when VIDEO is among the kinds: one switch, so the rules cannot contradict themselves.
    Minimum dimensions apply whichever way the photo is held: 800×600 also admits a 600×800 portrait.
    """

    kinds: frozenset[FileKind] = field(default_factory=lambda: frozenset({FileKind.IMAGE, FileKind.PDF}))
    max_bytes: int = 20 * MB
    max_count: int = 10
    min_width: int = 0
    min_height: int = 0
    # Videos are larger than photos by nature; None means the same limit as everything else.
    max_video_bytes: int | None = None

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.max_count < 0:
            raise ValueError("FileRules limits must be positive")
        object.__setattr__(self, "kinds", frozenset(FileKind(kind) for kind in self.kinds))

    @classmethod
    def for_competition(cls, competition: Any) -> FileRules:
        """From a competitions.Competition (file_types, max_file_mb, max_files, min_image_px); no files if no types.

        min_image_px is "the shorter side": the same as min_width = min_height under our either-way rule.
        """
        kinds = frozenset(FileKind(kind) for kind in competition.file_types or ())
        return cls(
            kinds=kinds,
            max_bytes=competition.max_file_mb * MB,
            max_count=competition.max_files if kinds else 0,
            min_width=competition.min_image_px,
            min_height=competition.min_image_px,
        )

    @property
    def allows_mp4(self) -> bool:
        return FileKind.VIDEO in self.kinds

    def limit_for(self, kind: FileKind) -> int:
        if kind == FileKind.VIDEO and self.max_video_bytes:
            return self.max_video_bytes
        return self.max_bytes


def format_mb(size: int) -> str:
    """20971520 → "20", 1572864 → "1.5". Rounded up, so a file just over a 20 MB limit never reads "20"."""
    tenths = math.ceil(size * 10 / MB)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def accepted_kinds(rules: FileRules) -> str:
    separator = pgettext("list separator", ", ")
    return separator.join(str(kind.label) for kind in FileKind if kind in rules.kinds)


def wrong_type(*, name: str, rules: FileRules) -> UploadRejected:
    if not rules.kinds:
        return UploadRejected(
            Reason.WRONG_TYPE,
            gettext("“%(name)s” cannot be added: this competition takes no files.") % {"name": name},
        )
    return UploadRejected(
        Reason.WRONG_TYPE,
        gettext("“%(name)s” is not a kind of file this competition accepts. Accepted: %(kinds)s.")
        % {"name": name, "kinds": accepted_kinds(rules)},
    )


def check_count(*, existing: int, adding: int, rules: FileRules, name: str = "") -> None:
    """Refuse adding files beyond the competition's maximum; call before storing anything."""
    if existing + adding <= rules.max_count:
        return
    if rules.max_count == 0:
        raise wrong_type(name=name, rules=rules)
    if name:
        message = ngettext(
            "An entry can have at most %(max)d file; “%(name)s” was not added.",
            "An entry can have at most %(max)d files; “%(name)s” was not added.",
            rules.max_count,
        ) % {"max": rules.max_count, "name": name}
    else:
        message = ngettext(
            "An entry can have at most %(max)d file.",
            "An entry can have at most %(max)d files.",
            rules.max_count,
        ) % {"max": rules.max_count}
    raise UploadRejected(Reason.TOO_MANY, message)
