"""Students' entry pages, the entry page everyone shares, attachment files and the gallery.

The views live in student_entries, student_files and student_gallery; the URLs name them from here.
"""

from submissions.views import student_files
from submissions.views.student_entries import (
    entry_action,
    entry_actions,
    entry_create,
    entry_declare,
    entry_detail,
    entry_edit,
    my_entries,
)
from submissions.views.student_gallery import gallery

attachment_upload = student_files.upload
attachment_delete = student_files.delete
attachment_file = student_files.file
attachment_thumbnail = student_files.thumbnail

__all__ = [
    "attachment_delete",
    "attachment_file",
    "attachment_thumbnail",
    "attachment_upload",
    "entry_action",
    "entry_actions",
    "entry_create",
    "entry_declare",
    "entry_detail",
    "entry_edit",
    "gallery",
    "my_entries",
]
