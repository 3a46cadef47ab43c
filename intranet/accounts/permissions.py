"""Who may do what: the one home of the role rules, used by pages, API and search alike."""

from functools import wraps

from flask import request
from flask_login import current_user, login_required

from intranet.accounts.models import Role
from intranet.domain import Denied

# What each part of the navigation needs; the layout and the views read the same table.
CAN_MANAGE_ACCOUNTS = (Role.ADMIN,)


def role_required(*roles: Role):
    """Sign-in first (redirect), then 403 unless the user holds one of ``roles``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                raise Denied(kind="page", action=request.endpoint or "")
            return view(*args, **kwargs)

        return wrapped

    return decorator


def may_manage_accounts(user) -> bool:
    return user.is_authenticated and user.has_role(*CAN_MANAGE_ACCOUNTS)


# Read every record, restricted ones and drafts included (DESIGN.md, "Roles").
READS_EVERYTHING = (Role.SECRETARIAT, Role.INSPECTOR, Role.LEADER)
# Draft, publish, revoke documents and record decisions: the emulation secretariat (Phòng HC–TC).
PUBLISHES = (Role.SECRETARIAT,)
# Restore and purge what was moved to the trash.
MANAGES_TRASH = (Role.ADMIN,)


def reads_everything(user) -> bool:
    return user.is_authenticated and user.has_role(*READS_EVERYTHING)


def publishes(user) -> bool:
    return user.is_authenticated and user.has_role(*PUBLISHES)


def heads_unit(user, unit_id: int | None) -> bool:
    """The user is the head (trưởng đơn vị) of that unit."""
    return user.is_authenticated and user.has_role(Role.UNIT_HEAD) and user.unit_id == unit_id


# See the audit trail: every record's History and the search over the trail.
SEES_HISTORY = READS_EVERYTHING


def may_see_history(user) -> bool:
    return user.is_authenticated and user.has_role(*SEES_HISTORY)
