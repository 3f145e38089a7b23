from django.urls import path

from judging.views import judge, manage

urlpatterns = [
    # Judges
    path("judging/queue/", judge.queue, name="judge_queue"),
    path("judging/score/<int:assignment_id>/", judge.score_entry, name="judge_score"),
    path("judging/files/<int:assignment_id>/<int:attachment_id>/", judge.judge_attachment, name="judge_attachment"),
    path(
        "judging/files/<int:assignment_id>/<int:attachment_id>/thumbnail/",
        judge.judge_attachment_thumbnail,
        name="judge_attachment_thumbnail",
    ),
    path("judging/conflicts/", judge.conflicts, name="judge_conflicts"),
    # Organizers and head judges
    path("judging/", manage.judging_home, name="judging_home"),
    path("judging/competitions/<int:competition_id>/panel/", manage.panel, name="judging_panel"),
    path("judging/competitions/<int:competition_id>/window/", manage.judging_window, name="judging_window"),
    path(
        "judging/competitions/<int:competition_id>/panel/remove/",
        manage.panel_remove_judge,
        name="judging_panel_remove",
    ),
    path("judging/experts/", manage.experts, name="judging_experts"),
    path("judging/competitions/<int:competition_id>/assignments/", manage.assignments, name="judging_assignments"),
    path(
        "judging/competitions/<int:competition_id>/assignments/auto/",
        manage.assign_automatically,
        name="judging_assign_auto",
    ),
    path(
        "judging/competitions/<int:competition_id>/assignments/add/",
        manage.assignment_add,
        name="judging_assignment_add",
    ),
    path(
        "judging/competitions/<int:competition_id>/assignments/remove/",
        manage.assignment_remove,
        name="judging_assignment_remove",
    ),
    path("judging/competitions/<int:competition_id>/progress/", manage.progress, name="judging_progress"),
    path("judging/competitions/<int:competition_id>/nudge/", manage.nudge, name="judging_nudge"),
]
