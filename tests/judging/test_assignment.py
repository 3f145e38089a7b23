"""Conflict-free, balanced assignment of judges."""

from judging.assignment import EntryFacts, JudgeFacts, conflict_reason, plan_assignments


def entries(n, **kw):
    return [EntryFacts(entry_id=i, class_id=100 + i % 3, **kw) for i in range(1, n + 1)]


def judges(n):
    return [JudgeFacts(judge_id=j) for j in range(1, n + 1)]


def test_every_entry_gets_its_judges_and_loads_are_balanced():
    plan = plan_assignments(entries(10), judges(4), per_entry=3)

    assert all(len(set(js)) == 3 for js in plan.assignments.values())
    assert plan.short == {}
    loads = plan.load()
    assert sum(loads.values()) == 30
    assert max(loads.values()) - min(loads.values()) <= 1


def test_conflicts_are_never_assigned():
    advisor = JudgeFacts(judge_id=1)
    head = JudgeFacts(judge_id=2, headed_class_ids=frozenset({101}))
    parent = JudgeFacts(judge_id=3, conflict_student_ids=frozenset({555}))
    free = [JudgeFacts(judge_id=j) for j in (4, 5, 6)]
    entry_list = [
        EntryFacts(1, class_id=101, advisor_id=1, author_ids=frozenset({555})),
        EntryFacts(2, class_id=102),
    ]

    plan = plan_assignments(entry_list, [advisor, head, parent, *free], per_entry=3)

    assert set(plan.assignments[1]) == {4, 5, 6}
    assert conflict_reason(entry_list[0], advisor) == "advisor"
    assert conflict_reason(entry_list[0], head) == "head_teacher"
    assert conflict_reason(entry_list[0], parent) == "declared"
    assert conflict_reason(entry_list[1], head) is None


def test_an_entry_that_cannot_get_enough_judges_is_reported_short():
    plan = plan_assignments(
        [EntryFacts(1, class_id=101)], [JudgeFacts(1, headed_class_ids=frozenset({101})), JudgeFacts(2)], per_entry=2
    )

    assert plan.assignments[1] == [2]
    assert plan.short == {1: 1}


def test_existing_assignments_are_kept_and_a_departed_judge_is_replaced():
    first = plan_assignments(entries(6), judges(3), per_entry=2)

    # judge 3 drops out: plan again with the remaining judges, keeping what still stands
    second = plan_assignments(entries(6), judges(2), per_entry=2, existing=first.assignments)

    assert all(sorted(js) == [1, 2] for js in second.assignments.values())
    for entry_id, js in first.assignments.items():
        assert set(js) - {3} <= set(second.assignments[entry_id])


def test_most_constrained_entries_are_served_first():
    # entry 1 can only be judged by 3 and 4; the others by anyone. With per_entry 2 and loads balanced,
    # entry 1 must still get both of its possible judges.
    only = frozenset({101})
    judge_list = [
        JudgeFacts(1, headed_class_ids=only),
        JudgeFacts(2, headed_class_ids=only),
        JudgeFacts(3),
        JudgeFacts(4),
    ]
    entry_list = [EntryFacts(1, class_id=101)] + [EntryFacts(i, class_id=200) for i in range(2, 6)]

    plan = plan_assignments(entry_list, judge_list, per_entry=2)

    assert sorted(plan.assignments[1]) == [3, 4]
    assert plan.short == {}
    assert max(plan.load().values()) - min(plan.load().values()) <= 1
