"""What the apps above this one do when the organizers take an entry out of judging.

``submissions`` must not import ``judging`` or ``awards``; yet an entry withdrawn from judging must take its
judges' assignments and scores, and its result, with it. So those apps register a listener here from their
``AppConfig.ready()``:

    from submissions.hooks import register_withdrawal_listener
    register_withdrawal_listener(assignments_drop_withdrawn)   # fn(*, entry, by, reason) -> None

``entry_withdraw_by_organizer`` calls every listener inside its transaction, after the entry is withdrawn:
a listener that raises undoes the withdrawal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schools.models import User
    from submissions.models import Entry

WithdrawalListener = Callable[..., None]  # called as fn(*, entry: Entry, by: User, reason: str)
_listeners: list[WithdrawalListener] = []


def register_withdrawal_listener(listener: WithdrawalListener) -> WithdrawalListener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def unregister_withdrawal_listener(listener: WithdrawalListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def entry_withdrawn(*, entry: Entry, by: User, reason: str) -> None:
    for listener in list(_listeners):
        listener(entry=entry, by=by, reason=reason)
