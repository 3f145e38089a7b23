from django.urls import path

from judging.views import exports, judge, manage, manage_results, public

urlpatterns = [
    # Exports
    path("exports/", exports.ExportListView.as_view(), name="exports"),
    path("exports/<int:pk>/status/", exports.ExportStatusView.as_view(), name="export_status"),
    path("exports/<int:pk>/download/", exports.ExportDownloadView.as_view(), name="export_download"),
    path("exports/<int:pk>/retry/", exports.ExportRetryView.as_view(), name="export_retry"),
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
    path("judging/competitions/<int:competition_id>/results/", manage_results.results, name="judging_results"),
    path(
        "judging/competitions/<int:competition_id>/results/compute/",
        manage_results.results_compute,
        name="judging_results_compute",
    ),
    path(
        "judging/competitions/<int:competition_id>/results/lock/",
        manage_results.results_lock,
        name="judging_results_lock",
    ),
    path(
        "judging/competitions/<int:competition_id>/results/unlock/",
        manage_results.results_unlock,
        name="judging_results_unlock",
    ),
    path("judging/results/<int:result_id>/adjust/", manage_results.result_adjust, name="judging_result_adjust"),
    path("judging/festivals/<int:festival_id>/collective/", manage_results.collective, name="judging_collective"),
    path(
        "judging/festivals/<int:festival_id>/collective/compute/",
        manage_results.collective_compute,
        name="judging_collective_compute",
    ),
    path(
        "judging/festivals/<int:festival_id>/collective/confirm/",
        manage_results.collective_confirm,
        name="judging_collective_confirm",
    ),
    path("judging/festivals/<int:festival_id>/special/", manage_results.special_awards, name="judging_special"),
    path("judging/festivals/<int:festival_id>/publish/", manage_results.publish, name="judging_publish"),
    # After publication
    path("results/", public.my_results, name="my_results"),
    path("festivals/<int:festival_id>/honour-roll/", public.honour_roll, name="honour_roll"),
    path("results/<int:result_id>/object/", public.objection_raise, name="objection_raise"),
    path("judging/festivals/<int:festival_id>/objections/", public.objections, name="objections"),
    path("judging/objections/<int:objection_id>/answer/", public.objection_answer, name="objection_answer"),
    path("honour-roll/pictures/<int:attachment_id>/", public.awarded_picture, name="awarded_picture"),
    path("honour-roll/pictures/<int:attachment_id>/thumbnail/", public.awarded_thumbnail, name="awarded_thumbnail"),
]
