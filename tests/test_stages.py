"""The stage × action table (``competitions.stages.ACTIONS``), run against the services.

For every action of the table and every stage of a competition, the competition is put in that stage (its dates
around the real time now; the lock and the publication through the award services), what the action needs is
prepared (an entry in the right state, a panel, a result, a publication, an objection), and the real service of
the action is called: where the table allows it, it happens; everywhere else it is refused with a Chinese sentence
and nothing changes. The allowed stages are written out below (``ALLOWED``), and two more tests hold that table
equal to ``ACTIONS`` and to the one docs/design.md prints ("Stages of a competition").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from awards import services as award_services
from awards.models import Objection, Publication, Result
from competitions.models import Competition
from competitions.stages import ACTIONS, Stage
from judging import services as judging_services
from judging.models import Assignment, Score
from schools.models import User
from submissions import services as entry_services
from submissions.models import Entry, EntryState
from tests.factories.awards import ObjectionFactory, ResultFactory
from tests.factories.competitions import CompetitionFactory, add_rubric
from tests.factories.judging import AssignmentFactory
from tests.factories.schools import JudgeFactory
from tests.factories.submissions import DETAILS, AttachmentFactory, EntryFactory

S = Stage

# The table, written out: in which stages each action is allowed (and refused in every other one).
ALLOWED: dict[str, set[str]] = {
    "entry_create": {"open"},
    "entry_change": {"open"},
    "entry_override": {"open", "closed"},
    "shortlist": {"open", "closed"},
    "accept": {"open", "closed", "judging"},
    "withdraw_from_judging": {"open", "closed", "judging", "judged"},
    "assign": {"judging"},
    "score": {"judging"},
    "compute": {"judging", "judged"},
    "adjust": {"judging", "judged"},
    "lock": {"judging", "judged"},
    "unlock": {"locked"},
    "publish": {"locked"},
    "withdraw_publication": {"notice"},
    "object": {"notice"},
    "answer_objection": {"notice", "final"},
}

# The words people read: the stages' and the actions' Chinese names, as the refusal prints them.
STAGE_NAMES = {
    "upcoming": "未开始",
    "open": "征集中",
    "closed": "已截止",
    "judging": "评审中",
    "judged": "评审结束",
    "locked": "成绩已锁定",
    "notice": "公示中",
    "final": "结果生效",
}
ACTION_NAMES = {
    "entry_create": "新建作品",
    "entry_change": "修改、提交或撤回作品",
    "entry_override": "在截止后更正作品",
    "shortlist": "调整班级推荐名单",
    "accept": "接收作品进入评审",
    "withdraw_from_judging": "将作品撤出评审",
    "assign": "分配评委",
    "score": "评分",
    "compute": "计算成绩",
    "adjust": "调整奖项",
    "lock": "锁定成绩",
    "unlock": "解锁成绩",
    "publish": "公布成绩",
    "withdraw_publication": "撤回公布",
    "object": "提出异议",
    "answer_objection": "答复异议",
}

NAME = "科技创新制作"
# Where a check finer than the stage refuses first (the class's window, the judging window, the lock, the
# publication), the sentence it says, as a pattern (dates vary); everywhere else the stage's refusal
# “科技创新制作”处于“<stage>”阶段：现在不能<action>。 is expected word for word.
NOT_YET = rf"“{NAME}”将于.+开始接受作品。"
DEADLINE = rf"“{NAME}”的截止时间已过，作品不能再修改。"
JUDGING_OPENS = rf"“{NAME}”的评审将于.+开始。"
JUDGING_CLOSED = rf"“{NAME}”的评审已于.+结束。"
LOCKED = rf"“{NAME}”的成绩已锁定。"
AFTER_JUDGING = {"locked": LOCKED, "notice": LOCKED, "final": LOCKED}
EARLIER: dict[str, dict[str, str]] = {
    # Authors act within their class's window (a class without an extension here): the window says why not.
    # Once the results are locked the stage says so, even to a class whose extension still runs.
    "entry_create": {"upcoming": NOT_YET} | dict.fromkeys(["closed", "judging", "judged"], DEADLINE),
    "entry_change": {"upcoming": NOT_YET} | dict.fromkeys(["closed", "judging", "judged"], DEADLINE),
    "withdraw_from_judging": dict.fromkeys(AFTER_JUDGING, rf"“{NAME}”的成绩已锁定，作品不能再撤回。请先解锁成绩。"),
    # Judges are assigned and score inside the judging window (judging_refusal), never once the results are locked.
    "assign": dict.fromkeys(["upcoming", "open", "closed"], JUDGING_OPENS) | {"judged": JUDGING_CLOSED} | AFTER_JUDGING,
    "score": dict.fromkeys(["upcoming", "open", "closed"], JUDGING_OPENS) | {"judged": JUDGING_CLOSED} | AFTER_JUDGING,
    "compute": AFTER_JUDGING,
    "adjust": AFTER_JUDGING,
    "lock": AFTER_JUDGING,
    "unlock": dict.fromkeys(["notice", "final"], "结果已发布，请通过答复异议更正，而不是解锁。"),
    # Only locked results are published, once: the stage check after these never refuses on its own.
    "publish": dict.fromkeys(["upcoming", "open", "closed", "judging", "judged"], rf"请先锁定以下项目的成绩：{NAME}。")
    | dict.fromkeys(["notice", "final"], rf"已经公布：{NAME}。"),
    # Locked: the publication was withdrawn (that is how a competition gets back there), and is not withdrawn twice.
    "withdraw_publication": {"locked": "这次公布已经撤回。", "final": "公示期已结束：成绩已生效，不能再撤回。"},
    # Objections only to published results during their 公示: the stage check after these never refuses alone.
    "object": dict.fromkeys(["upcoming", "open", "closed", "judging", "judged", "locked"], "结果尚未发布。")
    | {"final": "公示期已结束，不再受理异议。"},
}

DAY = dt.timedelta(days=1)
# The competition's windows in days from now: submission opens, closes; judging opens, closes. Locked, notice and
# final have judging closed 20 days ago, like judged.
WINDOWS = {
    S.UPCOMING: (1, 10, 11, 20),
    S.OPEN: (-10, 10, 11, 20),
    S.CLOSED: (-20, -1, 1, 10),
    S.JUDGING: (-20, -2, -1, 10),
    S.JUDGED: (-40, -30, -29, -20),
}


@dataclass
class World:
    """One competition (科技创新制作, grade 3) in ``stage`` at ``now`` (the real time now), and its people."""

    stage: Stage
    now: dt.datetime
    competition: Competition
    student: User
    head_teacher: User
    organizer: User
    judge: User

    def before(self, stage: Stage) -> bool:
        return self.stage.position < stage.position

    def entry(self, state: str, **fields) -> Entry:
        """The student's entry in ``state``, as a row (the services that make it have their own windows)."""
        if state not in (EntryState.DRAFT, EntryState.SUBMITTED):
            fields |= {"recommended_at": self.now - DAY, "recommended_by": self.head_teacher}
        return EntryFactory(
            competition=self.competition,
            created_by=self.student,
            state=state,
            title="自动浇花器",
            details=DETAILS,
            **fields,
        )

    def compute(self, now: dt.datetime | None = None) -> None:
        award_services.results_compute(competition=self.competition, by=self.organizer, now=now or self.now)

    def settle(self) -> None:
        """Locked, notice, final: through the services, the results computed and locked 15 days ago, once judging
        had closed; then published yesterday (公示中 for five days) or ten days ago (its 公示 over: 结果生效)."""
        if self.before(S.LOCKED):
            return
        decided = self.now - 15 * DAY
        self.compute(decided)
        award_services.results_lock(competition=self.competition, by=self.organizer, now=decided)
        if self.stage in (S.NOTICE, S.FINAL):
            published = self.now - (DAY if self.stage == S.NOTICE else 10 * DAY)
            award_services.results_publish(competitions=[self.competition], by=self.organizer, now=published)
        self.competition.refresh_from_db()

    def result(self) -> Result:
        """The result of an entry in judging: computed by the service from judging on, a row before (no service
        computes results before judging starts)."""
        entry = self.entry(EntryState.IN_JUDGING)
        if self.before(S.JUDGING):
            ResultFactory(entry=entry, score=None, judges=0, rank=None, level="", computed_level="")
        elif self.stage in (S.JUDGING, S.JUDGED):
            self.compute()
        self.settle()
        return Result.objects.select_related("competition").get(entry=entry)

    def publication(self) -> Publication:
        """The competition's publication. Published (公示中) or its 公示 over (结果生效) through the services;
        locked again after a withdrawal through the services; before the lock a row only: no service publishes
        results that are not locked, so there the stage check of the withdrawal is what refuses."""
        if self.before(S.LOCKED):
            publication = Publication.objects.create(
                festival=self.competition.festival,
                published_at=self.now - DAY,
                published_by=self.organizer,
                notice_ends_at=self.now + 4 * DAY,
            )
            publication.competitions.set([self.competition])
            return publication
        self.settle()
        if self.stage == S.LOCKED:
            publication = award_services.results_publish(
                competitions=[self.competition], by=self.organizer, now=self.now - DAY
            )
            award_services.publication_withdraw(publication=publication, by=self.organizer, reason="名单有误")
            self.competition.refresh_from_db()
            return publication
        return self.competition.publications.get()


