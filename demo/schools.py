"""The demo school: all three sections, classes with head teachers, students with realistic names.

Deterministic (a fixed random seed) and idempotent: running it again finds what is there and adds
only what is missing. ``scale`` multiplies the classes per grade; each class has 11–12 students, so
scale 1 is about 270 students and scale 10 about 2,700.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from demo.data import GIVEN_BOY, GIVEN_GIRL, JUDGE2_NAME, JUDGE_NAME, ORGANIZER_NAME, SCHOOL_NAME, SURNAMES
from schools.models import Grade, School, SchoolClass, Section, User

DEMO_PASSWORD = "kejijie2026"
SCHOOL_SLUG = "xinghe"
DEMO_CLASS = (3, 2)  # 三年级2班, the class of the demo head teacher t0302 and student 20240201


@dataclass
class DemoLogin:
    role: str
    username: str
    name: str
    note: str


def _name(rng: random.Random, gender: str) -> str:
    pool = GIVEN_BOY if gender == User.Gender.MALE else GIVEN_GIRL
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _school_year_start(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


@transaction.atomic
def seed_school(*, scale: int = 1, today: dt.date | None = None) -> list[DemoLogin]:
    today = today or dt.date.today()
    rng = random.Random(20260901)
    password_hash = make_password(DEMO_PASSWORD)  # one hash for every demo account: seeding stays fast

    school, _ = School.objects.get_or_create(
        slug=SCHOOL_SLUG, defaults={"name": SCHOOL_NAME, "sections": list(Section.values)}
    )
    grades = {}
    for number in range(1, 13):
        grades[number], _ = Grade.objects.get_or_create(school=school, number=number)

    existing = set(User.objects.filter(school=school).values_list("username", flat=True))
    new_users: list[User] = []

    def add_user(**fields) -> None:
        if fields["username"] not in existing:
            existing.add(fields["username"])
            new_users.append(User(school=school, password=password_hash, **fields))

    add_user(username="organizer", real_name=ORGANIZER_NAME, is_organizer=True, is_teacher=True)
    add_user(username="judge", real_name=JUDGE_NAME, is_judge=True)  # an invited expert
    add_user(username="judge2", real_name=JUDGE2_NAME, is_judge=True)
    User.objects.bulk_create(new_users)
    new_users.clear()

    classes_per_grade = 2 * scale
    year = _school_year_start(today)
    class_index = 0
    student_rows: list[tuple[SchoolClass, int, int]] = []
    for number, grade in grades.items():
        for class_number in range(1, classes_per_grade + 1):
            teacher_username = f"t{number:02d}{class_number:02d}"
            gender = rng.choice(User.Gender.values)
            add_user(
                username=teacher_username,
                real_name=_name(rng, gender),
                gender=gender,
                is_teacher=True,
                # Some head teachers also judge: the conflict rules of judging need them.
                is_judge=class_number == 1 and number % 4 == 0,
            )
            school_class, _ = SchoolClass.objects.get_or_create(grade=grade, number=class_number)
            size = 11 + (class_index % 4 == 0)
            student_rows.append((school_class, size, year - (number - 1)))
            class_index += 1
    User.objects.bulk_create(new_users)
    new_users.clear()

    teachers = {u.username: u for u in User.objects.filter(school=school, username__startswith="t")}
    for school_class, _size, _year in student_rows:
        wanted = teachers.get(f"t{school_class.grade.number:02d}{school_class.number:02d}")
        if wanted and school_class.head_teacher_id is None:
            school_class.head_teacher = wanted
            school_class.save(update_fields=["head_teacher"])

    for school_class, size, entry_year in student_rows:
        for seq in range(1, size + 1):
            number = f"{entry_year}{school_class.number:02d}{seq:02d}"
            gender = rng.choice(User.Gender.values)
            # Children start grade 1 at six: born between September and August six years before.
            birth = dt.date(entry_year - 7, 9, 1) + dt.timedelta(days=rng.randrange(0, 365))
            add_user(
                username=number,
                student_number=number,
                real_name=_name(rng, gender),
                gender=gender,
                birth_date=birth,
                is_student=True,
                school_class=school_class,
            )
    User.objects.bulk_create(new_users, batch_size=1000)

    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    school = School.objects.get(slug=SCHOOL_SLUG)
    grades = {g.number: g for g in school.grades.all()}
    demo_class = SchoolClass.objects.select_related("grade", "head_teacher").get(
        grade=grades[DEMO_CLASS[0]], number=DEMO_CLASS[1]
    )
    demo_student = demo_class.students.order_by("student_number").first()
    junior_class = SchoolClass.objects.select_related("head_teacher").get(grade=grades[8], number=1)
    return [
        DemoLogin("organizer", "organizer", ORGANIZER_NAME, _("organizing committee")),
        DemoLogin("teacher", demo_class.head_teacher.username, str(demo_class.head_teacher), demo_class.name),
        DemoLogin(
            "teacher+judge", junior_class.head_teacher.username, str(junior_class.head_teacher), junior_class.name
        ),
        DemoLogin("judge", "judge", JUDGE_NAME, _("invited expert")),
        DemoLogin("student", demo_student.student_number, str(demo_student), demo_class.name),
    ]
