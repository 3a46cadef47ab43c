"""The pages of the emulation year, as each person sees them; another unit's staff gets 404."""

import io

from openpyxl import load_workbook

from intranet.emulation import services
from intranet.emulation.models import Criteria, EvaluationRound, Registration
from intranet.extensions import db
from tests import factories
from tests.conftest import post_form
from tests.emulation.conftest import YEAR, movement_of, rating_id, user


def _criteria(app, people, movement) -> int:
    with app.app_context():
        head = user(people["unit_head"])
        return services.write_criteria(movement_of(movement), "Tiêu chí CNTT", "Dạy tốt", head).id


def test_the_secretariat_launches_a_movement_from_the_page(app, people, login):
    with app.app_context():
        plan_id = factories.document(user(people["secretariat"]), publish=True).id
        kkt = factories.unit_ids()["KKT"]
    client = login("secretariat")
    assert "Thi đua" in client.get("/").get_data(as_text=True)
    response = post_form(
        client,
        "/thi-dua/phong-trao/moi",
        {
            "name": "Thi đua chuyển đổi số",
            "document_id": plan_id,
            "starts_on": f"{YEAR}-01-01",
            "ends_on": f"{YEAR}-12-31",
            "unit_ids": [kkt],
            "goals": "Mỗi khoa một sáng kiến",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thi đua chuyển đổi số" in page and "Khoa Kinh tế" in page
    bad = post_form(
        client,
        "/thi-dua/phong-trao/moi",
        {
            "name": "X",
            "document_id": plan_id,
            "starts_on": f"{YEAR}-12-31",
            "ends_on": f"{YEAR}-01-01",
            "unit_ids": [kkt],
        },
    )
    assert bad.status_code == 422
    assert "Thời gian của phong trào không hợp lệ" in bad.get_data(as_text=True)
    assert login("staff").get("/thi-dua/phong-trao/moi").status_code == 403


def test_the_head_writes_criteria_and_another_units_staff_gets_404(app, people, movement, login):
    head = login("unit_head")
    response = post_form(
        head,
        f"/thi-dua/phong-trao/{movement}/tieu-chi",
        {"title": "Tiêu chí điển hình CNTT", "body": "1. Dạy tốt\n2. Nghiên cứu tốt"},
        token_from=f"/thi-dua/phong-trao/{movement}",
    )
    assert response.status_code == 302
    with app.app_context():
        criteria_id = db.session.execute(db.select(Criteria.id)).scalar_one()
    assert "Nghiên cứu tốt" in login("staff").get(f"/thi-dua/tieu-chi/{criteria_id}").get_data(
        as_text=True
    )
    assert login("other_staff").get(f"/thi-dua/tieu-chi/{criteria_id}").status_code == 404
    assert login("inspector").get(f"/thi-dua/tieu-chi/{criteria_id}").status_code == 200
    page = login("other_staff").get(f"/thi-dua/phong-trao/{movement}").get_data(as_text=True)
    assert "Tiêu chí điển hình CNTT" not in page


def test_staff_register_the_head_confirms_and_the_secretariat_exports(
    app, people, login, catalogue
):
    staff = login("staff")
    title = catalogue("title", "Lao động tiên tiến")
    response = post_form(
        staff, f"/thi-dua/dang-ky?year={YEAR}", {"title_id": title, "commitments": "Dạy tốt"}
    )
    assert response.status_code == 302
    again = post_form(
        staff, f"/thi-dua/dang-ky?year={YEAR}", {"title_id": title, "commitments": "Lần nữa"}
    )
    assert again.status_code == 422 and "Đã đăng ký thi đua năm" in again.get_data(as_text=True)
    with app.app_context():
        registration_id = db.session.execute(db.select(Registration.id)).scalar_one()
    assert login("other_staff").post(
        f"/thi-dua/dang-ky/xac-nhan?year={YEAR}",
        data={"ids": registration_id, "csrf_token": "x"},
    ).status_code in (400, 404)
    head = login("unit_head")
    page = head.get(f"/thi-dua/dang-ky?year={YEAR}").get_data(as_text=True)
    assert "Xác nhận danh sách đăng ký của đơn vị" in page
    done = post_form(
        head,
        f"/thi-dua/dang-ky/xac-nhan?year={YEAR}",
        {"ids": [registration_id]},
        token_from=f"/thi-dua/dang-ky?year={YEAR}",
    )
    assert done.status_code == 302
    assert "Đã xác nhận" in staff.get(f"/thi-dua/dang-ky?year={YEAR}").get_data(as_text=True)
    export = login("secretariat").get(f"/thi-dua/dang-ky.xlsx?year={YEAR}")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert rows[3][3] == "canbo" and rows[3][4] == "Lao động tiên tiến"
    assert rows[3][6] == "Đã xác nhận"
    other = login("other_staff").get(f"/thi-dua/dang-ky.xlsx?year={YEAR}")
    assert len(list(load_workbook(io.BytesIO(other.data)).active.iter_rows())) == 3  # no rows


def test_the_head_evaluates_the_unit_and_each_person_sees_their_own(app, people, login):
    head = login("unit_head")
    with app.app_context():
        good, fine = rating_id("Hoàn thành tốt"), rating_id("Hoàn thành")
    path = f"/thi-dua/danh-gia/{YEAR}/1"
    form = head.get(path).get_data(as_text=True)
    assert "Hoàn thành xuất sắc" in form and "Đồng Nghiệp Cùng Khoa" in form
    assert "canbo.kt" not in form  # another unit's member is not offered
    refused = post_form(head, path, {f"rating-{people['staff']}": good, "criteria_id": 0})
    assert refused.status_code == 422 and "biên bản" in refused.get_data(as_text=True)
    response = post_form(
        head,
        path,
        {
            f"rating-{people['staff']}": good,
            f"comment-{people['staff']}": "Tích cực",
            f"rating-{people['colleague']}": fine,
            "criteria_id": 0,
            "minutes": (io.BytesIO(factories.MINI_PDF), "Biên bản họp quý 1.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    own = login("staff").get(f"/thi-dua/danh-gia?year={YEAR}").get_data(as_text=True)
    assert "Tích cực" in own and "Đồng Nghiệp Cùng Khoa" not in own
    assert "Hoàn thành" in login("colleague").get(f"/thi-dua/danh-gia?year={YEAR}").get_data(
        as_text=True
    )
    assert "Tích cực" not in login("other_staff").get(f"/thi-dua/danh-gia?year={YEAR}").get_data(
        as_text=True
    )
    with app.app_context():
        round_id = db.session.execute(db.select(EvaluationRound.id)).scalar_one()
    assert head.get(f"/thi-dua/danh-gia/dot/{round_id}/bien-ban").data == factories.MINI_PDF
    for key in ("staff", "other_staff", "kkt_head"):
        assert login(key).get(f"/thi-dua/danh-gia/dot/{round_id}/bien-ban").status_code == 404
    assert login("staff").get(path).status_code == 403
    export = login("inspector").get(f"/thi-dua/danh-gia.xlsx?year={YEAR}")
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert {r[2] for r in rows[3:]} == {"canbo", "Đồng Nghiệp Cùng Khoa"}


def test_the_nomination_page_says_whether_its_person_registered(app, people, login, catalogue):
    with app.app_context():
        staff = user(people["staff"])
        nomination = factories.exemplar(staff, year=YEAR, person_id=staff.id)
        factories.evidence(nomination, staff)
        from intranet.exemplars import services as exemplars

        exemplars.take_step(nomination, "submit", staff)
        nomination_id = nomination.id
    head = login("unit_head")
    assert "Chưa đăng ký thi đua năm" in head.get(f"/exemplars/{nomination_id}").get_data(
        as_text=True
    )
    with app.app_context():
        services.register(
            user(people["staff"]), YEAR, catalogue("title", "Lao động tiên tiến"), "Dạy tốt"
        )
    page = head.get(f"/exemplars/{nomination_id}").get_data(as_text=True)
    assert "Đã đăng ký thi đua năm 2026: Lao động tiên tiến (đã đăng ký)" in page


def test_a_tally_below_the_threshold_refuses_the_endorsement_on_the_page(
    app, people, login, catalogue
):
    with app.app_context():
        staff = user(people["staff"])
        nomination = factories.exemplar(staff, year=YEAR, person_id=staff.id)
        factories.evidence(nomination, staff)
        from intranet.exemplars import services as exemplars

        exemplars.take_step(nomination, "submit", staff)
        for pending in nomination.live_evidence:
            exemplars.review_evidence(pending, "accepted", user(people["unit_head"]), "Đúng")
        nomination_id = nomination.id
    secretariat = login("secretariat")
    title = catalogue("title", "Lao động tiên tiến")
    saved = post_form(
        secretariat,
        f"/exemplars/catalogues/title/{title}",
        {"name": "Lao động tiên tiến", "applies_to": "individual", "active": "y", "threshold": 60},
    )
    assert saved.status_code == 302
    head = login("unit_head")
    tally = f"/thi-dua/binh-xet/{nomination_id}"
    low = {"title_id": title, "held_on": f"{YEAR}-01-05", "present": 10, "agree": 5, "disagree": 5}
    assert post_form(head, tally, low).status_code == 302
    step = f"/exemplars/{nomination_id}/steps/endorse"
    refused = post_form(
        head, step, {}, token_from=f"/exemplars/{nomination_id}", follow_redirects=True
    )
    assert "Kết quả bình xét chưa đạt: 5/10" in refused.get_data(as_text=True)
    assert login("other_staff").get(tally).status_code == 404
    assert login("kkt_head").get(tally).status_code == 404
    high = dict(low, agree=8, disagree=2, minutes=(io.BytesIO(factories.MINI_PDF), "bb.pdf"))
    assert post_form(head, tally, high, content_type="multipart/form-data").status_code == 302
    post_form(head, step, {}, token_from=f"/exemplars/{nomination_id}")
    page = head.get(f"/exemplars/{nomination_id}").get_data(as_text=True)
    assert "Đơn vị đã xác nhận" in page
    listing = head.get(tally).get_data(as_text=True)
    assert "5 đồng ý" in listing and "8 đồng ý" in listing


def test_the_secretariat_keeps_the_rating_scale_and_the_form_offers_it(app, people, login):
    secretariat = login("secretariat")
    added = post_form(
        secretariat, "/thi-dua/thang-danh-gia", {"name": "Xuất sắc tiêu biểu", "active": "y"}
    )
    assert added.status_code == 302
    twice = post_form(
        secretariat, "/thi-dua/thang-danh-gia", {"name": "Xuất sắc tiêu biểu", "active": "y"}
    )
    assert twice.status_code == 422 and "đã có" in twice.get_data(as_text=True)
    with app.app_context():
        retired = rating_id("Không hoàn thành")
    post_form(secretariat, f"/thi-dua/thang-danh-gia/{retired}", {"name": "Không hoàn thành"})
    form = login("unit_head").get(f"/thi-dua/danh-gia/{YEAR}/2").get_data(as_text=True)
    assert "Xuất sắc tiêu biểu" in form and "Không hoàn thành" not in form
    assert login("unit_head").get("/thi-dua/thang-danh-gia").status_code == 403
