from django.urls import path

from awards.views import manage, public

urlpatterns = [
    # Organizers and head judges
    path("judging/competitions/<int:competition_id>/results/", manage.results, name="judging_results"),
    path(
        "judging/competitions/<int:competition_id>/results/compute/",
        manage.results_compute,
        name="judging_results_compute",
    ),
    path(
        "judging/competitions/<int:competition_id>/results/lock/",
        manage.results_lock,
        name="judging_results_lock",
    ),
    path(
        "judging/competitions/<int:competition_id>/results/unlock/",
        manage.results_unlock,
        name="judging_results_unlock",
    ),
    path("judging/results/<int:result_id>/adjust/", manage.result_adjust, name="judging_result_adjust"),
    path("judging/festivals/<int:festival_id>/collective/", manage.collective, name="judging_collective"),
    path(
        "judging/festivals/<int:festival_id>/collective/compute/",
        manage.collective_compute,
        name="judging_collective_compute",
    ),
    path(
        "judging/festivals/<int:festival_id>/collective/confirm/",
        manage.collective_confirm,
        name="judging_collective_confirm",
    ),
    path("judging/festivals/<int:festival_id>/special/", manage.special_awards, name="judging_special"),
    path("judging/festivals/<int:festival_id>/publish/", manage.publish, name="judging_publish"),
    path(
        "judging/publications/<int:publication_id>/withdraw/",
        manage.publication_withdraw,
        name="judging_publication_withdraw",
    ),
    # After publication
    path("results/", public.my_results, name="my_results"),
    path("festivals/<int:festival_id>/honour-roll/", public.honour_roll, name="honour_roll"),
    path("results/<int:result_id>/object/", public.objection_raise, name="objection_raise"),
    path("judging/festivals/<int:festival_id>/objections/", public.objections, name="objections"),
    path("judging/objections/<int:objection_id>/answer/", public.objection_answer, name="objection_answer"),
    path("honour-roll/pictures/<int:attachment_id>/", public.awarded_picture, name="awarded_picture"),
    path("honour-roll/pictures/<int:attachment_id>/thumbnail/", public.awarded_thumbnail, name="awarded_thumbnail"),
]
