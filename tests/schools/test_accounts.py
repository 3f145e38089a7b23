import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password

from core.models import AuditLog
from schools.models import User
from tests.factories.schools import PASSWORD, StudentFactory, TeacherFactory
from tests.html import page, text, text_of


def _login(client, username, password, follow=False):
    return client.post("/accounts/login/", {"username": username, "password": password}, follow=follow)


@pytest.mark.django_db
def test_student_logs_in_with_student_number(client, student):
    response = _login(client, "20240201", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == student


@pytest.mark.django_db
def test_student_whose_username_differs_still_logs_in_with_student_number(client, school_class):
    StudentFactory(school_class=school_class, username="xiaoming", student_number="20240299")

    assert _login(client, "20240299", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_session_ends_with_the_browser_unless_remembered(client, student):
    _login(client, "20240201", PASSWORD)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert client.session.get_expire_at_browser_close() is True
    assert (cookie["expires"], cookie["max-age"]) == ("", "")


@pytest.mark.django_db
def test_remember_me_keeps_the_session_after_the_browser_closes(client, student):
    form = page(client.get("/accounts/login/"))
    client.post("/accounts/login/", {"username": "20240201", "password": PASSWORD, "remember": "on"})

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert text_of(form, "label[for=id_remember]") == "记住我"
    assert client.session.get_expire_at_browser_close() is False
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
def test_teacher_logs_in_with_username(client, head_teacher):
    assert _login(client, head_teacher.username, PASSWORD)["Location"] == "/"


@pytest.mark.django_db
def test_wrong_password_shows_chinese_message_and_logs_nobody_in(client, student):
    response = _login(client, "20240201", "wrong-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["学号/用户名或密码不正确。请注意密码区分大小写。"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_is_locked_after_five_failures_even_with_the_right_password(client, student):
    for _ in range(5):
        _login(client, "20240201", "wrong-password")

    response = _login(client, "20240201", PASSWORD)

    assert response.status_code == 429
    assert "登录失败次数过多" in text(page(response, status=429))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(client, student):
    student.is_active = False
    student.save()

    response = _login(client, "20240201", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_user_with_generated_password_is_sent_to_change_it(client, student):
    student.must_change_password = True
    student.save()
    client.force_login(student)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/?first=1"
    assert "这是你第一次用纸条上的密码登录" in text(page(client.get(response["Location"])))


@pytest.mark.django_db
def test_user_with_generated_password_can_still_log_out(client, student):
    student.must_change_password = True
    student.save()
    client.force_login(student)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_changing_the_password_lifts_the_first_login_lock_and_is_audited(client, student):
    student.must_change_password = True
    student.save()
    client.force_login(student)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Kexue-2026-jie", "new_password2": "Kexue-2026-jie"},
    )

    student.refresh_from_db()
    assert response["Location"] == "/"
    assert student.must_change_password is False
    assert student.check_password("Kexue-2026-jie")
    assert client.get("/").status_code == 200
    assert AuditLog.objects.filter(action="user.password_change", object_id=str(student.pk)).count() == 1


@pytest.mark.django_db
def test_password_change_with_mismatch_keeps_the_lock_and_says_why(client, student):
    student.must_change_password = True
    student.save()
    client.force_login(student)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Kexue-2026-jie", "new_password2": "Kexue-2026-xx"},
    )

    student.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == ["输入的两个密码不一致。"]
    assert student.must_change_password is True
    assert student.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_one_time_password_cannot_be_chosen_again_as_the_new_one(client, student):
    student.must_change_password = True
    student.save()
    client.force_login(student)

    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )

    student.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"] == ["新密码不能与当前密码相同。"]
    assert student.must_change_password is True
    assert client.get("/")["Location"] == "/accounts/password/?first=1"


@pytest.mark.django_db
def test_initial_password_hash_is_upgraded_at_first_login(client, school_class):
    pupil = StudentFactory(
        school_class=school_class, password=make_password("k7m4p2xq", hasher="pbkdf2_sha256_initial")
    )

    _login(client, pupil.student_number, "k7m4p2xq")

    pupil.refresh_from_db()
    assert pupil.password.startswith(ARGON2_AT_OWASP_COST)


# Argon2id with 19 MiB, 2 passes, 1 lane: about 30 ms a login, so that 200 pupils log in within the deadline's
# last minute (schools/hashers.py, docs/performance.md "Deadline rush").
ARGON2_AT_OWASP_COST = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.mark.django_db
def test_a_password_hashed_before_with_pbkdf2_still_logs_in_and_is_rehashed(client, school_class):
    pupil = StudentFactory(school_class=school_class, password=make_password("old-secret-77", hasher="pbkdf2_sha256"))

    _login(client, pupil.student_number, "old-secret-77")

    pupil.refresh_from_db()
    assert client.get("/").status_code == 200
    assert pupil.password.startswith(ARGON2_AT_OWASP_COST)
    assert pupil.check_password("old-secret-77")


@pytest.mark.django_db
def test_new_passwords_are_hashed_with_argon2id_at_the_chosen_cost(school_class):
    pupil = StudentFactory(school_class=school_class)

    pupil.set_password("a-new-secret-88")

    assert pupil.password.startswith(ARGON2_AT_OWASP_COST)


# --- Password resets by head teachers and organizers ------------------------------------------


@pytest.mark.django_db
def test_head_teacher_gives_own_student_a_new_password_slip(client, head_teacher, student):
    client.force_login(head_teacher)

    response = client.post(f"/people/{student.pk}/reset-password/")

    student.refresh_from_db()
    new_password = response.context["slips"][0]["password"]
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    assert student.check_password(new_password)
    assert student.must_change_password is True
    assert new_password in text(page(response))
    record = AuditLog.objects.get(action="user.password_reset")
    assert (record.actor, record.object_id) == (head_teacher, str(student.pk))


@pytest.mark.django_db
def test_organizer_resets_anyone_of_the_school(client, organizer, head_teacher):
    client.force_login(organizer)

    response = client.post(f"/people/{head_teacher.pk}/reset-password/")

    head_teacher.refresh_from_db()
    assert response.status_code == 200
    assert head_teacher.check_password(response.context["slips"][0]["password"])


@pytest.mark.parametrize(
    "who", ["other_teacher", "student_self", "classmate", "organizer_other_school", "organizer_self"]
)
@pytest.mark.django_db
def test_password_reset_refused(client, who, school_class, student, other_teacher, other_school, organizer):
    actor, target = {
        "other_teacher": lambda: (other_teacher, student),
        "student_self": lambda: (student, student),
        "classmate": lambda: (StudentFactory(school_class=school_class), student),
        "organizer_other_school": lambda: (TeacherFactory(school=other_school, is_organizer=True), student),
        "organizer_self": lambda: (organizer, organizer),
    }[who]()
    client.force_login(actor)

    response = client.post(f"/people/{target.pk}/reset-password/")

    target.refresh_from_db()
    assert response.status_code == 403
    assert "你无权打开此页面" in text(page(response, status=403))
    assert target.check_password(PASSWORD)
    assert target.must_change_password is False


@pytest.mark.django_db
def test_password_reset_needs_login_and_post(client, head_teacher, student):
    assert client.post(f"/people/{student.pk}/reset-password/")["Location"].startswith("/accounts/login/")
    client.force_login(head_teacher)
    assert client.get(f"/people/{student.pk}/reset-password/").status_code == 405
    assert client.post("/people/999999/reset-password/").status_code == 404


@pytest.mark.django_db
def test_reset_password_is_only_usable_once(client, head_teacher, student):
    client.force_login(head_teacher)
    new_password = client.post(f"/people/{student.pk}/reset-password/").context["slips"][0]["password"]
    client.logout()

    _login(client, student.student_number, new_password)

    assert client.get("/")["Location"] == "/accounts/password/?first=1"
    assert User.objects.get(pk=student.pk).must_change_password is True
