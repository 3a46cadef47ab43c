"""The reader's side of permissions in the index: the tokens a user holds, computed afresh on
every search so that a change of unit or role applies to the very next one."""

from intranet.accounts.models import Role
from intranet.accounts.permissions import reads_everything


def reader_tokens(user) -> list[str] | None:
    """None for those who read everything; otherwise the tokens matched against records' ACLs."""
    if reads_everything(user):
        return None
    tokens = ["all", f"unit:{user.unit_id}", f"user:{user.id}"]
    tokens += [f"role:{role.value}" for role in user.roles]
    if user.has_role(Role.UNIT_HEAD):
        tokens.append(f"head:{user.unit_id}")
    return tokens