@dataclass
class Play:
    """An action taken: ``acts`` call the service (each is refused on its own where the table refuses),
    ``observe`` reads what the action changes, ``done`` is what it reads once the action happened."""

    acts: list[Callable[[], object]]
    observe: Callable[[], object]
    done: object


def _state(entry: Entry) -> str:
    return Entry.objects.get(pk=entry.pk).state


def _competition(w: World) -> Competition:
    return Competition.objects.get(pk=w.competition.pk)


def play_entry_create(w: World) -> Play:
    w.settle()
    return Play(
        acts=[
            lambda: entry_services.entry_create(
                competition=w.competition, by=w.student, title="自动浇花器", details=DETAILS, now=w.now
            )
        ],
        observe=lambda: Entry.objects.filter(competition=w.competition).count(),
        done=1,
    )


def play_entry_change(w: World) -> Play:
    """Submitting a draft that has everything (the author's buttons and form share the class's window)."""
    entry = w.entry(EntryState.DRAFT, originality_declared=True)
    AttachmentFactory(entry=entry)
    w.settle()
    return Play(
        acts=[lambda: entry_services.entry_submit(entry=entry, by=w.student, now=w.now)],
        observe=lambda: _state(entry),
        done=EntryState.SUBMITTED,
    )


def play_entry_override(w: World) -> Play:
    """The organizers correct a submitted entry, with a reason (an override even while the window is open)."""
    entry = w.entry(EntryState.SUBMITTED)
    w.settle()
    return Play(
        acts=[
            lambda: entry_services.entry_update(
                entry=entry,
                by=w.organizer,
                version=entry.version,
                title="自动浇花器（更正）",
                description="",
                details=DETAILS,
                advisor=None,
                reason="班主任报告标题写错",
                now=w.now,
            )
        ],
        observe=lambda: Entry.objects.get(pk=entry.pk).title,
        done="自动浇花器（更正）",
    )


