"""Each workflow step tells exactly the people it concerns, and nobody who may not see the
record: nominations, evidence, documents, decisions and unit reports."""

from datetime import date

import pytest
from sqlalchemy import select

from intranet.documents import services as documents
from intranet.exemplars import services as exemplars
from intranet.extensions import db
from intranet.notifications.models import Notification
from tests import factories
from tests.notifications.conftest import person, told

NAME = "Lê Thị Hoa"


@pytest.fixture
def nomination(app, people):
    """make(stage) -> a nomination of the colleague by the staff member of Khoa CNTT, taken to
    ``stage`` by the people whose steps they are; returns its id."""

    def make(stage: str = "draft") -> int:
        with app.app_context():
            owner = person("staff", people)
            made = factories.exemplar(owner, person_id=people["colleague"])
            factories.evidence(made, owner)
            factories.advance(
                made,
                stage,
                owner=owner,
                head=person("unit_head", people),
                secretariat=person("secretariat", people),
            )
            return made.id

    return make


def step(app, people, exemplar_id: int, name: str, by: str, note: str = "") -> None:
    with app.app_context():
        nominated = exemplars.access.get_visible_or_404(exemplar_id, person(by, people))
        exemplars.take_step(nominated, name, person(by, people), note=note)


def kind_told(app, people, kind: str) -> dict[str, list[str]]:
    with app.app_context():
        return told(people, kind)


# -- nominations ---------------------------------------------------------------------------------
def test_a_submitted_nomination_is_told_to_the_head_of_its_unit_only(app, people, nomination):
    nomination("submitted")

    assert kind_told(app, people, "exemplar_submitted") == {
        "unit_head": [
            f"canbo gửi đề xuất điển hình “{NAME}” (năm 2024): chờ đơn vị xem xét minh chứng "
            "và xác nhận."
        ]
    }


def test_a_returned_nomination_is_told_to_its_nominator_with_the_reason(app, people, nomination):
    nomination("returned")

    assert kind_told(app, people, "exemplar_returned") == {
        "staff": [f"Đề xuất điển hình “{NAME}” bị trả lại để bổ sung: Bổ sung số liệu cụ thể."]
    }


def test_an_endorsed_nomination_is_told_to_the_secretariat_and_its_nominator(
    app, people, nomination
):
    nomination("endorsed")

    assert kind_told(app, people, "exemplar_endorsed") == {
        "secretariat": [
            f"Khoa Công nghệ thông tin đã xác nhận đề xuất điển hình “{NAME}” (năm 2024): "
            "chờ công nhận."
        ],
        "staff": [f"Đề xuất điển hình “{NAME}” đã được đơn vị xác nhận."],
    }


def test_a_recognised_exemplar_is_told_to_the_person_and_the_nominator(app, people, nomination):
    nomination("recognised")

    said = f"“{NAME}” được công nhận điển hình tiên tiến năm 2024."
    assert kind_told(app, people, "exemplar_recognised") == {
        "colleague": [said],
        "staff": [said],
    }


def test_a_recognition_by_an_issued_decision_names_the_decision(app, people, nomination):
    exemplar_id = nomination("endorsed")
    with app.app_context():
        secretariat = person("secretariat", people)
        decision = factories.decision(secretariat)
        factories.award_line(
            decision,
            secretariat,
            exemplar_id=exemplar_id,
            title_id=_title(),
        )
        documents.publish(decision, secretariat)

    said = f"“{NAME}” được công nhận điển hình tiên tiến năm 2024 (Quyết định số 12/QĐ-CĐBP)."
    assert kind_told(app, people, "exemplar_recognised") == {
        "colleague": [said],
        "staff": [said],
    }


def test_a_propagated_exemplar_is_told_to_the_person_and_the_nominator(app, people, nomination):
    nomination("propagated")

    assert set(kind_told(app, people, "exemplar_propagated")) == {"colleague", "staff"}


def test_a_withdrawal_after_submission_tells_the_unit_head(app, people, nomination):
    exemplar_id = nomination("submitted")

    step(app, people, exemplar_id, "withdraw", "staff", note="Chưa đủ minh chứng.")

    assert kind_told(app, people, "exemplar_withdrawn") == {
        "unit_head": [f"Đề xuất điển hình “{NAME}” đã được rút: Chưa đủ minh chứng."]
    }


def test_a_draft_withdrawn_is_told_to_nobody(app, people, nomination):
    exemplar_id = nomination("draft")

    step(app, people, exemplar_id, "withdraw", "staff", note="Thôi.")

    assert kind_told(app, people, "exemplar_withdrawn") == {}


def test_nobody_is_told_of_their_own_step(app, people):
    # The head nominates a member of the unit and submits it: the head is the only head.
    with app.app_context():
        head = person("unit_head", people)
        made = factories.exemplar(head, person_id=people["staff"])
        factories.evidence(made, head)
        exemplars.take_step(made, "submit", head)

        assert told(people, "exemplar_submitted") == {}


def test_an_inactive_head_is_not_told(app, people, nomination):
    with app.app_context():
        person("unit_head", people).active = False
        db.session.commit()

    nomination("submitted")

    assert kind_told(app, people, "exemplar_submitted") == {}


