"""The emulation year walked through the services: launch, criteria, registration,
confirmation, two quarters and the year evaluated, bình xét below and above the threshold."""

from datetime import date

import pytest

from intranet.domain import Denied, NotFound, RuleBroken
from intranet.emulation import queries, review, services
from intranet.emulation.models import Criteria, RegistrationStatus
from intranet.exemplars import catalogues
from intranet.exemplars import services as exemplars
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.exemplars.models import Stage
from intranet.extensions import db
from tests import factories
from tests.emulation.conftest import YEAR, minutes, movement_of, rating_id, user


def test_a_movement_needs_an_issued_plan_or_directive(app, people):
    with app.app_context():
        secretariat = user(people["secretariat"])
        draft = factories.document(secretariat, "40/KH-CĐBP")
        notice = factories.document(secretariat, "41/TB-CĐBP", publish=True)
        codes = factories.unit_ids()
        for document in (draft, notice):
            data = services.MovementData(
                "Phong trào", document.id, date(YEAR, 1, 1), date(YEAR, 12, 31), [codes["KKT"]]
            )
            with pytest.raises(RuleBroken, match="kế hoạch hoặc chỉ thị đã ban hành"):
                services.launch_movement(data, secretariat)


def test_staff_may_not_launch_a_movement(app, people, movement):
    with app.app_context():
        plan_id = movement_of(movement).document_id
        data = services.MovementData(
            "Phong trào", plan_id, date(YEAR, 1, 1), date(YEAR, 12, 31), [1]
        )
        with pytest.raises(Denied):
            services.launch_movement(data, user(people["unit_head"]))


def test_criteria_are_versioned_and_seen_by_the_units_staff_only(app, people, movement):
    with app.app_context():
        head, kkt_head = user(people["unit_head"]), user(people["kkt_head"])
        first = services.write_criteria(movement_of(movement), "Tiêu chí CNTT", "Dạy tốt", head)
        second = services.write_criteria(
            movement_of(movement), "Tiêu chí CNTT", "Dạy tốt, nghiên cứu tốt", head
        )
        services.write_criteria(movement_of(movement), "Tiêu chí KT", "Học tốt", kkt_head)
        assert (first.version, second.version) == (1, 2)
        assert db.session.get(Criteria, first.id).body == "Dạy tốt"  # the old version is kept
        staff, other = user(people["staff"]), user(people["other_staff"])
        seen = queries.current_criteria(staff, movement_of(movement))
        assert [(c.title, c.version) for c in seen] == [("Tiêu chí CNTT", 2)]
        assert [c.title for c in queries.current_criteria(other, movement_of(movement))] == [
            "Tiêu chí KT"
        ]
        assert len(queries.current_criteria(user(people["inspector"]), movement_of(movement))) == 2
        with pytest.raises(Denied):
            services.write_criteria(movement_of(movement), "X", "Y", staff)


def test_the_year_walks_from_registration_to_evaluation(app, people, movement, catalogue):
    with app.app_context():
        head, staff, colleague = (user(people[k]) for k in ("unit_head", "staff", "colleague"))
        criteria = services.write_criteria(movement_of(movement), "Tiêu chí", "Nội dung", head)
        lđtt = catalogue("title", "Lao động tiên tiến")
        cstđ = catalogue("title", "Chiến sĩ thi đua cơ sở")
        own = services.register(staff, YEAR, lđtt, "Hoàn thành tốt nhiệm vụ giảng dạy")
        services.register(colleague, YEAR, cstđ, "Có sáng kiến được công nhận")
        services.register(
            head, YEAR, catalogue("title", "Tập thể lao động xuất sắc"), "Cả khoa", True
        )
        with pytest.raises(RuleBroken, match="Đã đăng ký thi đua năm"):
            services.register(staff, YEAR, cstđ, "Lần nữa")
        with pytest.raises(RuleBroken, match="không dành cho"):
            services.register(
                user(people["other_staff"]),
                YEAR,
                catalogue("title", "Tập thể lao động tiên tiến"),
                "x",
            )
        with pytest.raises(NotFound):
            services.confirm([own], user(people["kkt_head"]))  # another unit's head: not seen
        waiting = queries.pending(head, YEAR)
        assert len(waiting) == 3
        assert services.confirm(waiting, head) == 3
        assert own.status == RegistrationStatus.CONFIRMED
        # The school's list for the secretariat, the unit's for the staff (their own + the unit).
        assert len(queries.registrations(user(people["secretariat"]), YEAR)) == 3
        assert {r.name for r in queries.registrations(staff, YEAR)} == {
            staff.full_name,
            head.unit.name,
        }
        assert queries.registrations(user(people["other_staff"]), YEAR) == []

        good, fine = rating_id("Hoàn thành tốt"), rating_id("Hoàn thành")
        for quarter in (1, 2, 0):
            services.record_round(
                head,
                YEAR,
                quarter,
                [services.Result(staff.id, good, "Tốt"), services.Result(colleague.id, fine)],
                minutes(),
                criteria.id,
            )
        assert [e.quarter for e in queries.evaluations(staff, YEAR)] == [0, 1, 2]
        assert len(queries.evaluations(head, YEAR)) == 6
        assert queries.evaluations(user(people["other_staff"]), YEAR) == []
        assert queries.evaluations(user(people["kkt_head"]), YEAR) == []
        assert len(queries.evaluations(user(people["inspector"]), YEAR)) == 6