def play_shortlist(w: World) -> Play:
    """The head teacher puts one entry on the class's list and takes another off."""
    submitted, recommended = w.entry(EntryState.SUBMITTED), w.entry(EntryState.RECOMMENDED)
    w.settle()
    return Play(
        acts=[
            lambda: entry_services.shortlist_add(entry=submitted, by=w.head_teacher, now=w.now),
            lambda: entry_services.shortlist_remove(entry=recommended, by=w.head_teacher, now=w.now),
        ],
        observe=lambda: (_state(submitted), _state(recommended)),
        done=(EntryState.RECOMMENDED, EntryState.SUBMITTED),
    )


def play_accept(w: World) -> Play:
    entry = w.entry(EntryState.RECOMMENDED)
    w.settle()
    return Play(
        acts=[lambda: entry_services.entries_accept(entries=[entry], by=w.organizer, now=w.now)],
        observe=lambda: _state(entry),
        done=EntryState.IN_JUDGING,
    )


def play_withdraw_from_judging(w: World) -> Play:
    """An entry in judging (a row before judging: entries are accepted from the opening on, so one may be in
    judging while the competition is open; before it opens there is none, and the row checks the stage alone)."""
    entry = w.entry(EntryState.IN_JUDGING)
    w.settle()
    return Play(
        acts=[
            lambda: entry_services.entry_withdraw_by_organizer(
                entry=entry, by=w.organizer, reason="作品抄袭网上视频", now=w.now
            )
        ],
        observe=lambda: _state(entry),
        done=EntryState.WITHDRAWN,
    )


