"""What the emulation year adds to a nomination, through its pages: the criteria it answers,
checked off by the unit's head, and the person's yearly result (which may refuse a title)."""

from datetime import date

from intranet.emulation import services
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Stage
from intranet.extensions import db
from tests import factories
from tests.conftest import post_form
from tests.emulation.conftest import YEAR, minutes, movement_of, rating_id, user

BODY = "- Giảng dạy đủ giờ chuẩn\n- Có sáng kiến được công nhận\n\n- Không vi phạm kỷ luật"


def _draft(app, people, movement):
    with app.app_context():
        head = user(people["unit_head"])
        criteria = services.write_criteria(movement_of(movement), "Tiêu chí CNTT", BODY, head)
        staff = user(people["staff"])
        nomination = factories.exemplar(staff, year=YEAR, person_id=staff.id)
        factories.evidence(nomination, staff)
        return nomination.id, criteria.id


def _submit(app, people, nomination_id):
    with app.app_context():
        from intranet.exemplars.models import Exemplar

        nomination = db.session.get(Exemplar, nomination_id)
        exemplars.take_step(nomination, "submit", user(people["staff"]))


def test_the_owner_chooses_the_criteria_and_the_head_checks_each_off(app, people, login, movement):
    nomination, criteria = _draft(app, people, movement)
    page = f"/thi-dua/tieu-chi-de-xuat/{nomination}"
    owner = login("staff")
    assert "Chưa chọn tiêu chí thi đua" in owner.get(f"/exemplars/{nomination}").get_data(
        as_text=True
    )
    bad = post_form(owner, page, {"action": "choose", "criteria_id": 999999})
    assert bad.status_code == 422
    assert post_form(owner, page, {"action": "choose", "criteria_id": criteria}).status_code == 302
    text = owner.get(f"/exemplars/{nomination}").get_data(as_text=True)
    assert "Tiêu chí CNTT (phiên bản 1) — đạt 0/3" in text
    # The owner may not check criteria off; the head may not until it is submitted.
    assert post_form(owner, page, {"action": "check", "met-0": "1"}).status_code == 403
    head = login("unit_head")
    assert head.get(page).status_code == 404  # a draft is not the head's yet
    _submit(app, people, nomination)
    assert post_form(owner, page, {"action": "choose", "criteria_id": 0}).status_code == 403
    refused = post_form(head, page, {"action": "check", "met-1": "0", "note-1": ""})
    assert refused.status_code == 422
    assert "Hãy ghi nhận xét cho tiêu chí chưa đạt" in refused.get_data(as_text=True)
    done = post_form(
        head,
        page,
        {"action": "check", "met-0": "1", "met-1": "0", "note-1": "Chưa có quyết định công nhận"},
    )
    assert done.status_code == 302
    shown = owner.get(page).get_data(as_text=True)
    assert "Giảng dạy đủ giờ chuẩn" in shown and "Chưa có quyết định công nhận" in shown
    assert "đạt 1/3" in owner.get(f"/exemplars/{nomination}").get_data(as_text=True)
    # Seen as the evidence is: another unit's head and staff get 404; the secretariat sees it.
    assert login("kkt_head").get(page).status_code == 404
    assert login("other_staff").get(page).status_code == 404
    assert "Chưa có quyết định công nhận" in login("secretariat").get(page).get_data(as_text=True)


def test_the_yearly_result_is_shown_to_those_who_see_evaluations(app, people, login, movement):
    nomination, _criteria = _draft(app, people, movement)
    with app.app_context():
        head = user(people["unit_head"])
        result = services.Result(people["staff"], rating_id("Hoàn thành tốt"), "Tích cực")
        services.record_round(head, YEAR, 0, [result], minutes())
    _submit(app, people, nomination)
    line = f"Kết quả đánh giá năm {YEAR}: Hoàn thành tốt."
    assert line in login("staff").get(f"/exemplars/{nomination}").get_data(as_text=True)
    assert line in login("unit_head").get(f"/exemplars/{nomination}").get_data(as_text=True)
    # The colleague of the same unit sees neither the nomination nor the result.
    assert login("colleague").get(f"/exemplars/{nomination}").status_code == 404


def test_a_person_not_completing_the_year_is_not_proposed_for_the_base_titles(
    app, people, login, movement, catalogue
):
    nomination, _criteria = _draft(app, people, movement)
    with app.app_context():
        head = user(people["unit_head"])
        result = services.Result(people["staff"], rating_id("Không hoàn thành"), "Vi phạm")
        services.record_round(head, YEAR, 0, [result], minutes())
        services.register(
            user(people["staff"]), YEAR, catalogue("title", "Lao động tiên tiến"), "Cam kết"
        )
    owner = login("staff")
    refused = post_form(
        owner, f"/exemplars/{nomination}/steps/submit", {}, token_from=f"/exemplars/{nomination}"
    )
    # Refused like the workflow's own rules: back on the nomination, the reason said there.
    assert refused.status_code == 302
    text = owner.get(f"/exemplars/{nomination}").get_data(as_text=True)
    assert "Không thể đề xuất danh hiệu “Lao động tiên tiến”" in text
    assert "kết quả đánh giá năm" in text and "Không hoàn thành" in text
    with app.app_context():
        from intranet.exemplars.models import Exemplar

        assert db.session.get(Exemplar, nomination).stage == Stage.DRAFT


