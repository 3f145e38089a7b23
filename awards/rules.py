"""Who may compute, adjust, lock and publish results, see them, object to them, and export them."""

from __future__ import annotations

import rules

from judging.rules import heads_panel_of
from schools.models import User
from schools.rules import is_organizer, is_student, is_teacher, organizes


@rules.predicate
def every_score_in(user: User, competition) -> bool:
    """Every assignment of the competition's entries in judging has a submitted score."""
    from awards.selectors import scores_missing

    return competition is not None and scores_missing(competition) == 0


@rules.predicate
def open_or_locked(user: User, competition) -> bool:
    """Not blind, or its results are locked: who made the entries may be shown to its judges."""
    return competition is not None and (not competition.blind or competition.results_locked)


# Results (see, adjust, lock): the organizers or the competition's head judge.
rules.add_perm("awards.manage_results", organizes | heads_panel_of)
# Computing them: the organizers any time, the head judge once every score is in (results_compute says how
# many are missing).
rules.add_perm("awards.compute_results", organizes | (heads_panel_of & every_score_in))
# Locking them: the same (the organizers once judging has closed: results_lock says when).
rules.add_perm("awards.lock_results", organizes | (heads_panel_of & every_score_in))
# Authors, class and advisor of the entries on the results pages: the organizers always; the head judge of a
# blind competition only once its results are locked (code and title before).
rules.add_perm("awards.see_authors", organizes | (heads_panel_of & open_or_locked))
# Unlocking needs the organizers (and a reason).
rules.add_perm("awards.unlock_results", organizes)
# Collective and special awards, publication: the organizers.
rules.add_perm("awards.manage_awards", organizes)


# --- After publication: results, the honour roll (光荣榜), objections (异议) ---------------------------


def _of_school_and_public(user: User, festival) -> bool:
    from competitions.models import Festival

    return bool(
        festival is not None
        and user.is_authenticated
        and user.school_id
        and festival.school_id == user.school_id
        and festival.status != Festival.Status.DRAFT
    )


@rules.predicate
def festival_published_at_school(user: User, festival) -> bool:
    """A festival of the user's school with published results: its honour roll is open to everyone there."""
    return _of_school_and_public(user, festival) and festival.competitions.filter(published_at__isnull=False).exists()


@rules.predicate
def picture_of_published_award(user: User, attachment) -> bool:
    """A picture of an awarded entry of a published competition of the user's school (the honour roll shows it)."""
    from submissions.models import EntryState

    if attachment is None or not attachment.is_image:
        return False
    entry = attachment.entry
    return (
        entry.state == EntryState.AWARDED
        and entry.competition.results_published
        and _of_school_and_public(user, entry.festival)
    )


@rules.predicate
def author_or_head_teacher_of_result(user: User, result) -> bool:
    """The authors of the entry (students) and the head teacher of its class may object to its result."""
    if result is None or not user.is_authenticated:
        return False
    entry = result.entry
    if user.is_student and any(author.pk == user.pk for author in entry.authors.all()):
        return True
    return bool(user.is_teacher and entry.school_class.head_teacher_id == user.pk)


# Students see their entries' results, head teachers their classes' (and the classes' points).
rules.add_perm("awards.view_my_results", is_student | is_teacher)
rules.add_perm("awards.view_honour_roll", festival_published_at_school)
rules.add_perm("awards.view_awarded_picture", picture_of_published_award)
# Who may object; when (during the public notice period) is the service's rule.
rules.add_perm("awards.raise_objection", author_or_head_teacher_of_result)
rules.add_perm("awards.answer_objections", organizes)
# The organizers see an entry's award before its publication (everyone else reads 评审中: awards.visibility).
rules.add_perm("awards.see_results_early", organizes)


# --- Award spreadsheets of a festival (SPEC §5) ------------------------------------------------------

# 获奖名单, 集体奖 / 辅导员奖 / 优秀组织奖, 评分明细, 推荐名单: the organizers (the festival of their school is the
# service's check).
rules.add_perm("awards.export_festival_results", is_organizer)
# 参赛作品汇总: organizers (every class) and teachers (the classes they head).
rules.add_perm("awards.export_entry_roster", is_organizer | is_teacher)
# 奖状 (certificates as a PDF): the organizers.
rules.add_perm("awards.export_certificates", is_organizer)
