"""Factories of the schools app: schools, grades, classes and the people in them (users of every role)."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password

from schools.models import Grade, School, SchoolClass, Section, User

PASSWORD = "correct-horse-42"
_PASSWORD_HASH = make_password(PASSWORD)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"第{n + 1}实验学校")
    slug = factory.Sequence(lambda n: f"school{n + 1}")
    sections = factory.LazyFunction(lambda: list(Section.values))


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ["school", "number"]

    school = factory.SubFactory(SchoolFactory)
    number = 3


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass
        django_get_or_create = ["grade", "number"]

    grade = factory.SubFactory(GradeFactory)
    number = factory.Sequence(lambda n: n + 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    school = factory.SubFactory(SchoolFactory)
    password = _PASSWORD_HASH


class StudentFactory(UserFactory):
    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.LazyAttribute(lambda o: o.school_class.grade.school)
    student_number = factory.Sequence(lambda n: f"2024{n:05d}")
    username = factory.LazyAttribute(lambda o: o.student_number)
    real_name = factory.Sequence(lambda n: f"学生{n}")
    is_student = True
    birth_date = dt.date(2017, 5, 1)


class TeacherFactory(UserFactory):
    username = factory.Sequence(lambda n: f"teacher{n}")
    real_name = factory.Sequence(lambda n: f"老师{n}")
    is_teacher = True


class JudgeFactory(UserFactory):
    username = factory.Sequence(lambda n: f"judge{n}")
    real_name = factory.Sequence(lambda n: f"评委{n}")
    is_judge = True


class OrganizerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"organizer{n}")
    real_name = factory.Sequence(lambda n: f"组委{n}")
    is_organizer = True
