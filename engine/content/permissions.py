"""Who works the editorial board: contributors of an agency, the board's editors and its editor-in-chief."""

from __future__ import annotations

from engine.models import ContentItem, Role, User

BOARD_ROLES = (Role.CONTENT_EDITOR, Role.EDITOR_IN_CHIEF)
CONTENT_ROLES = (Role.CONTENT_CONTRIBUTOR, *BOARD_ROLES)


def contributing_agencies(user: User) -> list[int]:
    """The agencies the user submits items for."""
    return [a.agency_id for a in user.roles if a.role is Role.CONTENT_CONTRIBUTOR] if user.is_active else []


def on_the_board(user: User) -> bool:
    return user.is_active and any(a.role in BOARD_ROLES for a in user.roles)


def is_chief(user: User) -> bool:
    return user.is_active and any(a.role is Role.EDITOR_IN_CHIEF for a in user.roles)


def may_see_item(user: User, item: ContentItem) -> bool:
    """The board, supervisors, and the contributors of the item's agency."""
    return on_the_board(user) or (
        user.is_active
        and any(
            a.role is Role.SUPERVISOR or (a.role is Role.CONTENT_CONTRIBUTOR and a.agency_id == item.agency_id)
            for a in user.roles
        )
    )


def may_revise(user: User, item: ContentItem) -> bool:
    """The board, and the contributors of the item's agency, open a revision of a published item."""
    return on_the_board(user) or item.agency_id in contributing_agencies(user)
