"""Inspections: an inspector records what the council examined in a unit (documents by their
number, the unit's exemplars), the findings, conclusion and minutes; follow-up actions are added
with a deadline and closed with a note."""

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from intranet.accounts.models import User
from intranet.extensions import db
from intranet.storage import StoredFile
from intranet.supervision import inspections
from intranet.supervision.models import FollowUp, Inspection, InspectionLink
from tests.supervision.conftest import (
    PDF,
    document_id,
    plain,
    post,
    rows_of,
    sample_bytes,
    unit_id,
    unit_of,
)

MINUTES_NAME = "Biên bản kiểm tra Khoa Kinh tế.pdf"


@pytest.fixture
def examined(plan, make_exemplar):
    """A KKT exemplar the inspection examines, and a KCNTT one it may not."""
    return {
        "KKT": make_exemplar("KKT", "Nguyễn Văn Đạt", stage="recognised", year=2024),
        "KCNTT": make_exemplar("KCNTT", "Lê Thị Hồng Nhung", stage="recognised", year=2024),
    }


def record_page(client, app, exemplar_ids, documents="36/KH-CĐBP", minutes=True, **changes):
    data = {
        "unit_id": str(unit_id(app, "KKT")),
        "inspected_on": "2025-10-15",
        "members": "Phạm Quốc Dũng (Trưởng đoàn); Trần Thị Thu Hà (Thư ký)",
        "scope": "Kiểm tra việc xây dựng, nhân rộng điển hình tiên tiến năm 2024.",
        "documents": documents,
        "exemplar_ids": [str(i) for i in exemplar_ids],
        "findings": "Khoa có 01 điển hình được công nhận.",
        "conclusion": "Đề nghị Khoa tiếp tục nhân rộng điển hình.",
        **changes,
    }
    if minutes:
        data["minutes"] = (io.BytesIO(sample_bytes(PDF)), MINUTES_NAME)
    return post(
        client,
        "/supervision/inspections/new",
        data,
        content_type="multipart/form-data",
    )


@pytest.fixture
def inspection(app, examined, sign_in) -> int:
    """An inspection of KKT recorded through the page by the inspector; returns its id."""
    response = record_page(sign_in("inspector"), app, [examined["KKT"]])
    assert response.status_code == 302, plain(response)
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def follow_up(app, inspection, sign_in) -> int:
    post(
        sign_in("inspector"),
        f"/supervision/inspections/{inspection}/follow-ups",
        {"action": "Nộp báo cáo năm 2024 về Hội đồng.", "deadline": "2025-11-15"},
    )
    with app.app_context():
        return db.session.execute(select(FollowUp.id)).scalar_one()


def links_of(page: str) -> dict[str, str]:
    """The records examined, as shown on the inspection page: {label: href}."""
    section = page[page.index("Hồ sơ đã xem xét") : page.index("</ul>", page.index("Hồ sơ đã"))]
    return {label: href for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)}


def test_an_inspector_records_an_inspection_and_its_page_shows_it(app, inspection, sign_in):
    page = plain(sign_in("inspector").get(f"/supervision/inspections/{inspection}"))

    assert "Kiểm tra Khoa Kinh tế ngày 15/10/2025" in page
    assert "Phạm Quốc Dũng (Trưởng đoàn); Trần Thị Thu Hà (Thư ký)" in page
    assert "Kiểm tra việc xây dựng, nhân rộng điển hình tiên tiến năm 2024." in page
    assert "Kết quả Khoa có 01 điển hình được công nhận." in page
    assert "Kết luận Đề nghị Khoa tiếp tục nhân rộng điển hình." in page
    assert f"Biên bản {MINUTES_NAME}" in page


def test_the_inspection_page_lists_the_records_examined(app, inspection, examined, sign_in):
    page = sign_in("inspector").get(f"/supervision/inspections/{inspection}")

    assert links_of(page.get_data(as_text=True)) == {
        "Kế hoạch 36/KH-CĐBP": f"/documents/{document_id(app, '36/KH-CĐBP')}",
        "Nguyễn Văn Đạt (2024)": f"/exemplars/{examined['KKT']}",
    }


def test_the_links_lead_to_the_records(app, inspection, sign_in):
    client = sign_in("inspector")
    links = links_of(client.get(f"/supervision/inspections/{inspection}").get_data(as_text=True))

    document = client.get(links["Kế hoạch 36/KH-CĐBP"])
    exemplar = client.get(links["Nguyễn Văn Đạt (2024)"])

    assert document.status_code == 200 and "36/KH-CĐBP" in plain(document)
    assert exemplar.status_code == 200 and "Nguyễn Văn Đạt" in plain(exemplar)


def test_the_minutes_are_downloaded_as_uploaded(app, inspection, sign_in):
    response = sign_in("inspector").get(f"/supervision/inspections/{inspection}/minutes")

    assert response.status_code == 200
    assert response.data == sample_bytes(PDF)
    assert response.mimetype == "application/pdf"


