"""The demo holds an emulation year: a movement with the criteria of three units, registrations,
two quarters of evaluations, and the titles' bình xét thresholds."""

from sqlalchemy import func, select

from intranet.emulation.models import Criteria, Evaluation, EvaluationRound, Movement, Registration
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.extensions import db


def test_the_demo_walks_the_first_half_of_the_year(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        movement = db.session.execute(select(Movement)).scalar_one()
        assert movement.document.symbol == "36/KH-CĐBP"
        assert len({c.unit_id for c in db.session.execute(select(Criteria)).scalars()}) == 3
        assert db.session.execute(select(func.count(Registration.id))).scalar() == 4
        quarters = set(db.session.execute(select(EvaluationRound.quarter)).scalars())
        assert quarters == {1, 2}
        assert db.session.execute(select(func.count(Evaluation.id))).scalar() >= 4
        rounds = db.session.execute(select(EvaluationRound)).scalars().all()
        assert all(r.minutes_file_id for r in rounds)
        threshold = db.session.execute(
            select(CatalogueEntry.threshold).filter_by(name="Chiến sĩ thi đua cơ sở")
        ).scalar()
        assert threshold == 70
