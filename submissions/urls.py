from django.urls import path

from submissions.views import organizer, student_entries, student_files, student_gallery, teacher

urlpatterns = [
    # Students, and the entry page everyone with the right to see the entry shares (the label QR opens it).
    path("entries/", student_entries.my_entries, name="my_entries"),
    path("entries/new/<int:competition_id>/", student_entries.entry_create, name="entry_create"),
    path("entries/<int:entry_id>/", student_entries.entry_detail, name="entry_detail"),
    path("entries/<int:entry_id>/edit/", student_entries.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/actions/", student_entries.entry_actions, name="entry_actions"),
    path("entries/<int:entry_id>/do/<str:action>/", student_entries.entry_action, name="entry_action"),
    path("entries/<int:entry_id>/declaration/", student_entries.entry_declare, name="entry_declare"),
    path("entries/<int:entry_id>/attachments/", student_files.upload, name="attachment_upload"),
    path("attachments/<int:pk>/delete/", student_files.delete, name="attachment_delete"),
    path("attachments/<int:pk>/file/", student_files.file, name="attachment_file"),
    path("attachments/<int:pk>/thumbnail/", student_files.thumbnail, name="attachment_thumbnail"),
    path("gallery/", student_gallery.gallery, name="gallery"),
    # Head teachers
    path(
        "classes/<int:class_id>/competitions/<int:competition_id>/",
        teacher.class_dashboard,
        name="class_dashboard",
    ),
    path(
        "classes/<int:class_id>/competitions/<int:competition_id>/class-entry/",
        teacher.class_entry_create,
        name="class_entry_create",
    ),
    path("entries/<int:entry_id>/shortlist/", teacher.shortlist, name="entry_shortlist"),
    path("entries/<int:entry_id>/received/", teacher.entry_receive, name="entry_receive"),
    path("labels/", teacher.labels, name="entry_labels"),
    # Organizers
    path("manage/entries/", organizer.all_entries, name="all_entries"),
    path("manage/entries/accept/", organizer.accept_entries, name="accept_entries"),
    path("entries/<int:entry_id>/withdraw/", organizer.entry_withdraw_by_organizer, name="entry_withdraw_by_organizer"),
]