def _panel(w: World) -> None:
    judging_services.panel_set(competition=w.competition, judges=[w.judge], head_judge=w.judge, by=w.organizer)


def play_assign(w: World) -> Play:
    entry = w.entry(EntryState.IN_JUDGING)
    _panel(w)
    w.settle()
    return Play(
        acts=[lambda: judging_services.assignment_add(entry=entry, judge=w.judge, by=w.organizer, now=w.now)],
        observe=lambda: list(Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True)),
        done=[w.judge.pk],
    )


def play_score(w: World) -> Play:
    """The judge submits full marks. The assignment through the service in judging, a row elsewhere (nobody is
    assigned outside the judging window: the row lets the scoring check its own window)."""
    criteria = add_rubric(w.competition)
    entry = w.entry(EntryState.IN_JUDGING)
    _panel(w)
    if w.stage == S.JUDGING:
        assignment = judging_services.assignment_add(entry=entry, judge=w.judge, by=w.organizer, now=w.now)
    else:
        assignment = AssignmentFactory(entry=entry, judge=w.judge)
    w.settle()
    return Play(
        acts=[
            lambda: judging_services.score_save(
                assignment=assignment,
                by=w.judge,
                points={c.pk: c.max_points for c in criteria},
                submit=True,
                version=0,
                now=w.now,
            )
        ],
        observe=lambda: list(Score.objects.filter(assignment=assignment).values_list("state", "total")),
        done=[(Score.State.SUBMITTED, 100)],
    )


def play_compute(w: World) -> Play:
    """By the organizers; in judging every assignment is scored (here there are none), as decide_refusal asks."""
    w.entry(EntryState.IN_JUDGING)
    w.settle()
    return Play(
        acts=[lambda: w.compute()],
        observe=lambda: (_competition(w).results_computed_at, Result.objects.filter(competition=w.competition).count()),
        done=(w.now, 1),
    )


def play_adjust(w: World) -> Play:
    result = w.result()
    return Play(
        acts=[lambda: award_services.result_adjust(result=result, level="second", reason="复核加分", by=w.organizer)],
        observe=lambda: Result.objects.get(pk=result.pk).level,
        done="second",
    )


def play_lock(w: World) -> Play:
    """Computed results: by the service from judging on; before judging a row says they were (no service computes
    them then), so the lock's own stage check is what refuses."""
    entry = w.entry(EntryState.IN_JUDGING)
    if w.before(S.JUDGING):
        Competition.objects.filter(pk=w.competition.pk).update(results_computed_at=w.now - DAY)
    elif w.stage in (S.JUDGING, S.JUDGED):
        w.compute()
    w.settle()
    return Play(
        acts=[lambda: award_services.results_lock(competition=w.competition, by=w.organizer, now=w.now)],
        observe=lambda: (_competition(w).results_locked_at, _state(entry)),
        done=(w.now, EntryState.NOT_AWARDED),
    )


