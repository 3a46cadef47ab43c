"""The demo: plan 36/KH-CĐBP as the paper shows it, and HR's first decision for one unit.

These tests use a fresh app without the `users` fixture: `demo load` creates the accounts.
"""

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from intranet import storage
from intranet.documents.models import Document, Status
from intranet.extensions import db
from tests.conftest import csrf_token, login, unit_id
from tests.documents.conftest import sample_bytes, text_of

PLAN = "36/KH-CĐBP"


@pytest.fixture
def demo(app):
    """The demo loaded; returns {username: password}."""
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return dict(re.findall(r"^\s+(\S+)\s+(\S+)\s{2,}", result.output, re.MULTILINE))


@pytest.fixture
def sign_in(app, demo):
    def sign_in(username):
        client = app.test_client()
        assert login(client, username, demo[username]).status_code == 302
        client.get("/")  # shows the welcome message
        return client

    return sign_in


def plan(app) -> Document:
    with app.app_context():
        document = db.session.execute(select(Document).filter_by(symbol=PLAN)).scalar_one()
        _ = document.tasks, document.basis, document.files, document.audience
        _ = [v.stored for f in document.files for v in f.versions]
        db.session.expunge_all()
        return document


def plan_page(app, sign_in, username="thuongtruc") -> str:
    return text_of(sign_in(username).get(f"/documents/{plan(app).id}"))


# --- the plan as loaded ----------------------------------------------------------------------


def test_demo_plan_is_published_to_all_staff(app, demo):
    document = plan(app)
    assert document.status == Status.PUBLISHED and document.audience_all
    assert (document.kind, document.number, document.issued_on) == ("KH", 36, date(2023, 4, 21))
    assert (document.period_start, document.period_end) == (2023, 2025)


def test_demo_plan_has_its_five_tasks(app, demo):
    tasks = plan(app).tasks
    assert len(tasks) == 5
    yearly = [t for t in tasks if (t.deadline_day, t.deadline_month) == (30, 6)]
    assert len(yearly) == 1
    assert "danh sách điển hình tiên tiến" in yearly[0].description
    assert yearly[0].deadline_in(2024) == date(2024, 6, 30)
    (target,) = [t for t in tasks if t.target_count is not None]
    assert target.target_count == 1
    assert "ít nhất 01 điển hình tiên tiến" in target.description


def test_demo_plan_cites_its_basis_113_kh_ubnd(app, demo):
    (basis,) = plan(app).basis
    assert basis.implements
    assert basis.cited_text == "Kế hoạch số 113/KH-UBND ngày 03/4/2023 của UBND tỉnh"
    assert basis.target_id is None  # the province's plan is not in the archive: cited only


def test_demo_plan_has_its_signer_block(app, demo):
    document = plan(app)
    assert document.signer_authority == "KT. HIỆU TRƯỞNG"
    assert document.signer_title == "PHÓ HIỆU TRƯỞNG"
    assert document.signer_name == "Nguyễn Bích Liên"


def test_demo_plan_has_its_recipients(app, demo):
    lines = plan(app).recipient_lines
    assert lines[0] == "- UBND tỉnh;"
    assert "- Ban TĐKT tỉnh;" in lines
    assert lines[-1] == "- Lưu: VT, TCHCKH."


def test_demo_plan_has_its_text_as_pdf_and_txt_files(app, demo):
    files = [(f.current.original_name, f.current.stored.type_code) for f in plan(app).files]
    assert files == [
        ("Kế hoạch 36-KH-CĐBP.pdf", "pdf"),
        ("Kế hoạch 36-KH-CĐBP (văn bản).txt", "txt"),
    ]


def test_demo_plan_files_are_safe_on_disk(app, demo):
    with app.app_context():
        document = db.session.get(Document, plan(app).id)
        assert all(storage.verify(f.current.stored) for f in document.files)
        assert storage.stray_blobs() == []


# --- the plan's page, as the paper --------------------------------------------------------


def test_demo_plan_page_has_the_national_header(app, sign_in):
    page = plan_page(app, sign_in)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "Độc lập - Tự do - Hạnh phúc" in page


def test_demo_plan_page_has_number_place_and_date(app, sign_in):
    page = plan_page(app, sign_in)
    assert "Số: 36/KH-CĐBP" in page
    assert "Bình Phước, ngày 21 tháng 4 năm 2023" in page


def test_demo_plan_page_has_summary_and_body(app, sign_in):
    page = plan_page(app, sign_in)
    assert "Tuyên truyền gương điển hình tiên tiến năm 2023, giai đoạn 2022 - 2025" in page
    assert "Trường Cao đẳng Bình Phước xây dựng" in page  # the body text


