from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.schools import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    ("competitions", "festival"),
    ("competitions", "phase"),
    ("competitions", "competition"),
    ("competitions", "criterion"),
    ("competitions", "awardtier"),
    ("competitions", "classextension"),
]


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_lists_every_model_with_search_and_filters(client, festival, painting, app, model):
    admin = UserFactory(school=festival.school, is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "科技"})

    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.search_fields
    assert changelist.has_filters


def test_admin_shows_a_competition_with_its_rubric(client, painting):
    admin = UserFactory(school=painting.festival.school, is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse("admin:competitions_competition_change", args=[painting.pk]))

    assert response.status_code == 200
    assert [f.instance.name for f in response.context["inline_admin_formsets"][0].formset.forms if f.instance.pk] == [
        "想象力",
        "科学性",
        "绘画水平",
        "真实性",
    ]