def play_unlock(w: World) -> Play:
    entry = w.entry(EntryState.IN_JUDGING)
    w.settle()
    return Play(
        acts=[
            lambda: award_services.results_unlock(competition=w.competition, by=w.organizer, reason="二等奖名额算错")
        ],
        observe=lambda: (_competition(w).results_locked_at, _state(entry)),
        done=(None, EntryState.IN_JUDGING),
    )


def play_publish(w: World) -> Play:
    w.entry(EntryState.IN_JUDGING)
    w.settle()
    return Play(
        acts=[lambda: award_services.results_publish(competitions=[w.competition], by=w.organizer, now=w.now)],
        observe=lambda: (_competition(w).published_at, w.competition.publications.count()),
        done=(w.now, 1),
    )


def play_withdraw_publication(w: World) -> Play:
    """Withdrawn, the publication puts the competition back to 成绩已锁定."""
    publication = w.publication()

    def observe():
        competition = _competition(w)
        withdrawn = Publication.objects.get(pk=publication.pk).withdrawn_at
        return withdrawn, competition.published_at, competition.stage(w.now)

    return Play(
        acts=[
            lambda: award_services.publication_withdraw(
                publication=publication, by=w.organizer, reason="二等奖名单有误", now=w.now
            )
        ],
        observe=observe,
        done=(w.now, None, S.LOCKED),
    )


def play_object(w: World) -> Play:
    result = w.result()
    return Play(
        acts=[lambda: award_services.objection_raise(result=result, by=w.student, reason="分数偏低", now=w.now)],
        observe=lambda: list(Objection.objects.filter(result=result).values_list("raised_by_id", "state")),
        done=[(w.student.pk, Objection.State.OPEN)],
    )


def play_answer_objection(w: World) -> Play:
    """An objection raised during the 公示 through the service (two days into it, for 结果生效); before publication a
    row (nobody objects then: the row lets the answer check the stage alone)."""
    result = w.result()
    if w.before(S.NOTICE):
        objection = ObjectionFactory(result=result)
    else:
        raised = w.now if w.stage == S.NOTICE else w.now - 8 * DAY
        objection = award_services.objection_raise(result=result, by=w.student, reason="分数偏低", now=raised)
    return Play(
        acts=[
            lambda: award_services.objection_answer(
                objection=objection, by=w.organizer, upheld=False, answer="复核无误", now=w.now
            )
        ],
        observe=lambda: Objection.objects.get(pk=objection.pk).state,
        done=Objection.State.REJECTED,
    )


PLAYS: dict[str, Callable[[World], Play]] = {
    "entry_create": play_entry_create,
    "entry_change": play_entry_change,
    "entry_override": play_entry_override,
    "shortlist": play_shortlist,
    "accept": play_accept,
    "withdraw_from_judging": play_withdraw_from_judging,
    "assign": play_assign,
    "score": play_score,
    "compute": play_compute,
    "adjust": play_adjust,
    "lock": play_lock,
    "unlock": play_unlock,
    "publish": play_publish,
    "withdraw_publication": play_withdraw_publication,
    "object": play_object,
    "answer_objection": play_answer_objection,
}


