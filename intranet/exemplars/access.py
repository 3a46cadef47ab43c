"""Who may see an exemplar and its evidence: one rule for pages, files, search and the API.

Evidence is personal data: only the nomination's owner, the person nominated, the head of the
unit, and the secretariat, inspectors and leaders may see it, wherever it is shown.
"""

from flask import abort
from sqlalchemy import false, or_, select, true

from intranet.accounts.models import Role
from intranet.accounts.permissions import reads_everything
from intranet.exemplars.models import Evidence, Exemplar, Stage
from intranet.extensions import db


def visible_condition(user):
    """A SQL condition on Exemplar: the nominations ``user`` may open, evidence included."""
    if not user.is_authenticated:
        return false()
    if reads_everything(user):
        return true()
    mine = or_(Exemplar.owner_id == user.id, Exemplar.person_id == user.id)
    if user.has_role(Role.UNIT_HEAD):
        return or_(mine, (Exemplar.unit_id == user.unit_id) & (Exemplar.stage != Stage.DRAFT))
    return mine


def get_visible_or_404(exemplar_id: int, user) -> Exemplar:
    """The exemplar, or 404: the same answer for a missing one and one the user may not see."""
    return db.one_or_404(
        select(Exemplar).where(Exemplar.id == exemplar_id, visible_condition(user))
    )


def visible_evidence(user):
    return (
        select(Evidence)
        .join(Exemplar, Evidence.exemplar_id == Exemplar.id)
        .where(Evidence.deleted_at.is_(None), visible_condition(user))
    )


def get_evidence_or_404(evidence_id: int, user) -> Evidence:
    evidence = db.session.execute(visible_evidence(user).where(Evidence.id == evidence_id)).scalar()
    if evidence is None:
        abort(404)
    return evidence
