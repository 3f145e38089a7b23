"""The predicates every permission is built from: the school of any object, and who organizes it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from schools.rules import organizes, school_id_of
from submissions.rules import owns_entry
from tests.factories.competitions import CompetitionFactory, FestivalFactory
from tests.factories.schools import OrganizerFactory, StudentFactory, TeacherFactory
from tests.factories.submissions import EntryFactory

pytestmark = pytest.mark.django_db


def test_the_school_of_every_kind_of_object_is_found(school, school_class, student):
    festival = FestivalFactory(school=school)
    competition = CompetitionFactory(festival=festival)
    entry = EntryFactory(competition=competition, created_by=student)

    found = [
        school_id_of(obj) for obj in (school, school_class.grade, school_class, student, festival, competition, entry)
    ]

    assert found == [school.pk] * 7


def test_organizes_only_the_objects_of_their_own_school(school, other_school, organizer, student, head_teacher):
    ours = EntryFactory(competition=CompetitionFactory(festival=FestivalFactory(school=school)), created_by=student)
    theirs_competition = CompetitionFactory(festival=FestivalFactory(school=other_school))
    other_organizer = OrganizerFactory(school=other_school)

    assert [organizes.test(organizer, obj) for obj in (ours, ours.competition, theirs_competition, school)] == [
        True,
        True,
        False,
        True,
    ]
    assert organizes.test(other_organizer, ours) is False
    assert organizes.test(head_teacher, ours) is False  # a teacher of the school, not an organizer
    assert organizes.test(AnonymousUser(), ours) is False


def test_the_authors_own_an_entry_and_the_head_teacher_owns_the_class_entry(school_class, student, head_teacher):
    competition = CompetitionFactory(festival=FestivalFactory(school=school_class.grade.school))
    own = EntryFactory(competition=competition, created_by=student)
    class_entry = EntryFactory(competition=competition, created_by=head_teacher, school_class=school_class, authors=[])
    class_entry.is_class_entry = True
    classmate = StudentFactory(school_class=school_class)

    assert [owns_entry.test(u, own) for u in (student, classmate, head_teacher)] == [True, False, False]
    assert [owns_entry.test(u, class_entry) for u in (head_teacher, student, TeacherFactory())] == [True, False, False]