def test_demo_plan_page_has_signer_block_and_recipients(app, sign_in):
    page = plan_page(app, sign_in)
    assert re.search(r"KT\. HIỆU TRƯỞNG</div>\s*<div[^>]*>PHÓ HIỆU TRƯỞNG</div>", page)
    assert "Nguyễn Bích Liên" in page
    assert "Nơi nhận" in page and "<li>- Lưu: VT, TCHCKH.</li>" in page


def test_demo_plan_page_has_its_basis_tasks_and_files(app, sign_in):
    page = plan_page(app, sign_in)
    assert "Kế hoạch số 113/KH-UBND ngày 03/4/2023 của UBND tỉnh" in page
    assert "trước 30/6 hằng năm" in page
    assert "≥ 1 điển hình tiên tiến mỗi đơn vị mỗi năm" in page
    assert "Kế hoạch 36-KH-CĐBP.pdf" in page
    assert "Kế hoạch 36-KH-CĐBP (văn bản).txt" in page


def test_demo_plan_page_shows_the_chain_down_to_the_faculty_plan(app, sign_in):
    page = plan_page(app, sign_in, "canbo")  # a member of KCNTT, the faculty's plan's audience
    chain = re.search(r'<ol class="plan-chain small">(.*?)</ol>', page, re.DOTALL).group(1)
    assert chain.index("113/KH-UBND") < chain.index("36/KH-CĐBP") < chain.index("05/KH-KCNTT")


# --- HR's first decision, published to one unit --------------------------------------------


@pytest.fixture
def decision(app, sign_in):
    """HR drafts decision …/QĐ-CĐBP (no number yet), attaches a PDF and submits it; the leader
    signs; HR issues it to KKT, the number taken then."""
    hr = sign_in("thuongtruc")
    form = hr.get("/documents/new?kind=QĐ").get_data(as_text=True)
    symbol = re.search(r'<input[^>]*name="number_symbol"[^>]*value="([^"]+)"', form).group(1)
    response = hr.post(
        "/documents/new",
        data={
            "csrf_token": csrf_token(hr, "/documents/new"),
            "kind": "QĐ",
            "number_symbol": symbol,
            "issued_on": date.today().isoformat(),
            "summary": "Về việc công nhận điển hình tiên tiến Khoa Kinh tế",
            "issued_place": "Bình Phước",
            "issuer_name": "Trường Cao đẳng Bình Phước",
            "signer_authority": "KT. HIỆU TRƯỞNG",
            "signer_title": "PHÓ HIỆU TRƯỞNG",
            "signer_name": "Nguyễn Bích Liên",
            "unit_id": "0",
            "audience_all": "some",
            "audience_units": [str(unit_id(app, "KKT"))],
        },
    )
    assert response.status_code == 302, text_of(response)
    document_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    token = csrf_token(hr, f"/documents/{document_id}")
    hr.post(
        f"/documents/{document_id}/files",
        data={
            "csrf_token": token,
            "files": [(io.BytesIO(sample_bytes("ke-hoach-36-KH-CDBP.pdf")), "Quyết định.pdf")],
        },
    )
    hr.post(f"/documents/{document_id}/submit", data={"csrf_token": token})
    leader = sign_in("lanhdao")
    leader.post(
        f"/documents/{document_id}/sign",
        data={
            "csrf_token": csrf_token(leader, f"/documents/{document_id}"),
            "signer_authority": "KT. HIỆU TRƯỞNG",
            "signer_title": "PHÓ HIỆU TRƯỞNG",
            "signer_name": "Nguyễn Bích Liên",
        },
    )
    hr.post(f"/documents/{document_id}/publish", data={"csrf_token": token})
    with app.app_context():
        document = db.session.get(Document, document_id)
        return {
            "id": document_id,
            "drafted": symbol,
            "symbol": document.symbol,
            "status": document.status,
            "version": document.files[0].current.id,
        }


def test_hr_drafts_the_decision_and_it_takes_its_number_at_issue(app, decision):
    assert decision["drafted"] == "…/QĐ-CĐBP"
    assert decision["symbol"] == "01/QĐ-CĐBP"  # nothing of CĐBP issued yet this year
    assert decision["status"] == Status.PUBLISHED


def test_member_of_the_unit_reads_the_decision(app, sign_in, decision):
    reader = sign_in("canbo.kt")
    page = text_of(reader.get(f"/documents/{decision['id']}"))
    assert f"Số: {decision['symbol']}" in page
    assert "Về việc công nhận điển hình tiên tiến Khoa Kinh tế" in page
    download = reader.get(f"/documents/files/v/{decision['version']}/download")
    assert download.data == sample_bytes("ke-hoach-36-KH-CDBP.pdf")


def test_member_of_another_unit_cannot_read_the_decision(app, sign_in, decision):
    outsider = sign_in("canbo")
    assert decision["symbol"] not in text_of(outsider.get("/documents/"))
    assert outsider.get(f"/documents/{decision['id']}").status_code == 404
    assert outsider.get(f"/documents/files/v/{decision['version']}/download").status_code == 404