# -- evidence ------------------------------------------------------------------------------------
def test_a_rejected_evidence_file_is_told_to_its_uploader_with_the_reason(app, people, nomination):
    exemplar_id = nomination("submitted")
    with app.app_context():
        head = person("unit_head", people)
        evidence = exemplars.access.get_visible_or_404(exemplar_id, head).live_evidence[0]
        exemplars.review_evidence(evidence, "rejected", head, "Ảnh mờ, không đọc được.")

        assert told(people, "evidence_reviewed") == {
            "staff": [
                f"Minh chứng “Giấy chứng nhận” của hồ sơ “{NAME}” không được chấp nhận: "
                "Ảnh mờ, không đọc được."
            ]
        }


def test_each_review_of_evidence_is_told_once(app, people, nomination):
    nomination("endorsed")  # the head accepted the one file on the way

    assert kind_told(app, people, "evidence_reviewed") == {
        "staff": [f"Minh chứng “Giấy chứng nhận” của hồ sơ “{NAME}” đã được chấp nhận."]
    }


# -- documents -----------------------------------------------------------------------------------
def _unit_plan(app, people) -> int:
    """A unit plan drafted by the head of Khoa CNTT and submitted for signature."""
    with app.app_context():
        head = person("unit_head", people)
        plan = factories.document(
            head, "…/KH-KCNTT", kind="KH", unit="KCNTT", issued_on=date(2025, 6, 1)
        )
        documents.submit(plan, head)
        return plan.id


def _sign(app, people, document_id: int, by: str = "leader") -> None:
    with app.app_context():
        leader = person(by, people)
        document = db.session.get(documents.Document, document_id)
        documents.sign(document, leader, documents.Signature("Nguyễn Văn Thành", "HIỆU TRƯỞNG"))


def test_a_document_submitted_for_signature_is_told_to_every_leader(app, people):
    _unit_plan(app, people)

    told_now = kind_told(app, people, "document_submitted")
    assert set(told_now) == {"leader", "leader2"}
    assert told_now["leader"][0].startswith("Văn bản …/KH-KCNTT “")
    assert told_now["leader"][0].endswith("” được trình ký.")


def test_a_signed_document_is_told_to_the_secretariat_and_its_drafter(app, people):
    _sign(app, people, _unit_plan(app, people))

    assert set(kind_told(app, people, "document_signed")) == {"secretariat", "unit_head"}


def test_a_drafter_who_may_no_longer_see_the_draft_is_not_told(app, people):
    document_id = _unit_plan(app, people)
    with app.app_context():  # the head moves to Khoa Kinh tế: the KCNTT draft is not theirs
        person("unit_head", people).unit_id = factories.unit("KKT").id
        db.session.commit()

    _sign(app, people, document_id)

    assert set(kind_told(app, people, "document_signed")) == {"secretariat"}


def test_a_document_returned_is_told_to_whoever_submitted_it(app, people):
    document_id = _unit_plan(app, people)
    with app.app_context():
        document = db.session.get(documents.Document, document_id)
        documents.return_to_draft(document, person("leader", people), "Sửa lại căn cứ.")

        returned = told(people, "document_returned")
    assert list(returned) == ["unit_head"]
    assert returned["unit_head"][0].endswith("bị trả lại: Sửa lại căn cứ.")


def test_an_issued_document_sends_no_notification_to_its_audience(app, people):
    with app.app_context():
        factories.document(person("secretariat", people), issued_on=date(2025, 6, 1), publish=True)
        assert db.session.execute(select(Notification.id)).first() is None


# -- decisions -----------------------------------------------------------------------------------
def test_a_person_rewarded_by_name_is_told_only_when_they_may_see_the_decision(app, people):
    with app.app_context():
        secretariat = person("secretariat", people)
        decision = factories.document(
            secretariat,
            "12/QĐ-CĐBP",
            kind="QĐ",
            issued_on=date(2025, 6, 1),
            summary="Về việc khen thưởng đột xuất",
            units=["KKT"],  # read by Khoa Kinh tế only
        )
        for key in ("staff", "other_staff"):
            factories.award_line(decision, secretariat, person_id=people[key], form_id=_form())
        documents.publish(decision, secretariat)

        assert told(people, "exemplar_recognised") == {
            "other_staff": [
                "Bạn được khen thưởng theo quyết định số 12/QĐ-CĐBP “Về việc khen thưởng đột xuất”."
            ]
        }


# -- unit reports --------------------------------------------------------------------------------
def test_a_report_submitted_is_told_to_the_secretariat_and_a_return_to_the_unit_head(app, people):
    with app.app_context():
        report = factories.unit_report("KCNTT", 2025, person("unit_head", people))
        assert told(people, "report_submitted") == {
            "secretariat": ["Khoa Công nghệ thông tin đã nộp báo cáo thi đua năm 2025."]
        }
        from intranet.supervision import reports

        reports.return_for_correction(
            report, person("secretariat", people), "Thiếu danh sách.", report.version
        )
        assert told(people, "report_returned") == {
            "unit_head": [
                "Báo cáo thi đua năm 2025 của Khoa Công nghệ thông tin bị trả lại để sửa: "
                "Thiếu danh sách."
            ]
        }


def _title() -> int:
    factories.seed_catalogues()
    return factories.catalogue_id("title", "Chiến sĩ thi đua cơ sở")


def _form() -> int:
    factories.seed_catalogues()
    return factories.catalogue_id("form", "Giấy khen")
