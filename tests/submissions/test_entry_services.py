"""The rules of entries, enforced by the service functions: windows, eligibility, limits, quota."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from competitions.hooks import competition_usage
from competitions.models import EntryMode
from core.models import AuditLog
from core.storage import private_storage
from schools.models import User
from submissions import services
from submissions.models import Attachment, Entry, EntryState
from submissions.services import entries as entries_service
from tests import corpus
from tests.factories.competitions import NOW, ClassExtensionFactory, CompetitionFactory, FestivalFactory
from tests.factories.schools import OrganizerFactory, SchoolClassFactory, StudentFactory
from tests.factories.submissions import DETAILS, EntryFactory, draft, ready_entry, submitted_entry

LATE = NOW + dt.timedelta(days=11)  # judging has opened
CLOSED_NOT_JUDGED = NOW + dt.timedelta(days=10, hours=1)  # submission closed, judging not open yet


def _message(excinfo) -> str:
    return excinfo.value.messages[0]


# --- Creating ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_student_creates_a_draft_with_a_code_and_an_audit_record(competition, student, advisor):
    entry = draft(competition, student, advisor=advisor, description="  说明  ")

    assert (entry.code, entry.state, entry.description) == ("2026-ZZ-0001", "draft", "说明")
    assert list(entry.authors.all()) == [student]
    assert entry.school_class == student.school_class
    assert entry.details == DETAILS
    assert AuditLog.objects.filter(action="entry.create", object_id=str(entry.pk)).count() == 1


@pytest.mark.django_db
def test_entry_codes_count_up_per_competition(festival, competition, student, classmate):
    other = CompetitionFactory(
        festival=festival, invention=True, code="HH", name="科技创新绘画", kind="painting", entry_fields=[]
    )

    codes = [draft(competition, student).code, draft(competition, classmate).code, draft(other, student).code]

    assert codes == ["2026-ZZ-0001", "2026-ZZ-0002", "2026-HH-0001"]


@pytest.mark.django_db
def test_entry_codes_are_unique_in_the_school_across_festivals(school, festival, competition, student, other_school):
    last_year = FestivalFactory(school=school, year=2025, name="第一届科技节", slug="2025", phases=False)
    last_years_invention = CompetitionFactory(festival=last_year, invention=True)
    elsewhere = CompetitionFactory(festival=FestivalFactory(school=other_school, phases=False), invention=True)
    other_student = StudentFactory(school_class=SchoolClassFactory(grade__school=other_school, grade__number=3))

    codes = [draft(last_years_invention, student).code, draft(competition, student).code]

    assert codes == ["2025-ZZ-0001", "2026-ZZ-0001"]
    assert draft(elsewhere, other_student).code == "2026-ZZ-0001"  # another school's codes are its own


@pytest.mark.django_db
def test_a_second_festival_in_the_same_year_counts_on(school, competition, student, classmate):
    autumn = FestivalFactory(school=school, year=2026, name="秋季科技节", slug="2026-autumn", phases=False)
    autumns_invention = CompetitionFactory(festival=autumn, invention=True)
    draft(competition, student)

    codes = [draft(autumns_invention, student).code, draft(competition, classmate).code]

    assert codes == ["2026-ZZ-0002", "2026-ZZ-0003"]
    assert list(Entry.objects.filter(competition=competition).values_list("number", flat=True)) == [1, 3]


@pytest.mark.django_db
def test_a_code_taken_in_the_meantime_is_counted_past(monkeypatch, school, competition, student):
    """Another festival's competition of the same code numbers under its own lock: a code it took between the
    count and the insert is refused by the constraint, and the next one is given."""
    autumn = FestivalFactory(school=school, year=2026, slug="2026-autumn", phases=False)
    taken = draft(CompetitionFactory(festival=autumn, invention=True), student)
    real_next_code = entries_service._next_code
    stale = iter([("2026-ZZ-0001", 1)])  # what the count said before the other festival's entry was committed
    monkeypatch.setattr(entries_service, "_next_code", lambda c: next(stale, None) or real_next_code(c))

    entry = draft(competition, student)

    assert (taken.code, entry.code) == ("2026-ZZ-0001", "2026-ZZ-0002")


@pytest.mark.django_db(transaction=True)
def test_two_festivals_numbering_at_once_give_different_codes(school, competition, student, classmate):
    autumn = FestivalFactory(school=school, year=2026, slug="2026-autumn", phases=False)
    autumns_invention = CompetitionFactory(festival=autumn, invention=True)
    barrier = threading.Barrier(2)
    codes = []

    def create(competition, by):
        try:
            barrier.wait()
            codes.append(draft(competition, by).code)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=create, args=(competition, student)),
        threading.Thread(target=create, args=(autumns_invention, classmate)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(codes) == ["2026-ZZ-0001", "2026-ZZ-0002"]


@pytest.mark.django_db
def test_the_database_refuses_a_code_twice_in_a_school(school, festival, competition, student):
    entry = draft(competition, student)
    last_year = FestivalFactory(school=school, year=2025, slug="2025", phases=False)
    copy = EntryFactory.build(
        competition=CompetitionFactory(festival=last_year, code="HH"), created_by=student, code=entry.code, number=1
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.django_db
def test_a_competition_of_another_grade_is_refused(festival, student):
    senior_only = CompetitionFactory(festival=festival, invention=True, grades=(10, 11, 12))

    with pytest.raises(ValidationError) as excinfo:
        draft(senior_only, student)

    assert _message(excinfo) == "科技创新制作 不面向三年级。"
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_before_opening_and_after_the_deadline_nothing_is_created(competition, student):
    with pytest.raises(ValidationError) as early:
        services.entry_create(competition=competition, by=student, title="x", now=NOW - dt.timedelta(days=30))
    with pytest.raises(ValidationError) as late:
        services.entry_create(competition=competition, by=student, title="x", now=LATE)

    assert _message(early) == "“科技创新制作”将于2026年11月10日 10:00开始接受作品。"
    assert _message(late) == "“科技创新制作”的截止时间已过，作品不能再修改。"
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_a_class_extension_lets_that_class_enter_after_the_deadline(competition, student, classmate, organizer):
    ClassExtensionFactory(
        competition=competition,
        school_class=student.school_class,
        closes_at=LATE + dt.timedelta(days=1),
        reason="研学旅行",
        granted_by=organizer,
    )
    other_class = StudentFactory(school_class=SchoolClassFactory(grade=student.school_class.grade, number=9))

    entry = services.entry_create(competition=competition, by=student, title="延期作品", now=LATE)
    with pytest.raises(ValidationError):
        services.entry_create(competition=competition, by=other_class, title="迟到作品", now=LATE)

    assert entry.state == "draft"


@pytest.mark.django_db
def test_entries_per_student_limit_counts_every_entry_but_withdrawn_ones(festival, student):
    competition = CompetitionFactory(festival=festival, invention=True, entries_per_student=1)
    first = draft(competition, student)

    with pytest.raises(ValidationError) as excinfo:
        draft(competition, student, title="第二件")
    services.entry_withdraw(entry=first, by=student, now=NOW)
    second = draft(competition, student, title="第二件")

    assert _message(excinfo) == "王小明 在“科技创新制作”已有 1 件作品，已达上限。"
    assert second.code == "2026-ZZ-0002"
    with pytest.raises(ValidationError):
        services.entry_reopen(entry=first, by=student, now=NOW)


@pytest.mark.django_db
def test_team_members_must_be_classmates_and_within_the_team_size(festival, student, classmate, school_class):
    competition = CompetitionFactory(festival=festival, invention=True, entry_mode=EntryMode.TEAM, team_max_size=2)
    third = StudentFactory(school_class=school_class)
    stranger = StudentFactory(school_class=SchoolClassFactory(grade=school_class.grade, number=8))

    entry = draft(competition, student, team=[classmate])
    with pytest.raises(ValidationError) as too_many:
        draft(competition, third, team=[student, classmate])
    with pytest.raises(ValidationError) as not_classmate:
        draft(competition, third, team=[stranger])

    assert sorted(a.real_name for a in entry.authors.all()) == ["李雨萱", "王小明"]
    assert _message(too_many) == "每队最多 2 人。"
    assert _message(not_classmate) == f"队员必须是同班同学：{stranger.real_name} 不是。"


@pytest.mark.django_db
def test_individual_competitions_refuse_teams(competition, student, classmate):
    with pytest.raises(ValidationError) as excinfo:
        draft(competition, student, team=[classmate])

    assert _message(excinfo) == "“科技创新制作”只接受个人作品。"


@pytest.mark.django_db
def test_an_invalid_choice_in_the_kind_fields_is_refused(competition, student):
    with pytest.raises(ValidationError) as excinfo:
        services.entry_create(competition=competition, by=student, title="x", details={"subtype": "rocket"}, now=NOW)

    assert _message(excinfo) == "“rocket”不是有效的作品类型。"


# --- Submitting, withdrawing, reopening ---------------------------------------------------------------


@pytest.mark.django_db
def test_submit_says_everything_that_is_missing(competition, student):
    entry = services.entry_create(competition=competition, by=student, title="自动浇花器", now=NOW)

    with pytest.raises(ValidationError) as excinfo:
        services.entry_submit(entry=entry, by=student, now=NOW)

    assert _message(excinfo) == ("提交前请补充：作品类型、设计思路和原理、至少一张作品照片或一个文件、本人原创声明。")
    assert Entry.objects.get(pk=entry.pk).state == "draft"


@pytest.mark.django_db
def test_a_complete_entry_is_submitted_then_reopened_and_withdrawn(competition, student):
    entry = submitted_entry(competition, student)
    assert (entry.state, entry.submitted_at) == ("submitted", NOW)

    entry = services.entry_reopen(entry=entry, by=student, now=NOW)
    assert (entry.state, entry.submitted_at) == ("draft", None)

    entry = services.entry_withdraw(entry=entry, by=student, now=NOW)
    assert entry.state == "withdrawn"
    assert list(AuditLog.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True)) == [
        "entry.withdraw",
        "entry.reopen",
        "entry.submit",
        "entry.declare",
        "entry.attachment_add",
        "entry.create",
    ]


@pytest.mark.django_db
def test_nobody_but_the_authors_submits(competition, student, classmate):
    entry = ready_entry(competition, student)

    with pytest.raises(ValidationError) as excinfo:
        services.entry_submit(entry=entry, by=classmate, now=NOW)

    assert _message(excinfo) == "只有作者本人可以修改作品。"


@pytest.mark.django_db
def test_a_form_opened_before_the_deadline_and_posted_after_it_changes_nothing(competition, student):
    entry = ready_entry(competition, student)

    with pytest.raises(ValidationError):
        services.entry_update(
            entry=entry,
            by=student,
            version=entry.version,
            title="改了",
            description="",
            details=DETAILS,
            advisor=None,
            now=LATE,
        )
    with pytest.raises(ValidationError):
        services.entry_submit(entry=entry, by=student, now=LATE)

    entry.refresh_from_db()
    assert (entry.title, entry.state) == ("自动浇花器", "draft")


@pytest.mark.django_db
def test_organizer_changes_an_entry_after_the_deadline_only_with_a_reason_and_it_is_recorded(
    competition, student, organizer
):
    entry = submitted_entry(competition, student)

    with pytest.raises(ValidationError) as excinfo:
        services.entry_update(
            entry=entry,
            by=organizer,
            version=entry.version,
            title="自动浇花器（改）",
            description="",
            details=DETAILS,
            advisor=None,
            now=CLOSED_NOT_JUDGED,
        )
    services.entry_update(
        entry=entry,
        by=organizer,
        version=entry.version,
        title="自动浇花器（改）",
        description="",
        details=DETAILS,
        advisor=None,
        reason="学生报错了题目",
        now=CLOSED_NOT_JUDGED,
    )

    record = AuditLog.objects.get(action="entry.update")
    assert _message(excinfo) == "截止后修改作品，请填写原因；原因会被记录。"
    assert (record.actor, record.reason) == (organizer, "学生报错了题目")
    assert record.changes == {"title": {"before": "自动浇花器", "after": "自动浇花器（改）"}}
    # Once judging has started nobody changes the entry, organizers included.
    with pytest.raises(ValidationError) as judging:
        services.entry_update(
            entry=entry,
            by=organizer,
            version=Entry.objects.get(pk=entry.pk).version,
            title="再改",
            description="",
            details=DETAILS,
            advisor=None,
            reason="又改",
            now=LATE,
        )
    assert _message(judging) == "“科技创新制作”处于“评审中”阶段：现在不能在截止后更正作品。"


STALE_ENTRY = (
    "你打开此页面后，这件作品已在另一个窗口或设备上修改。你填写的内容保留在下方："
    "可在新标签页中打开作品查看那些修改，或再次保存，用你填写的内容替换它们。"
)


def _update(entry, by, version, **changes):
    fields = {"title": entry.title, "description": "", "details": DETAILS, "advisor": None, **changes}
    return services.entry_update(entry=entry, by=by, version=version, now=NOW, **fields)


@pytest.mark.django_db
def test_a_save_from_a_page_showing_an_older_version_is_refused_and_changes_nothing(competition, student):
    entry = draft(competition, student)
    seen_by_both_tabs = entry.version

    _update(entry, student, seen_by_both_tabs, title="第一个窗口")
    with pytest.raises(ValidationError) as stale:
        _update(entry, student, seen_by_both_tabs, title="第二个窗口")
    with pytest.raises(ValidationError) as unsaid:
        _update(entry, student, None, title="第二个窗口")

    entry.refresh_from_db()
    assert _message(stale) == STALE_ENTRY
    assert stale.value.code == unsaid.value.code == services.STALE_VERSION
    assert _message(unsaid).startswith("此页面没有注明显示的是作品的哪个版本")
    assert (entry.title, entry.version) == ("第一个窗口", seen_by_both_tabs + 1)
    assert AuditLog.objects.filter(action="entry.update").count() == 1


@pytest.mark.django_db
def test_every_change_bumps_the_version_and_a_save_changing_nothing_does_not(competition, student):
    entry = draft(competition, student)
    first = entry.version

    _update(entry, student, first)  # the same again: other open pages stay current
    _update(entry, student, first, description="新的说明")

    entry.refresh_from_db()
    assert (entry.description, entry.version) == ("新的说明", first + 1)


# --- Attachments ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachment_is_stored_privately_with_a_thumbnail_and_the_original_name(competition, student, settings):
    entry = draft(competition, student)

    attachment = services.attachment_add(
        entry=entry, by=student, file=corpus.upload("../../我的作品.JPG", corpus.jpeg(gps=True)), now=NOW
    )

    assert attachment.original_name == "我的作品.JPG"
    assert attachment.file.name.startswith("entries/") and attachment.file.name.endswith(".jpg")
    assert attachment.thumbnail.name.endswith("-thumb.jpg")
    assert attachment.file.storage.exists(attachment.file.name)
    assert str(settings.STORAGES["private"]["OPTIONS"]["location"]) in attachment.file.path


@pytest.mark.django_db
def test_a_refused_file_leaves_the_entry_as_it_was(competition, student):
    entry = draft(competition, student)

    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(
            entry=entry, by=student, file=corpus.upload("病毒.jpg", b"MZ\x90\x00" + b"\x00" * 200), now=NOW
        )

    assert "是程序" in _message(excinfo)
    assert Attachment.objects.count() == 0
    assert Entry.objects.get(pk=entry.pk).title == "自动浇花器"


@pytest.mark.django_db
def test_one_file_too_many_is_refused(festival, student):
    competition = CompetitionFactory(festival=festival, invention=True, max_files=1)
    entry = ready_entry(competition, student)

    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(entry=entry, by=student, file=corpus.upload("b.png", corpus.png()), now=NOW)

    assert excinfo.value.code == "too_many"
    assert entry.attachments.count() == 1


class _UploadDoing(type(corpus.upload("a.jpg", b""))):
    """An upload that runs ``meanwhile`` once, the first time it is read: while the server checks the picture."""

    def __init__(self, name, content, meanwhile):
        super().__init__(name, content, content_type="image/jpeg")
        self.meanwhile = meanwhile

    def read(self, *args):
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            meanwhile()
        return super().read(*args)


@pytest.mark.django_db(transaction=True)
def test_while_a_photo_is_checked_a_classmate_can_log_in(competition, student, classmate):
    # On SQLite a transaction holds the database's one write lock; the picture is checked outside it, so a
    # classmate's login (which writes) goes through at once instead of waiting for the photo.
    entry = draft(competition, student)
    logged_in = threading.Event()

    def classmate_logs_in():
        def login():
            try:
                User.objects.filter(pk=classmate.pk).update(last_login=timezone.now())
                logged_in.set()
            finally:
                close_old_connections()

        thread = threading.Thread(target=login)
        thread.start()
        thread.join(timeout=5)

    photo = _UploadDoing("IMG_0001.JPG", corpus.jpeg(size=(640, 480)), classmate_logs_in)
    services.attachment_add(entry=entry, by=student, file=photo, now=NOW)

    assert logged_in.is_set()
    assert entry.attachments.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_last_place_taken_while_a_photo_is_checked_refuses_it_and_keeps_none_of_its_files(festival, student):
    competition = CompetitionFactory(festival=festival, invention=True, max_files=1)
    entry = draft(competition, student)
    storage = private_storage()
    before = _stored_files(storage)

    def other_tab_uploads():
        services.attachment_add(entry=entry, by=student, file=corpus.upload("first.png", corpus.png()), now=NOW)

    photo = _UploadDoing("second.jpg", corpus.jpeg(size=(640, 480)), other_tab_uploads)
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(entry=entry, by=student, file=photo, now=NOW)

    assert excinfo.value.code == "too_many"
    assert list(entry.attachments.values_list("original_name", flat=True)) == ["first.png"]
    first = entry.attachments.get()
    assert _stored_files(storage) - before == {first.file.name, first.thumbnail.name}


def _stored_files(storage, folder="") -> set[str]:
    if not storage.exists(folder or "."):
        return set()
    folders, files = storage.listdir(folder)
    names = {f"{folder}/{name}".lstrip("/") for name in files}
    for sub in folders:
        names |= _stored_files(storage, f"{folder}/{sub}".lstrip("/"))
    return names


# --- Shortlist, hand-in, acceptance ----------------------------------------------------------------


@pytest.fixture
def three_submitted(competition, school_class):
    return [submitted_entry(competition, StudentFactory(school_class=school_class)) for _ in range(3)]


@pytest.mark.django_db
def test_head_teacher_shortlists_up_to_the_quota_and_is_refused_one_more(competition, head_teacher, three_submitted):
    first, second, third = three_submitted

    services.shortlist_add(entry=first, by=head_teacher, now=NOW)
    services.shortlist_add(entry=second, by=head_teacher, now=NOW)
    with pytest.raises(ValidationError) as excinfo:
        services.shortlist_add(entry=third, by=head_teacher, now=NOW)

    assert _message(excinfo) == "三年级2班 的“科技创新制作”2 个名额已用完。请先移除一件再添加。"
    assert services.quota_used(competition=competition, school_class=first.school_class) == 2
    assert Entry.objects.get(pk=third.pk).state == "submitted"
    assert competition_usage(competition).recommended_per_class == {first.school_class_id: 2}


@pytest.mark.django_db
def test_removing_from_the_shortlist_frees_a_place(head_teacher, three_submitted):
    first, second, third = three_submitted
    services.shortlist_add(entry=first, by=head_teacher, now=NOW)
    services.shortlist_add(entry=second, by=head_teacher, now=NOW)

    services.shortlist_remove(entry=first, by=head_teacher, now=NOW)
    services.shortlist_add(entry=third, by=head_teacher, now=NOW)

    assert Entry.objects.get(pk=first.pk).state == "submitted"
    assert Entry.objects.get(pk=third.pk).state == "recommended"


@pytest.mark.django_db
def test_another_teacher_cannot_shortlist(other_teacher, three_submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.shortlist_add(entry=three_submitted[0], by=other_teacher, now=NOW)

    assert _message(excinfo) == "只有 三年级2班 的班主任可以选送作品。"


@pytest.mark.django_db(transaction=True)
def test_two_teachers_clicking_at_once_never_exceed_the_quota(festival, school, school_class, head_teacher):
    competition = CompetitionFactory(festival=festival, invention=True, class_quota=1)
    entries = [submitted_entry(competition, StudentFactory(school_class=school_class)) for _ in range(2)]
    co_teacher = OrganizerFactory(school=school)  # an organizer may shortlist too
    barrier = threading.Barrier(2)
    outcomes = []

    def click(entry, by):
        try:
            barrier.wait()
            services.shortlist_add(entry=entry, by=by, now=NOW)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=click, args=(entries[0], head_teacher)),
        threading.Thread(target=click, args=(entries[1], co_teacher)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(outcomes) == ["ok", "refused"]
    assert Entry.objects.filter(state=EntryState.RECOMMENDED).count() == 1


@pytest.mark.django_db
def test_hand_in_is_recorded_with_who_and_when(competition, student, head_teacher):
    entry = submitted_entry(competition, student)

    entry = services.entry_mark_received(entry=entry, by=head_teacher, now=NOW)

    assert (entry.received_at, entry.received_by) == (NOW, head_teacher)


@pytest.mark.django_db
def test_a_teacher_of_another_class_cannot_record_a_hand_in(competition, student, other_teacher):
    entry = submitted_entry(competition, student)

    with pytest.raises(ValidationError):
        services.entry_mark_received(entry=entry, by=other_teacher, now=NOW)

    assert Entry.objects.get(pk=entry.pk).received_at is None


@pytest.mark.django_db
def test_an_essay_is_not_handed_in(festival, student, head_teacher):
    essay = CompetitionFactory(
        festival=festival, invention=True, code="LW", name="科技小论文", kind="essay", entry_fields=[]
    )
    entry = services.entry_create(competition=essay, by=student, title="蚂蚁观察日记", details={}, now=NOW)

    with pytest.raises(ValidationError) as excinfo:
        services.entry_mark_received(entry=entry, by=head_teacher, now=NOW)

    assert excinfo.value.messages == ["“科技小论文”不收实物作品。"]
    assert Entry.objects.get(pk=entry.pk).received_at is None


@pytest.mark.django_db
def test_students_cannot_record_hand_ins(competition, student):
    entry = submitted_entry(competition, student)

    with pytest.raises(ValidationError):
        services.entry_mark_received(entry=entry, by=student, now=NOW)


@pytest.mark.django_db
def test_organizer_accepts_only_recommended_entries_into_judging(organizer, head_teacher, three_submitted):
    services.shortlist_add(entry=three_submitted[0], by=head_teacher, now=NOW)

    accepted = services.entries_accept(entries=three_submitted, by=organizer)

    assert accepted == 1
    assert [Entry.objects.get(pk=e.pk).state for e in three_submitted] == ["in_judging", "submitted", "submitted"]


# --- Class collective entries ----------------------------------------------------------------------


@pytest.mark.django_db
def test_head_teacher_submits_one_class_poster_per_class(festival, school_class, head_teacher, other_teacher, student):
    poster = CompetitionFactory(
        festival=festival,
        invention=True,
        code="BB",
        name="科普板报",
        kind="poster",
        entry_mode=EntryMode.CLASS,
        class_quota=1,
        entry_fields=["poster_topic"],
    )

    entry = services.class_entry_create(
        competition=poster,
        school_class=school_class,
        by=head_teacher,
        title="节约用水",
        details={"poster_topic": "水资源"},
        now=NOW,
    )
    with pytest.raises(ValidationError) as twice:
        services.class_entry_create(
            competition=poster, school_class=school_class, by=head_teacher, title="再来", now=NOW
        )
    with pytest.raises(ValidationError) as not_head:
        services.class_entry_create(competition=poster, school_class=school_class, by=other_teacher, title="x", now=NOW)
    with pytest.raises(ValidationError) as by_student:
        draft(poster, student)

    assert (entry.code, entry.is_class_entry, entry.school_class) == ("2026-BB-0001", True, school_class)
    assert _message(twice) == "三年级2班 已经有班级作品了。"
    assert _message(not_head) == "只有班主任可以提交班级作品。"
    assert _message(by_student) == "这个项目的班级作品由班主任提交。"


@pytest.mark.django_db
def test_the_originality_declaration_is_recorded_with_who_and_when(competition, student):
    entry = draft(competition, student)

    services.entry_declare_original(entry=entry, by=student, declared=True, now=NOW)
    services.entry_declare_original(entry=entry, by=student, declared=True, now=NOW)  # no change, no record

    log = AuditLog.objects.get(action="entry.declare")
    assert (log.actor, log.changes) == (student, {"originality_declared": {"before": False, "after": True}})


@pytest.mark.django_db
def test_a_race_entry_takes_no_file_and_is_submitted_with_its_declaration(festival, student):
    race = CompetitionFactory(
        festival=festival,
        invention=True,
        code="SC",
        name="四驱车",
        kind="race",
        entry_fields=[],
        file_types=[],
        scoring_mode="measurement",
    )
    entry = services.entry_create(competition=race, by=student, title="闪电号", details={}, now=NOW)
    assert services.missing_for_submission(entry) == ["本人原创声明"]
    services.entry_declare_original(entry=entry, by=student, declared=True, now=NOW)

    entry = services.entry_submit(entry=entry, by=student, now=NOW)

    assert entry.state == "submitted"