def test_a_document_number_typed_without_diacritics_is_found(app, examined, sign_in):
    response = record_page(sign_in("inspector"), app, [], documents="36/KH-CDBP")

    page = sign_in("inspector").get(response.headers["Location"]).get_data(as_text=True)
    assert list(links_of(page)) == ["Kế hoạch 36/KH-CĐBP"]


def test_an_unknown_document_number_is_refused_clearly_and_nothing_is_stored(
    app, examined, sign_in
):
    files_before = rows_of(app, StoredFile)

    response = record_page(sign_in("inspector"), app, [examined["KKT"]], "36/KH-CĐBP\n99/KH-CĐBP")

    assert response.status_code == 200
    assert "Không có văn bản 99/KH-CĐBP trong kho." in plain(response)
    assert (rows_of(app, Inspection), rows_of(app, InspectionLink)) == (0, 0)
    assert rows_of(app, StoredFile) == files_before


def test_the_form_offers_only_the_chosen_units_exemplars(app, examined, sign_in):
    page = plain(
        sign_in("inspector").get(f"/supervision/inspections/new?unit={unit_id(app, 'KKT')}")
    )

    assert "Nguyễn Văn Đạt (2024, Đã công nhận)" in page
    assert "Lê Thị Hồng Nhung" not in page


def test_an_exemplar_of_another_unit_is_refused_and_nothing_is_stored(app, examined, sign_in):
    response = record_page(sign_in("inspector"), app, [examined["KKT"], examined["KCNTT"]])

    assert response.status_code == 200
    assert "Hồ sơ điển hình không thuộc đơn vị được kiểm tra." in plain(response)
    assert (rows_of(app, Inspection), rows_of(app, InspectionLink)) == (0, 0)


def test_the_service_refuses_an_exemplar_of_another_unit(app, examined, people):
    with app.app_context(), pytest.raises(inspections.InspectionError) as refused:
        inspections.record(
            db.session.get(User, people["inspector"]),
            unit_of("KKT"),
            date(2025, 10, 15),
            "Đoàn kiểm tra",
            "Nội dung kiểm tra",
            "",
            "",
            [],
            [examined["KCNTT"]],
        )

    assert str(refused.value) == "Hồ sơ điển hình không thuộc đơn vị được kiểm tra."
    assert rows_of(app, Inspection) == 0


def test_an_inspection_without_members_or_scope_is_refused(app, examined, sign_in):
    response = record_page(sign_in("inspector"), app, [], members="", scope="")

    assert "Hãy ghi thành phần đoàn." in plain(response)
    assert "Hãy ghi nội dung kiểm tra." in plain(response)
    assert rows_of(app, Inspection) == 0


def test_the_inspection_list_shows_the_inspection(app, inspection, sign_in):
    page = plain(sign_in("leader").get("/supervision/inspections"))

    assert "Khoa Kinh tế 15/10/2025" in page
    assert "Kiểm tra việc xây dựng, nhân rộng điển hình tiên tiến năm 2024." in page


def test_an_inspector_adds_a_follow_up_with_a_deadline(app, inspection, sign_in):
    client = sign_in("inspector")

    response = post(
        client,
        f"/supervision/inspections/{inspection}/follow-ups",
        {"action": "Nộp báo cáo năm 2024 về Hội đồng.", "deadline": "2025-11-15"},
        follow_redirects=True,
    )

    page = plain(response)
    assert "Đã thêm việc cần khắc phục." in page
    assert "Nộp báo cáo năm 2024 về Hội đồng. Hạn 15/11/2025 Chưa khắc phục" in page


def test_the_list_counts_the_open_follow_ups(app, follow_up, sign_in):
    assert "1 việc chưa khắc phục" in plain(sign_in("inspector").get("/supervision/inspections"))


def test_a_follow_up_without_an_action_is_refused(app, inspection, sign_in):
    response = post(
        sign_in("inspector"),
        f"/supervision/inspections/{inspection}/follow-ups",
        {"action": "", "deadline": "2025-11-15"},
        follow_redirects=True,
    )

    assert "Hãy ghi việc cần khắc phục." in plain(response)
    assert rows_of(app, FollowUp) == 0


def test_the_inspected_units_head_may_not_add_a_follow_up(app, inspection, sign_in):
    response = post(
        sign_in("kkt_head"),
        f"/supervision/inspections/{inspection}/follow-ups",
        {"action": "Tự đặt việc."},
    )

    assert response.status_code == 403
    assert rows_of(app, FollowUp) == 0


def test_the_inspected_units_head_closes_a_follow_up_with_a_note(
    app, inspection, follow_up, sign_in
):
    response = post(
        sign_in("kkt_head"),
        f"/supervision/follow-ups/{follow_up}/close",
        {"note": "Đã nộp báo cáo ngày 10/11/2025."},
        follow_redirects=True,
    )

    page = plain(response)
    assert "Đã đóng việc khắc phục." in page
    assert "Đã khắc phục" in page
    assert re.search(
        r"Trần Văn Kinh, \d\d:\d\d \d\d/\d\d/\d{4}: Đã nộp báo cáo ngày 10/11/2025\.", page
    )
    assert "1 việc chưa khắc phục" not in plain(
        sign_in("inspector").get("/supervision/inspections")
    )


