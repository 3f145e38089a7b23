"""The files of an entry: adding a checked upload, removing one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from competitions.models import Competition
from core.audit import audit_record
from core.storage import private_storage
from schools.models import User
from submissions import uploads
from submissions.models import (
    Attachment,
    AttachmentRole,
    Entry,
)
from submissions.services.checks import _now
from submissions.services.entries import _check_author_or_head, _check_can_edit, _locked


def file_rules_for(competition: Competition) -> uploads.FileRules:
    return uploads.FileRules.for_competition(competition)


def attachment_add(
    *,
    entry: Entry,
    by: User,
    file: UploadedFile,
    role: str = AttachmentRole.RESULT,
    now: dt.datetime | None = None,
) -> Attachment:
    """Check the file by its content, store it under a generated name and attach it to the entry.

    The slow part — reading, decoding and storing the file — happens outside any transaction: on SQLite a
    transaction holds the one write lock, and a classmate's login must not wait for this photo. So the
    rules are checked once before (a refused pupil learns it before the file is read) and again, with the
    entry locked, before the row is written (the deadline may have passed or another file taken the last
    place meanwhile); the stored files are deleted again when the row is not written.
    """
    now = _now(now)
    if role not in AttachmentRole.values:
        raise ValidationError(_("Unknown kind of attachment."))
    rules, _existing = _check_may_add(entry=entry, by=by, now=now)
    checked = uploads.inspect_upload(file=file, rules=rules)
    stored = uploads.store_upload(checked=checked)
    try:
        with transaction.atomic():
            entry = _locked(entry)
            _rules, existing = _check_may_add(entry=entry, by=by, now=now)
            attachment = Attachment.objects.create(
                entry=entry,
                role=role,
                kind=checked.kind,
                file=stored.name,
                thumbnail=stored.thumbnail_name,
                clean_file=stored.clean_name,
                original_name=stored.display_name,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                width=stored.width,
                height=stored.height,
                position=existing,
                uploaded_by=by,
            )
            audit_record(
                actor=by, action="entry.attachment_add", obj=entry, changes={"attachment": (None, stored.display_name)}
            )
    except BaseException:
        _delete_files(stored.name, stored.thumbnail_name, stored.clean_name)
        raise
    return attachment


def _check_may_add(*, entry: Entry, by: User, now: dt.datetime) -> tuple[uploads.FileRules, int]:
    """The competition's file rules and how many files the entry has, when one more may be added now."""
    _check_author_or_head(entry=entry, by=by)
    _check_can_edit(entry=entry, by=by, now=now)
    rules = file_rules_for(entry.competition)
    existing = entry.attachments.count()
    uploads.check_count(existing=existing, adding=1, rules=rules)
    return rules, existing


def _delete_files(*names: str) -> None:
    storage = private_storage()
    for name in names:
        if name:
            storage.delete(name)


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User, now: dt.datetime | None = None) -> None:
    entry = _locked(attachment.entry)
    _check_author_or_head(entry=entry, by=by)
    _check_can_edit(entry=entry, by=by, now=_now(now))
    names = (attachment.file.name, attachment.thumbnail.name, attachment.clean_file.name)
    attachment.delete()
    transaction.on_commit(lambda: _delete_files(*names))
    audit_record(
        actor=by, action="entry.attachment_remove", obj=entry, changes={"attachment": (attachment.original_name, None)}
    )


def attachment_clean_copy_make(*, attachment: Attachment) -> bool:
    """Make the judges' copy of a document uploaded before copies were made (``manage.py clean_attachments``).

    Returns False, storing nothing, for a file that would be refused today (a script in a PDF, an OLE object):
    it keeps no clean copy, so it reaches no judge, and the organizers ask for it again.
    """
    if not attachment.needs_clean_copy or attachment.clean_file:
        return True
    with attachment.file.open("rb") as original:
        try:
            clean = uploads.clean_copy(file=original, kind=attachment.kind, name=attachment.original_name)
        except uploads.UploadRejected:
            return False
    with clean:
        name = private_storage().save(uploads.clean_name(attachment.file.name), clean)
    attachment.clean_file = name
    attachment.save(update_fields=["clean_file"])
    audit_record(actor=None, action="entry.attachment_clean_copy", obj=attachment.entry)
    return True
