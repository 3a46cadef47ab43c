"""/movements, /criteria, /registrations, /evaluations: the emulation year, with the rules of
``emulation/access.py`` and the lists of ``emulation/queries.py``, as the pages have them."""

from flask_login import current_user

from intranet import clock, policy
from intranet.api.core import Blueprint
from intranet.api.pagination import slice_page
from intranet.api.schemas.common import PageArgs, page_of
from intranet.api.schemas.emulation import (
    CriteriaChecksInSchema,
    CriteriaInSchema,
    CriteriaSchema,
    EvaluationSchema,
    MovementInSchema,
    MovementSchema,
    NominationCriteriaInSchema,
    NominationCriteriaSchema,
    RegistrationInSchema,
    RegistrationSchema,
    YearArgs,
)
from intranet.emulation import nominations, queries, services
from intranet.emulation.models import Criteria, Evaluation, Movement, Registration
from intranet.exemplars.models import Exemplar

bp = Blueprint("api-emulation", __name__, url_prefix="/api/v1", description="Thi đua")

ID = "<int(min=1, max=2147483647):record_id>"


def _year(args: dict) -> int:
    return args.get("year") or clock.today().year


@bp.route("/movements")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(MovementSchema))
@bp.problems(401)
def list_movements(args):
    """Emulation movements (every member of staff reads them)"""
    return slice_page(queries.movements(current_user), args)


@bp.route("/movements", methods=["POST"])
@bp.json_body(MovementInSchema)
@bp.response(201, MovementSchema)
@bp.problems(401, 403, 415, 422)
def launch_movement(data):
    """Launch a movement from an issued plan or directive (the secretariat)"""
    return services.launch_movement(services.MovementData(**data), current_user)


@bp.route(f"/movements/{ID}")
@bp.response(200, MovementSchema)
@bp.problems(401, 404)
def get_movement(record_id: int):
    """One movement"""
    return policy.get_or_404(Movement, record_id, current_user)


@bp.route(f"/movements/{ID}/criteria")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(CriteriaSchema))
@bp.problems(401, 404)
def movement_criteria(args, record_id: int):
    """The current version of each unit's criteria the reader may see (a unit's staff: theirs)"""
    movement = policy.get_or_404(Movement, record_id, current_user)
    return slice_page(queries.current_criteria(current_user, movement), args)


@bp.route(f"/movements/{ID}/criteria", methods=["POST"])
@bp.json_body(CriteriaInSchema)
@bp.response(201, CriteriaSchema)
@bp.problems(401, 403, 404, 415, 422)
def write_criteria(data, record_id: int):
    """A new version of the caller's unit's criteria (the head of a unit taking part)"""
    movement = policy.get_or_404(Movement, record_id, current_user)
    return services.write_criteria(movement, data["title"], data["body"], current_user)


@bp.route(f"/criteria/{ID}")
@bp.response(200, CriteriaSchema)
@bp.problems(401, 404)
def get_criteria(record_id: int):
    """One version of a unit's criteria (404 for another unit's staff)"""
    return policy.get_or_404(Criteria, record_id, current_user)


@bp.route("/registrations")
@bp.arguments(YearArgs, location="query")
@bp.response(200, page_of(RegistrationSchema))
@bp.problems(401)
def list_registrations(args):
    """Registrations of a year the reader may see: their own, their unit's as its head, the
    unit's collective, or the school's for those who read everything"""
    return slice_page(queries.registrations(current_user, _year(args), args.get("unit")), args)


@bp.route("/registrations", methods=["POST"])
@bp.json_body(RegistrationInSchema)
@bp.response(201, RegistrationSchema)
@bp.problems(401, 403, 415, 422)
def register(data):
    """Register the title the caller (or, as head, the caller's unit) aims for in a year"""
    return services.register(
        current_user, data["year"], data["title_id"], data["commitments"], data["collective"]
    )


@bp.route(f"/registrations/{ID}")
@bp.response(200, RegistrationSchema)
@bp.problems(401, 404)
def get_registration(record_id: int):
    """One registration"""
    return policy.get_or_404(Registration, record_id, current_user)


@bp.route(f"/registrations/{ID}/confirm", methods=["POST"])
@bp.response(200, RegistrationSchema)
@bp.problems(401, 403, 404)
def confirm_registration(record_id: int):
    """The unit's head confirms a registration of the unit"""
    registration = policy.get_or_404(Registration, record_id, current_user)
    services.confirm([registration], current_user)
    return registration


@bp.route("/evaluations")
@bp.arguments(YearArgs, location="query")
@bp.response(200, page_of(EvaluationSchema))
@bp.problems(401)
def list_evaluations(args):
    """Results of a year (each quarter and the year): one's own, a head's unit, or all for
    those who read everything"""
    return slice_page(queries.evaluations(current_user, _year(args), args.get("unit")), args)


@bp.route(f"/evaluations/{ID}")
@bp.response(200, EvaluationSchema)
@bp.problems(401, 404)
def get_evaluation(record_id: int):
    """One result"""
    return policy.get_or_404(Evaluation, record_id, current_user)


def _nomination_sheet(exemplar: Exemplar) -> dict:
    sheet = nominations.sheet(exemplar)
    if sheet is None:
        return {"criteria": None, "movement": None, "items": []}
    return {
        "criteria": sheet["criteria"],
        "movement": sheet["criteria"].movement.name,
        "items": [
            {
                "position": i,
                "text": text,
                "met": c.met if c is not None else None,
                "note": c.note if c is not None else "",
            }
            for i, text, c in sheet["items"]
        ],
    }


def _private_nomination(record_id: int) -> Exemplar:
    exemplar = policy.get_or_404(Exemplar, record_id, current_user)
    policy.require(current_user, "see_evidence", exemplar)
    return exemplar


@bp.route(f"/exemplars/{ID}/criteria")
@bp.response(200, NominationCriteriaSchema)
@bp.problems(401, 403, 404)
def nomination_criteria(record_id: int):
    """The movement and criteria (version) a nomination answers, each item with the unit
    head's verdict (seen as the nomination's evidence)"""
    return _nomination_sheet(_private_nomination(record_id))


@bp.route(f"/exemplars/{ID}/criteria", methods=["PUT"])
@bp.json_body(NominationCriteriaInSchema)
@bp.response(200, NominationCriteriaSchema)
@bp.problems(401, 403, 404, 415, 422)
def choose_nomination_criteria(data, record_id: int):
    """Say which of the unit's criteria the nomination answers (its owner, while editable)"""
    exemplar = _private_nomination(record_id)
    nominations.choose(exemplar, current_user, data["criteria_id"])
    return _nomination_sheet(exemplar)


@bp.route(f"/exemplars/{ID}/criteria/checks", methods=["POST"])
@bp.json_body(CriteriaChecksInSchema)
@bp.response(200, NominationCriteriaSchema)
@bp.problems(401, 403, 404, 415, 422)
def check_nomination_criteria(data, record_id: int):
    """Check criteria off: met or not met with a note (the unit head, while submitted)"""
    exemplar = _private_nomination(record_id)
    verdicts = [nominations.Verdict(v["position"], v["met"], v["note"]) for v in data["verdicts"]]
    nominations.check(exemplar, current_user, verdicts)
    return _nomination_sheet(exemplar)