def _windows(stage: Stage, now: dt.datetime) -> dict[str, dt.datetime]:
    days = WINDOWS.get(stage, WINDOWS[S.JUDGED])
    names = ("submission_opens", "submission_closes", "judging_opens", "judging_closes")
    return {name: now + n * DAY for name, n in zip(names, days, strict=True)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "stage"),
    [(action, stage) for action in ALLOWED for stage in S],
    ids=[f"{action}-{stage.value}" for action in ALLOWED for stage in S],
)
def test_the_service_of_each_action_follows_the_table(
    action, stage, festival, school_class, student, head_teacher, organizer
):
    now = timezone.now()
    competition = CompetitionFactory(
        festival=festival, invention=True, entries_per_student=2, class_quota=2, **_windows(stage, now)
    )
    world = World(stage, now, competition, student, head_teacher, organizer, JudgeFactory(school=festival.school))
    play = PLAYS[action](world)
    assert _competition(world).stage(now) == stage  # the world is where the case says
    before = play.observe()

    if stage.value in ALLOWED[action]:
        for act in play.acts:
            act()
        assert play.observe() == play.done
        return

    expected = EARLIER.get(action, {}).get(
        stage.value, re.escape(f"“{NAME}”处于“{STAGE_NAMES[stage.value]}”阶段：现在不能{ACTION_NAMES[action]}。")
    )
    for act in play.acts:
        with pytest.raises(ValidationError) as refused:
            act()
        assert re.fullmatch(expected, " ".join(refused.value.messages))
    assert play.observe() == before


@pytest.mark.django_db
def test_the_organizers_withdrawal_reads_the_stage_at_the_time_it_is_given(festival, student, head_teacher, organizer):
    now = timezone.now()
    competition = CompetitionFactory(festival=festival, invention=True, **_windows(S.JUDGING, now))
    world = World(S.JUDGING, now, competition, student, head_teacher, organizer, JudgeFactory(school=festival.school))
    entry = world.entry(EntryState.IN_JUDGING)
    before_it_opened = competition.submission_opens - DAY

    with pytest.raises(ValidationError) as refused:
        entry_services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="弃权", now=before_it_opened)

    assert refused.value.messages == [f"“{NAME}”处于“未开始”阶段：现在不能将作品撤出评审。"]
    assert _state(entry) == EntryState.IN_JUDGING


def test_the_table_written_out_is_the_one_the_services_ask():
    assert list(ALLOWED) == list(ACTIONS) == list(PLAYS)
    assert {key: {stage.value for stage in action.stages} for key, action in ACTIONS.items()} == ALLOWED


def test_the_stages_and_actions_read_in_chinese_as_the_refusals_print_them():
    with translation.override("zh-hans"):
        assert {stage.value: str(stage.label) for stage in S} == STAGE_NAMES
        assert {key: str(action.label) for key, action in ACTIONS.items()} == ACTION_NAMES


# --- The table of docs/design.md -----------------------------------------------------------------------

DESIGN = Path(__file__).resolve().parent.parent / "docs" / "design.md"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def design_table() -> tuple[list[str], list[list[str]]]:
    """The header and rows of the stage × action table in "Stages of a competition" of docs/design.md."""
    section = DESIGN.read_text(encoding="utf-8").split("\n## Stages of a competition\n", 1)[1].split("\n## ", 1)[0]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| action |"))
    rows = []
    for line in lines[start + 2 :]:  # after the header and its separator, to the end of the table
        if not line.startswith("|"):
            break
        rows.append(_cells(line))
    return _cells(lines[start]), rows


def test_the_design_document_prints_the_table_the_services_follow():
    header, rows = design_table()

    assert header == ["action", "中文", "English", "who", *STAGE_NAMES.values()]
    with translation.override("zh-hans"):
        chinese = [str(action.label) for action in ACTIONS.values()]
    with translation.override("en"):
        english = [str(action.label) for action in ACTIONS.values()]
    assert [row[0] for row in rows] == [f"`{key}`" for key in ACTIONS]
    assert [row[1] for row in rows] == chinese
    assert [row[2] for row in rows] == english
    assert all(row[3] for row in rows)  # who takes it
    assert all(cell in ("", "✓") for row in rows for cell in row[4:])
    printed = {row[0].strip("`"): {stage.value for stage, cell in zip(S, row[4:], strict=True) if cell} for row in rows}
    assert printed == {key: {stage.value for stage in action.stages} for key, action in ACTIONS.items()}
