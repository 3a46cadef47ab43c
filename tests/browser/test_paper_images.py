"""The paper copies as a person downloads them from the demo server, rendered to PNG for a
human to look at (artifacts/paper/, kept by CI): decision 98/QĐ-CĐBP with its attached list and
the school's annual list for the province."""

import re

import pypdfium2
import pytest

from tests.browser import support

pytestmark = pytest.mark.browser

PAPER = support.ARTIFACTS / "paper"


def save_pngs(data: bytes, stem: str) -> list[str]:
    """Each page of the PDF as artifacts/paper/{stem}-{n}.png (150 dpi); returns the names."""
    PAPER.mkdir(parents=True, exist_ok=True)
    for old in PAPER.glob(f"{stem}-*.png"):
        old.unlink()
    pdf = pypdfium2.PdfDocument(data)
    names = []
    try:
        for number, page in enumerate(pdf, start=1):
            path = PAPER / f"{stem}-{number}.png"
            page.render(scale=150 / 72).to_pil().save(path)
            names.append(path.name)
    finally:
        pdf.close()
    return names


def download(session, href: str) -> bytes:
    response = session.context.request.get(href)
    assert response.ok, f"{href}: {response.status}"
    assert response.headers["content-type"].startswith("application/pdf")
    return response.body()


def test_the_decision_and_the_school_list_render_as_paper(sign_in):
    session = sign_in("thuongtruc")
    page = session.goto("/documents/?kind=QĐ")
    page.get_by_role("link", name=re.compile(r"98\/QĐ-CĐBP")).first.click()
    page.wait_for_url(re.compile(r"/documents/\d+$"))
    pdf_link = page.get_by_role("link", name="Bản in (PDF)")
    word_link = page.get_by_role("link", name="Bản Word (DOCX)")
    assert word_link.count() == 1

    decision = save_pngs(download(session, pdf_link.get_attribute("href")), "quyet-dinh-98")
    school = save_pngs(download(session, "/supervision/export/school/2023.pdf"), "danh-sach-2023")

    assert len(decision) >= 2  # the decision, then its attached list
    assert school