def test_an_evaluation_is_refused_without_minutes_or_for_another_units_member(app, people):
    with app.app_context():
        head = user(people["unit_head"])
        good = rating_id("Hoàn thành tốt")
        with pytest.raises(RuleBroken, match="biên bản"):
            services.record_round(head, YEAR, 1, [services.Result(people["staff"], good)])
        with pytest.raises(RuleBroken, match="đơn vị mình"):
            services.record_round(
                head, YEAR, 1, [services.Result(people["other_staff"], good)], minutes()
            )
        with pytest.raises(RuleBroken, match="Kỳ đánh giá"):
            services.record_round(
                head, YEAR, 5, [services.Result(people["staff"], good)], minutes()
            )


def _submitted(people, year=YEAR):
    staff = user(people["staff"])
    nomination = factories.exemplar(staff, year=year, person_id=staff.id)
    factories.evidence(nomination, staff)
    exemplars.take_step(nomination, "submit", staff)
    head = user(people["unit_head"])
    for pending in nomination.live_evidence:
        exemplars.review_evidence(pending, "accepted", head, "Đúng.")
    return nomination


def _set_threshold(name: str, percent: int | None):
    entry = db.session.execute(
        db.select(CatalogueEntry).filter_by(group=catalogues.Group.TITLE, name=name)
    ).scalar_one()
    entry.threshold = percent
    db.session.commit()
    return entry.id


def test_bình_xét_below_the_threshold_is_refused_and_above_endorses(app, people, catalogue):
    with app.app_context():
        title = _set_threshold("Lao động tiên tiến", 70)
        head = user(people["unit_head"])
        nomination = _submitted(people)
        with pytest.raises(RuleBroken, match="Chưa có kết quả bình xét"):
            exemplars.take_step(nomination, "endorse", head)
        review.record_tally(nomination, head, title, date(YEAR, 3, 1), 10, 6, 4, minutes())
        with pytest.raises(RuleBroken, match="Kết quả bình xét chưa đạt: 6/10"):
            exemplars.take_step(nomination, "endorse", head)
        assert nomination.stage == Stage.SUBMITTED
        review.record_tally(nomination, head, title, date(YEAR, 3, 8), 10, 7, 3)
        exemplars.take_step(nomination, "endorse", head)
        assert nomination.stage == Stage.ENDORSED


def test_a_tally_is_checked_and_recorded_by_the_units_head_only(app, people, catalogue):
    with app.app_context():
        title = catalogue("title", "Lao động tiên tiến")
        nomination = _submitted(people)
        head = user(people["unit_head"])
        with pytest.raises(RuleBroken, match="vượt quá"):
            review.record_tally(nomination, head, title, date(YEAR, 3, 1), 5, 4, 3)
        with pytest.raises(NotFound):
            review.record_tally(
                nomination, user(people["kkt_head"]), title, date(YEAR, 3, 1), 5, 4, 1
            )
        with pytest.raises(RuleBroken, match="không dành cho"):
            review.record_tally(
                nomination,
                head,
                catalogue("title", "Tập thể lao động tiên tiến"),
                date(YEAR, 3, 1),
                5,
                4,
                1,
            )


def test_without_thresholds_no_tally_is_asked(app, people, catalogue):
    with app.app_context():
        nomination = _submitted(people)
        exemplars.take_step(nomination, "endorse", user(people["unit_head"]))
        assert nomination.stage == Stage.ENDORSED


def test_each_step_tells_exactly_the_people_it_concerns(app, people, catalogue):
    from intranet.notifications.models import Notification

    def told() -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for n in db.session.execute(db.select(Notification).order_by(Notification.id)).scalars():
            out.setdefault(n.user_id, []).append(n.kind)
        return out

    with app.app_context():
        head, staff = user(people["unit_head"]), user(people["staff"])
        own = services.register(staff, YEAR, catalogue("title", "Lao động tiên tiến"), "Dạy tốt")
        assert told() == {head.id: ["registration_made"]}
        services.confirm([own], head)
        assert told()[staff.id] == ["registration_confirmed"]
        good = rating_id("Hoàn thành tốt")
        services.record_round(head, YEAR, 1, [services.Result(staff.id, good)], minutes())
        assert told()[staff.id] == ["registration_confirmed", "evaluation_recorded"]
        for key in ("colleague", "other_staff", "kkt_head", "secretariat"):
            assert people[key] not in told()


def test_a_period_is_not_evaluated_before_it_begins(app, people, login):
    """On 15/05 the second quarter may be evaluated, the third and the year not yet."""
    app.config["TODAY"] = date(YEAR, 5, 15)
    with app.app_context():
        head = user(people["unit_head"])
        good = [services.Result(people["staff"], rating_id("Hoàn thành tốt"))]
        with pytest.raises(RuleBroken, match="Chưa đến kỳ đánh giá Quý 3"):
            services.record_round(head, YEAR, 3, good, minutes())
        with pytest.raises(RuleBroken, match=f"Chưa đến kỳ đánh giá Năm {YEAR}"):
            services.record_round(head, YEAR, 0, good, minutes())
        services.record_round(head, YEAR, 2, good, minutes())
    page = login("unit_head").get(f"/thi-dua/danh-gia?year={YEAR}").get_data(as_text=True)
    assert f"Quý 2/{YEAR}" in page and f"/thi-dua/danh-gia/{YEAR}/3" not in page
