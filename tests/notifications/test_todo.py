"""Việc của tôi: the home page of every role lists what waits for that person, with counts and
links, counted under the records' own rules."""

import re
from datetime import date

import pytest

from intranet.documents import services as documents
from intranet.extensions import db
from tests import factories
from tests.notifications.conftest import person

ITEM = re.compile(
    r'<a class="d-flex[^"]*" href="(?P<url>[^"]+)">\s*<span>(?P<label>[^<]+?)'
    r'(?: <span class="text-body-secondary small">\((?P<detail>[^)]*)\)</span>)?</span>\s*'
    r'<span class="badge[^"]*" data-count="(?P<count>\d+)">'
)


def todo(client) -> dict[str, tuple[int, str, str]]:
    """{label: (count, detail, url)} of the home page's to-do list."""
    page = client.get("/").get_data(as_text=True)
    return {
        m["label"].strip(): (int(m["count"]), m["detail"] or "", m["url"].replace("&amp;", "&"))
        for m in ITEM.finditer(page)
    }


@pytest.fixture
def nominations(app, people):
    """Two nominations of Khoa CNTT submitted (three evidence files pending), one of Khoa Kinh
    tế submitted, one of Khoa CNTT endorsed, one returned to its owner."""
    with app.app_context():
        staff, other = person("staff", people), person("other_staff", people)
        head, kkt_head = person("unit_head", people), person("kkt_head", people)
        secretariat = person("secretariat", people)
        for files in (2, 1):
            made = factories.exemplar(staff, person_id=people["colleague"])
            for _ in range(files):
                factories.evidence(made, staff)
            factories.advance(made, "submitted", owner=staff, head=head, secretariat=secretariat)
        made = factories.exemplar(other, name="Phạm Văn Kế")
        factories.evidence(made, other)
        factories.advance(made, "submitted", owner=other, head=kkt_head, secretariat=secretariat)
        for stage in ("endorsed", "returned"):
            made = factories.exemplar(staff, person_id=people["colleague"])
            factories.evidence(made, staff)
            factories.advance(made, stage, owner=staff, head=head, secretariat=secretariat)


def test_the_unit_head_sees_the_evidence_and_nominations_of_the_unit_waiting(nominations, sign_in):
    items = todo(sign_in("unit_head"))

    assert items["Minh chứng chờ xem xét"][0] == 3
    assert items["Đề xuất chờ đơn vị xác nhận"] == (2, "", "/exemplars/?queue=unit&stage=submitted")


def test_another_units_head_counts_only_their_own_unit(nominations, sign_in):
    items = todo(sign_in("kkt_head"))

    assert items["Minh chứng chờ xem xét"][0] == 1
    assert items["Đề xuất chờ đơn vị xác nhận"][0] == 1


def test_the_secretariat_sees_the_endorsed_nominations_to_recognise(nominations, sign_in):
    items = todo(sign_in("secretariat"))

    assert items["Đề xuất chờ công nhận"] == (1, "", "/exemplars/?queue=school&stage=endorsed")
    assert "Đề xuất chờ đơn vị xác nhận" not in items


def test_the_owner_sees_the_nomination_returned(nominations, sign_in):
    items = todo(sign_in("staff"))

    assert items["Đề xuất bị trả lại, cần bổ sung"][0] == 1
    assert "Minh chứng chờ xem xét" not in items


def test_staff_with_nothing_waiting_are_told_so(people, sign_in):
    page = sign_in("colleague").get("/").get_data(as_text=True)

    assert "Việc của tôi" in page
    assert "Hiện không có việc nào chờ bạn." in page


def test_documents_to_read_count_those_issued_to_the_reader_and_not_yet_read(app, people, sign_in):
    with app.app_context():
        secretariat = person("secretariat", people)
        for number, units in ((40, None), (41, ["KKT"]), (42, None)):
            factories.document(
                secretariat,
                f"{number}/TB-CĐBP",
                issued_on=date(2025, 6, 1),
                summary=f"Thông báo số {number}",
                units=units,
                publish=True,
            )
        factories.document(  # an old one is the archive, not a thing to read
            secretariat, "3/TB-CĐBP", issued_on=date(2024, 1, 5), summary="Cũ", publish=True
        )
        read = db.session.execute(db.select(documents.Document).filter_by(number=42)).scalar_one()
        documents.mark_read(read, person("staff", people))

    assert todo(sign_in("staff"))["Văn bản cần đọc"][0] == 1
    assert todo(sign_in("other_staff"))["Văn bản cần đọc"][0] == 3
    page = sign_in("staff").get("/").get_data(as_text=True)
    assert "40/TB-CĐBP Thông báo số 40" in page
    assert "41/TB-CĐBP" not in page


def test_leaders_see_the_documents_to_sign_and_the_secretariat_those_to_issue(app, people, sign_in):
    with app.app_context():
        secretariat = person("secretariat", people)
        for number in (1, 2):
            draft = factories.document(
                secretariat,
                "…/KH-CĐBP",
                kind="KH",
                issued_on=date(2025, 6, 1),
                summary=f"Kế hoạch {number}",
            )
            documents.submit(draft, secretariat)
        documents.sign(
            draft, person("leader", people), documents.Signature("Nguyễn Văn Thành", "HIỆU TRƯỞNG")
        )

    assert todo(sign_in("leader"))["Văn bản chờ ký"] == (1, "", "/documents/?status=submitted")
    assert todo(sign_in("secretariat"))["Văn bản đã ký, chờ ban hành"][0] == 1
    assert "Văn bản chờ ký" not in todo(sign_in("secretariat"))


def test_the_unit_head_sees_the_annual_report_with_the_days_left(app, people, sign_in):
    with app.app_context():
        secretariat = person("secretariat", people)
        plan = factories.document(
            secretariat, "36/KH-CĐBP", kind="KH", unit="HCTC", period_start=2023, period_end=2026
        )
        from intranet.accounts.models import Role
        from intranet.documents import plans

        plans.add_task(
            plan,
            "Định kỳ báo cáo kết quả thực hiện kế hoạch.",
            assignee_role=Role.UNIT_HEAD.value,
            deadline_day=30,
            deadline_month=6,
        )
        documents.publish(plan, secretariat)

    items = todo(sign_in("unit_head"))

    assert items["Báo cáo thi đua năm 2025 của đơn vị (hạn 30/06/2025)"] == (
        1,
        "còn 15 ngày",
        "/supervision/reports",
    )
    assert not any(label.startswith("Báo cáo thi đua") for label in todo(sign_in("staff")))
