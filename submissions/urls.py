from django.urls import path

from submissions.views import organizer, student, teacher

urlpatterns = [
    # Students, and the entry page everyone with the right to see the entry shares (the label QR opens it).
    path("entries/", student.my_entries, name="my_entries"),
    path("entries/new/<int:competition_id>/", student.entry_create, name="entry_create"),
    path("entries/<int:pk>/", student.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", student.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/actions/", student.entry_actions, name="entry_actions"),
    path("entries/<int:pk>/do/<str:action>/", student.entry_action, name="entry_action"),
    path("entries/<int:pk>/declaration/", student.entry_declare, name="entry_declare"),
    path("entries/<int:pk>/attachments/", student.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/delete/", student.attachment_delete, name="attachment_delete"),
    path("attachments/<int:pk>/file/", student.attachment_file, name="attachment_file"),
    path("attachments/<int:pk>/thumbnail/", student.attachment_thumbnail, name="attachment_thumbnail"),
    path("gallery/", student.gallery, name="gallery"),
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
    path("entries/<int:pk>/shortlist/", teacher.shortlist, name="entry_shortlist"),
    path("entries/<int:pk>/received/", teacher.entry_receive, name="entry_receive"),
    path("labels/", teacher.labels, name="entry_labels"),
    # Organizers
    path("manage/entries/", organizer.all_entries, name="all_entries"),
    path("manage/entries/accept/", organizer.accept_entries, name="accept_entries"),
]