def test_a_tally_for_a_base_title_is_refused_after_a_failed_year(
    app, people, login, movement, catalogue
):
    nomination, _criteria = _draft(app, people, movement)
    _submit(app, people, nomination)
    with app.app_context():
        head = user(people["unit_head"])
        result = services.Result(people["staff"], rating_id("Không hoàn thành"))
        services.record_round(head, YEAR, 0, [result], minutes())
    response = post_form(
        login("unit_head"),
        f"/thi-dua/binh-xet/{nomination}",
        {
            "title_id": catalogue("title", "Chiến sĩ thi đua cơ sở"),
            "held_on": date(YEAR, 11, 1).isoformat(),
            "present": 10,
            "agree": 9,
            "disagree": 1,
        },
    )
    assert response.status_code == 422
    assert "Không thể đề xuất danh hiệu “Chiến sĩ thi đua cơ sở”" in response.get_data(as_text=True)


def _registered(app, people, catalogue):
    with app.app_context():
        title = catalogue("title", "Lao động tiên tiến")
        services.register(user(people["staff"]), YEAR, title, "Giảng dạy đủ giờ chuẩn")
        services.register(user(people["other_staff"]), YEAR, title, "Nghiên cứu khoa học")


def test_the_registration_list_in_the_decrees_paper_form(app, people, login, catalogue):
    import io

    from docx import Document as Docx

    _registered(app, people, catalogue)
    secretariat = login("secretariat")
    page = secretariat.get(f"/thi-dua/dang-ky?year={YEAR}").get_data(as_text=True)
    assert f"/thi-dua/dang-ky/danh-sach.pdf?year={YEAR}" in page
    school = secretariat.get(f"/thi-dua/dang-ky/danh-sach.docx?year={YEAR}")
    assert school.status_code == 200
    text = "\n".join(p.text for p in Docx(io.BytesIO(school.data)).paragraphs)
    cells = " ".join(
        c.text for t in Docx(io.BytesIO(school.data)).tables for r in t.rows for c in r.cells
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells + text
    assert f"DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM {YEAR}" in text + cells
    assert "Giảng dạy đủ giờ chuẩn" in cells and "Nghiên cứu khoa học" in cells
    assert "CHỦ TỊCH" in text + cells
    pdf = secretariat.get(f"/thi-dua/dang-ky/danh-sach.pdf?year={YEAR}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The unit head's list holds the unit's registrations only, signed by the head.
    head = login("unit_head")
    assert "danh-sach.docx" in head.get(f"/thi-dua/dang-ky?year={YEAR}").get_data(as_text=True)
    unit = Docx(io.BytesIO(head.get(f"/thi-dua/dang-ky/danh-sach.docx?year={YEAR}").data))
    unit_text = " ".join(c.text for t in unit.tables for r in t.rows for c in r.cells) + " ".join(
        p.text for p in unit.paragraphs
    )
    assert "Giảng dạy đủ giờ chuẩn" in unit_text and "Nghiên cứu khoa học" not in unit_text
    assert "TRƯỞNG ĐƠN VỊ" in unit_text
    # Staff have no paper list; an unknown format is 404.
    staff = login("staff")
    assert "danh-sach.pdf" not in staff.get(f"/thi-dua/dang-ky?year={YEAR}").get_data(as_text=True)
    assert staff.get(f"/thi-dua/dang-ky/danh-sach.pdf?year={YEAR}").status_code == 403
    assert secretariat.get(f"/thi-dua/dang-ky/danh-sach.odt?year={YEAR}").status_code == 404


def test_the_nomination_form_offers_the_units_criteria(app, people, login, movement, catalogue):
    with app.app_context():
        head = user(people["unit_head"])
        criteria = services.write_criteria(movement_of(movement), "Tiêu chí CNTT", BODY, head).id
        kkt = services.write_criteria(
            movement_of(movement), "Tiêu chí KT", "Dạy tốt", user(people["kkt_head"])
        ).id
    owner = login("staff")
    form = owner.get("/exemplars/new").get_data(as_text=True)
    assert "Tiêu chí CNTT (phiên bản 1)" in form and "Tiêu chí KT" not in form
    data = {
        "subject": "individual",
        "person_id": people["staff"],
        "name": "",
        "year": YEAR,
        "field_id": 0,
        "movement_id": 0,
        "achievement": "Dạy tốt, học tốt",
    }
    # Another unit's criteria are refused with the form's message, and nothing is stored.
    refused = post_form(owner, "/exemplars/new", {**data, "criteria_id": kkt})
    assert refused.status_code == 200
    assert "Hãy chọn tiêu chí thi đua của đơn vị mình." in refused.get_data(as_text=True)
    with app.app_context():
        from intranet.exemplars.models import Exemplar

        assert db.session.query(Exemplar).count() == 0
    saved = post_form(owner, "/exemplars/new", {**data, "criteria_id": criteria})
    assert saved.status_code == 302
    page = owner.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Tiêu chí CNTT (phiên bản 1) — đạt 0/3" in page