def test_an_inspector_closes_a_follow_up(app, inspection, follow_up, sign_in):
    response = post(
        sign_in("inspector"),
        f"/supervision/follow-ups/{follow_up}/close",
        {"note": "Đã kiểm tra lại, đạt."},
        follow_redirects=True,
    )

    assert "kiemtra" in plain(response) and ": Đã kiểm tra lại, đạt." in plain(response)


def test_closing_without_a_note_is_refused(app, inspection, follow_up, sign_in):
    response = post(
        sign_in("kkt_head"),
        f"/supervision/follow-ups/{follow_up}/close",
        {"note": " "},
        follow_redirects=True,
    )

    assert "Hãy ghi kết quả khắc phục." in plain(response)
    assert "Chưa khắc phục" in plain(response)


def test_a_closed_follow_up_cannot_be_closed_again(app, inspection, follow_up, sign_in):
    client = sign_in("kkt_head")
    post(client, f"/supervision/follow-ups/{follow_up}/close", {"note": "Lần đầu."})

    response = post(
        client,
        f"/supervision/follow-ups/{follow_up}/close",
        {"note": "Lần hai."},
        follow_redirects=True,
    )

    assert "Việc này đã được đóng." in plain(response)
    assert ": Lần đầu." in plain(response) and "Lần hai" not in plain(response)


@pytest.mark.parametrize("who", ["other_staff", "staff"])
def test_staff_may_not_close_a_follow_up(app, inspection, follow_up, sign_in, who):
    response = post(sign_in(who), f"/supervision/follow-ups/{follow_up}/close", {"note": "Xong."})

    assert response.status_code == 404  # staff may not see the inspection: as if missing
    with app.app_context():
        assert db.session.get(FollowUp, follow_up).closed_at is None


def test_the_leader_may_read_but_not_close_a_follow_up(app, inspection, follow_up, sign_in):
    client = sign_in("leader")

    page = client.get(f"/supervision/inspections/{inspection}").get_data(as_text=True)
    response = post(client, f"/supervision/follow-ups/{follow_up}/close", {"note": "Xong."})

    assert "Nộp báo cáo năm 2024 về Hội đồng." in page
    assert "Đóng việc</button>" not in page
    assert response.status_code == 403


def test_the_head_of_another_unit_may_not_close_a_follow_up(app, inspection, follow_up, sign_in):
    response = post(
        sign_in("unit_head"), f"/supervision/follow-ups/{follow_up}/close", {"note": "Xong."}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["staff", "other_staff"])
@pytest.mark.parametrize("page", ["", "/new"])
def test_staff_are_forbidden_the_inspection_pages(app, inspection, sign_in, who, page):
    path = "/supervision/inspections" + page.format(id=inspection)

    assert sign_in(who).get(path).status_code == 403


@pytest.mark.parametrize("who", ["staff", "other_staff"])
@pytest.mark.parametrize("page", ["/{id}", "/{id}/minutes"])
def test_an_inspection_staff_may_not_see_is_404_like_a_missing_one(
    app, inspection, sign_in, who, page
):
    path = "/supervision/inspections" + page.format(id=inspection)

    assert sign_in(who).get(path).status_code == 404


def test_the_inspected_units_head_reads_the_inspection(app, inspection, sign_in):
    client = sign_in("kkt_head")

    listing = plain(client.get("/supervision/inspections"))
    page = plain(client.get(f"/supervision/inspections/{inspection}"))

    assert "Khoa Kinh tế 15/10/2025" in listing
    assert "Kiểm tra Khoa Kinh tế ngày 15/10/2025" in page
    assert "Ghi nhận cuộc kiểm tra" not in listing


def test_the_inspected_units_head_follows_the_links_to_the_records(app, inspection, sign_in):
    client = sign_in("kkt_head")
    links = links_of(client.get(f"/supervision/inspections/{inspection}").get_data(as_text=True))

    document = plain(client.get(links["Kế hoạch 36/KH-CĐBP"]))
    exemplar = plain(client.get(links["Nguyễn Văn Đạt (2024)"]))

    assert "36/KH-CĐBP" in document and "Nguyễn Văn Đạt" in exemplar


def test_the_head_of_another_unit_gets_404_for_the_inspection(app, inspection, sign_in):
    client = sign_in("unit_head")

    assert client.get(f"/supervision/inspections/{inspection}").status_code == 404
    assert client.get(f"/supervision/inspections/{inspection}/minutes").status_code == 404
    assert "Khoa Kinh tế" not in plain(client.get("/supervision/inspections"))


def test_a_unit_head_may_not_record_an_inspection(app, examined, sign_in):
    client = sign_in("kkt_head")

    assert client.get("/supervision/inspections/new").status_code == 403
    assert record_page(client, app, []).status_code == 403
    assert rows_of(app, Inspection) == 0
