"""The council's meeting, from agenda to decision: tallies against the catalogue's thresholds,
the minutes on paper, the public notice with comments only the secretariat and the council read,
and the decision drafted from the passed list once the notice has closed."""

import io
import re
import unicodedata
from datetime import timedelta

import pypdfium2
from docx import Document as WordDocument
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.council.models import AgendaItem, Meeting, NoticeComment
from intranet.documents.models import Document
from intranet.exemplars import decisions
from intranet.extensions import db
from intranet.notifications.models import Notification
from tests import factories
from tests.conftest import post_form
from tests.council.conftest import TODAY


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    return " ".join(unicodedata.normalize("NFC", "\n".join(pages)).split())


def docx_text(data: bytes) -> str:
    document = WordDocument(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def convene(client, held_on="2026-11-20") -> int:
    response = post_form(
        client,
        "/council/meetings/new",
        {"year": 2026, "held_on": held_on, "place": "Phòng họp số 1", "notice_days": 10},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    meeting_id = int(re.search(r"/council/meetings/(\d+)", response.headers["Location"])[1])
    page = f"/council/meetings/{meeting_id}"
    assert post_form(client, f"{page}/agenda", token_from=page).status_code == 302
    return meeting_id


def items(app, meeting_id: int) -> dict[int, int]:
    """{exemplar id: agenda item id}."""
    with app.app_context():
        rows = db.session.execute(
            select(AgendaItem.exemplar_id, AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)
        )
        return dict(rows.all())


def tally(client, meeting_id, item_id, present, agree, disagree, invalid):
    return post_form(
        client,
        f"/council/items/{item_id}/tally",
        {"present": present, "agree": agree, "disagree": disagree, "invalid": invalid},
        token_from=f"/council/meetings/{meeting_id}",
    )


def test_a_meeting_from_agenda_to_decision(app, year, login):
    secretariat = login("secretariat")
    meeting_id = convene(secretariat)
    page = f"/council/meetings/{meeting_id}"
    agenda = items(app, meeting_id)
    assert set(agenda) == {year["n_staff"], year["n_head"], year["n_other"]}
    present = [year[k] for k in ("leader", "secretariat", "inspector", "unit_head")]
    assert post_form(secretariat, f"{page}/present", {"present": present}).status_code == 302

    # CSTĐCS needs 70 %: 3 of 4 (75 %) pass; LĐTT needs 60 %: 2 of 4 (50 %) fail, 4 of 4 pass.
    for key, numbers in (
        ("n_staff", (4, 3, 1, 0)),
        ("n_head", (4, 2, 1, 1)),
        ("n_other", (4, 4, 0, 0)),
    ):
        assert tally(secretariat, meeting_id, agenda[year[key]], *numbers).status_code == 302
    with app.app_context():
        result = {i.exemplar_id: i.passed for i in db.session.get(Meeting, meeting_id).items}
    assert result == {year["n_staff"]: True, year["n_head"]: False, year["n_other"]: True}
    html = secretariat.get(page).get_data(as_text=True)
    assert html.count(">Đạt<") == 2 and html.count(">Không đạt<") == 1
    assert "Chiến sĩ thi đua cơ sở" in html and "≥ 70%" in html
    assert "eligibility" in html  # the eligibility area's verdict (or its marked place)

    # The signed scan goes to the file store; downloaded as it was sent.
    scan = factories.upload("bien-ban-da-ky.pdf", factories.MINI_PDF)
    assert post_form(secretariat, f"{page}/scan", {"scan": scan}).status_code == 302
    assert secretariat.get(f"{page}/scan").data == factories.MINI_PDF
    with app.app_context():
        trail = (
            db.session.execute(
                select(AuditEntry.summary).where(AuditEntry.record_type == "agenda_item")
            )
            .scalars()
            .all()
        )
        assert len(trail) >= 6  # 3 lines put on the agenda, 3 tallies: audited

    # The minutes, in the decree's form, with the tallies table.
    pdf = secretariat.get(f"{page}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert "BIÊN BẢN" in text and "KẾT QUẢ KIỂM PHIẾU" in text
    assert "75,0%" in text and "50,0%" in text and "Không đạt" in text
    word = docx_text(secretariat.get(f"{page}/minutes.docx").data)
    assert "KẾT QUẢ KIỂM PHIẾU" in word and "75,0%" in word and "Không đạt" in word
    assert login("staff").get(f"{page}/minutes.pdf").status_code == 404  # staff: not theirs

    # Public notice: the passed list to all staff, who are told.
    assert post_form(secretariat, f"{page}/publish", token_from=page).status_code == 302
    with app.app_context():
        told = db.session.execute(
            select(func.count()).where(Notification.kind == "council_notice")
        ).scalar_one()
        assert told >= 5
    staff, other = login("staff"), login("other_staff")
    notice = staff.get(f"/council/notices/{meeting_id}").get_data(as_text=True)
    with app.app_context():
        names = {i.exemplar_id: i.exemplar.name for i in db.session.get(Meeting, meeting_id).items}
    assert names[year["n_staff"]] in notice and names[year["n_other"]] in notice
    assert names[year["n_head"]] not in notice  # not passed: not public
    assert staff.get(page).status_code == 404  # the meeting itself is the council's

    # A comment: on a passed candidate only, seen by its author, the secretariat, the council.
    failed = agenda[year["n_head"]]
    assert (
        post_form(
            staff, f"/council/items/{failed}/comment", {"body": "x"}, token_from="/council/"
        ).status_code
        == 404
    )
    sent = post_form(
        staff,
        f"/council/items/{agenda[year['n_staff']]}/comment",
        {"body": "Đề nghị làm rõ số giờ giảng vượt định mức."},
        token_from=f"/council/notices/{meeting_id}",
    )
    assert sent.status_code == 302
    with app.app_context():
        comment_id = db.session.execute(select(NoticeComment.id)).scalar_one()
        assert db.session.execute(
            select(Notification.user_id).where(Notification.kind == "council_comment")
        ).scalars().all() == [year["secretariat"]]
    body = "làm rõ số giờ giảng"
    for key, sees in (
        ("staff", True),
        ("secretariat", True),
        ("leader", True),  # chair
        ("inspector", True),  # a member
        ("other_staff", False),
        ("kkt_head", False),
    ):
        client = staff if key == "staff" else login(key)
        listed = body in client.get(f"/council/notices/{meeting_id}").get_data(as_text=True)
        one = client.get(f"/council/comments/{comment_id}").status_code
        assert (listed, one) == ((True, 200) if sees else (False, 404)), key
    assert (
        post_form(
            other,
            f"/council/comments/{comment_id}/handle",
            {"handling": "x"},
            token_from="/council/",
        ).status_code
        == 404
    )
    handled = post_form(
        secretariat,
        f"/council/comments/{comment_id}/handle",
        {"handling": "Đã đối chiếu bảng kê giờ giảng: đúng."},
    )
    assert handled.status_code == 302

    # The decision waits for the notice to close (10 days: through 10/12).
    for day in (TODAY, TODAY + timedelta(days=9)):
        app.config["TODAY"] = day
        secretariat = login("secretariat")  # a new day: a new sign-in
        refused = post_form(secretariat, f"{page}/decision", token_from=page)
        assert refused.status_code == 422
        assert "còn đang công khai đến hết ngày 10/12/2026" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count(Document.id))).scalar_one() == 0
    app.config["TODAY"] = TODAY + timedelta(days=10)
    secretariat, staff = login("secretariat"), login("staff")
    assert post_form(staff, f"{page}/decision", token_from="/council/").status_code == 404
    drafted = post_form(secretariat, f"{page}/decision", token_from=page)
    assert drafted.status_code == 302, drafted.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        lines = decisions.lines_of(meeting.decision)
        passed = meeting.passed
        assert [(line.exemplar_id, line.title_id, line.person_id) for line in lines] == [
            (i.exemplar_id, i.title_id, i.exemplar.person_id) for i in passed
        ]
        assert meeting.decision.kind == "QĐ" and meeting.decision.status.value == "draft"
        # The comment and its handling stay with the meeting.
        kept = db.session.get(NoticeComment, comment_id)
        assert kept.meeting_id == meeting_id and kept.handling.startswith("Đã đối chiếu")
    again = post_form(secretariat, f"{page}/decision", token_from=page)
    assert again.status_code in (403, 422)


def test_tallies_are_checked_and_a_wrong_one_is_not_kept(app, year, login):
    secretariat = login("secretariat")
    meeting_id = convene(secretariat)
    item = items(app, meeting_id)[year["n_staff"]]
    for numbers, message in (
        ((4, 3, 1, 1), "vượt quá số thành viên có mặt"),  # 3 + 1 + 1 > 4
        ((5, 3, 1, 0), "vượt quá số thành viên Hội đồng (4)"),  # 4 members
        ((4, -1, 0, 0), "Số phiếu phải là số nguyên không âm"),
        ((4, "", 0, 0), "Hãy nhập đủ số thành viên có mặt và số phiếu"),
        ((0, 0, 0, 0), "phải là số nguyên không âm"),
    ):
        response = tally(secretariat, meeting_id, item, *numbers)
        assert response.status_code == 422, numbers
        assert message in response.get_data(as_text=True), numbers
    with app.app_context():
        assert db.session.get(AgendaItem, item).present is None
    # Nobody but the secretariat records one; a council member sees the meeting, may not write.
    assert tally(login("inspector"), meeting_id, item, 4, 4, 0, 0).status_code == 403
    assert tally(login("staff"), meeting_id, item, 4, 4, 0, 0).status_code == 404
    # The members: one chair a year, refused in Vietnamese.
    members = "/council/members?year=2026"
    refused = post_form(secretariat, members, {"person_id": year["staff"], "seat": "chair"})
    assert refused.status_code == 422
    assert "Hội đồng năm 2026 đã có chủ tịch hội đồng" in refused.get_data(as_text=True)
    added = post_form(secretariat, members, {"person_id": year["staff"], "seat": "member"})
    assert added.status_code == 302
    assert post_form(login("staff"), members, {"person_id": 1, "seat": "member"}).status_code == 403
    # Not published while a candidate waits for its tally.
    page = f"/council/meetings/{meeting_id}"
    refused = post_form(secretariat, f"{page}/publish", token_from=page)
    assert refused.status_code == 422
    assert "Hãy ghi kết quả bỏ phiếu của mọi ứng viên" in refused.get_data(as_text=True)
