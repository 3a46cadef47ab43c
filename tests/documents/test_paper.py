"""Paper copies in the form of Nghị định 30/2020/NĐ-CP: a decision with 30 award lines and the
school's annual list, as PDF (text positions and fonts read back with pypdfium2) and as DOCX
(read back with python-docx)."""

import ctypes
import io
import unicodedata
from datetime import date

import docx
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from intranet.accounts import services as accounts
from intranet.accounts.models import Role, User
from intranet.extensions import db
from intranet.paper import body
from tests import factories
from tests.conftest import PASSWORD, signed_in

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ISSUER = "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC"
BODY = (
    "Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng Trường;\n"
    "Xét đề nghị của Trưởng phòng Hành chính - Tổ chức,\n"
    "\n"
    "QUYẾT ĐỊNH:\n"
    "Điều 1. Tặng Giấy khen của Hiệu trưởng cho 30 cá nhân có thành tích xuất sắc\n"
    "trong năm học 2023 - 2024 (có danh sách kèm theo).\n"
    "Điều 2. Mỗi cá nhân được thưởng theo quy định hiện hành.\n"
    "Điều 3. Trưởng các đơn vị và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành."
)
# Thirty people, in two units, each with a Giấy khen and 1.500.000 đồng.
FAMILIES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng")
GIVEN = (("Văn", "Ánh"), ("Thị", "Bảo"), ("Quốc", "Cường"), ("Minh", "Dũng"), ("Ngọc", "Ểm"))
NAMES = [f"{family} {middle} {given}" for family in FAMILIES for middle, given in GIVEN]
AMOUNT = 1_500_000


def names() -> list[str]:
    return [f"{name} {i:02d}" for i, name in enumerate(NAMES, start=1)]


@pytest.fixture
def decision(app, users):
    """Draft decision 98/QĐ-CĐBP (10/7/2024), signed KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG, with
    thirty award lines; returns its id."""
    with app.app_context():
        factories.seed_catalogues()
        secretariat = db.session.get(User, users["secretariat"])
        document = factories.document(
            secretariat,
            "98/QĐ-CĐBP",
            issued_on=date(2024, 7, 10),
            summary="Về việc khen thưởng cá nhân có thành tích xuất sắc năm học 2023 - 2024",
            issued_place="Bình Phước",
            issuer_name="Trường Cao đẳng Bình Phước",
            body=BODY,
            signer_authority="KT. HIỆU TRƯỞNG",
            signer_title="PHÓ HIỆU TRƯỞNG",
            signer_name="Trần Thị Thu Hà",
            recipients="- Như Điều 3;\n- Ban Giám hiệu;\n- Lưu: VT, HCTC.",
            basis=["Luật Thi đua, khen thưởng ngày 15/6/2022"],
        )
        title = factories.catalogue_id("form", "Giấy khen")
        for i, name in enumerate(names()):
            person = accounts.create_user(
                f"nguoi{i:02d}",
                name,
                factories.unit("KCNTT" if i % 2 else "KKT"),
                (Role.STAFF,),
                PASSWORD,
            )
            factories.award_line(
                document, secretariat, person_id=person.id, form_id=title, amount=AMOUNT
            )
        return document.id


# Reading a PDF back ---------------------------------------------------------------------------


def pdf_lines(data: bytes) -> list[tuple[int, float, str]]:
    """(page, baseline y, text) of every line of text: characters grouped by their baseline."""
    pdf = pypdfium2.PdfDocument(data)
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    try:
        for number, page in enumerate(pdf):
            text = page.get_textpage()
            x, y = ctypes.c_double(), ctypes.c_double()
            for i in range(text.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
                if char in "\r\n" or not pdfium_c.FPDFText_GetCharOrigin(
                    text.raw, i, ctypes.byref(x), ctypes.byref(y)
                ):
                    continue
                lines.setdefault((number, round(y.value, 1)), []).append((x.value, char))
    finally:
        pdf.close()
    result = []
    for (number, baseline), chars in lines.items():
        chars.sort()
        line = unicodedata.normalize("NFC", "".join(c for _x, c in chars))
        result.append((number, baseline, " ".join(line.split())))
    return sorted(result, key=lambda r: (r[0], -r[1]))


def line_with(lines, words: str) -> tuple[int, float, str]:
    found = [line for line in lines if words in line[2]]
    assert found, f"no line holds {words!r}: {[line[2] for line in lines[:20]]}"
    return found[0]


def fonts_of(data: bytes) -> set[str]:
    """The base font names (without the subset tag) of every text on the PDF's pages."""
    pdf = pypdfium2.PdfDocument(data)
    fonts = set()
    try:
        for page in pdf:
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
                font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                name = ctypes.create_string_buffer(256)
                pdfium_c.FPDFFont_GetBaseFontName(font, name, 256)
                fonts.add(name.value.decode().split("+")[-1])
    finally:
        pdf.close()
    return fonts


def page_size_mm(data: bytes) -> tuple[float, float]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        width, height = pdf[0].get_size()
    finally:
        pdf.close()
    return round(width * 25.4 / 72), round(height * 25.4 / 72)


def docx_text(data: bytes) -> str:
    """Every paragraph of the DOCX, its tables' cells included, one per line."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = []
            for cell in row.cells:  # a merged cell is given once per grid column
                if cell._tc not in seen:
                    seen.append(cell._tc)
                    parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def squeeze(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# The decision ---------------------------------------------------------------------------------


@pytest.fixture
def decision_pdf(app, decision):
    response = signed_in(app, "thuongtruc").get(f"/documents/{decision}/paper.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return response.data


def test_the_decision_is_a4_in_liberation_serif_with_motto_and_issuer_each_on_one_line(
    decision_pdf,
):
    assert page_size_mm(decision_pdf) == (210, 297)
    # Liberation Serif 2 (fonts-liberation2) has every Vietnamese letter: no glyph falls back.
    fonts = fonts_of(decision_pdf)
    assert fonts and all(name.replace("-", "").startswith("LiberationSerif") for name in fonts)

    lines = pdf_lines(decision_pdf)
    nation = line_with(lines, "CỘNG HÒA")
    motto = line_with(lines, "Độc lập")
    issuer = line_with(lines, "TRƯỜNG CAO")
    # Each on one baseline, whole: the line holding its first word holds all of it.
    assert NATION in nation[2] and MOTTO in motto[2] and ISSUER in issuer[2]
    assert nation[0] == motto[0] == issuer[0] == 0
    # The header's two columns: the parent agency and the national motto share the top line.
    assert "UBND TỈNH BÌNH PHƯỚC" in nation[2]
    assert motto[1] < nation[1]


def test_the_decision_reads_in_the_decrees_order_each_article_its_own_paragraph(decision_pdf):
    lines = [line[2] for line in pdf_lines(decision_pdf)]
    text = "\n".join(lines)

    order = [
        "Số: 98/QĐ-CĐBP",
        "Bình Phước, ngày",
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng cá nhân",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;",
        "Điều 1. Tặng Giấy khen",
        "Điều 2. Mỗi cá nhân",
        "Điều 3. Trưởng các đơn vị",
        "Nơi nhận:",
        "KT. HIỆU TRƯỞNG",
        "PHÓ HIỆU TRƯỞNG",
        "Trần Thị Thu Hà",
        "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG",
        "(Kèm theo Quyết định số 98/QĐ-CĐBP",
    ]
    positions = [text.find(words) for words in order]
    assert -1 not in positions, [w for w, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    for article in ("Điều 1.", "Điều 2.", "Điều 3."):
        assert any(line.startswith(article) for line in lines), article
    assert "- Như Điều 3;" in text and "- Lưu: VT, HCTC." in text


def test_the_attached_list_is_complete_with_its_total(decision_pdf):
    lines = pdf_lines(decision_pdf)
    text = "\n".join(line[2] for line in lines)

    for name in names():
        assert name in text, name
    assert text.count("Giấy khen") >= 30
    total = line_with(lines, "Tổng cộng")
    assert "Tổng cộng: 30" in total[2] and "45.000.000" in total[2]
    assert "1.500.000" in text
    for heading in ("STT", "Họ và tên", "Đơn vị", "Danh hiệu / Hình thức", "Số tiền"):
        assert heading in text, heading


def test_the_decision_as_docx_holds_the_same_text(app, decision):
    response = signed_in(app, "thuongtruc").get(f"/documents/{decision}/paper.docx")

    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = squeeze(docx_text(response.data))
    for words in (
        "UBND TỈNH BÌNH PHƯỚC",
        ISSUER,
        NATION,
        MOTTO,
        "Số: 98/QĐ-CĐBP",
        "QUYẾT ĐỊNH",
        "Điều 1. Tặng Giấy khen",
        "Điều 3. Trưởng các đơn vị",
        "Nơi nhận:",
        "KT. HIỆU TRƯỞNG",
        "PHÓ HIỆU TRƯỞNG",
        "Trần Thị Thu Hà",
        "(Kèm theo Quyết định số 98/QĐ-CĐBP",
        "Tổng cộng: 30",
        "45.000.000",
    ):
        assert words in text, words
    for name in names():
        assert name in text, name


def test_the_docx_is_a4_with_the_decrees_margins(app, decision):
    data = signed_in(app, "thuongtruc").get(f"/documents/{decision}/paper.docx").data

    section = docx.Document(io.BytesIO(data)).sections[0]
    mm = 36000  # EMU per millimetre
    assert (round(section.page_width / mm), round(section.page_height / mm)) == (210, 297)
    assert 20 <= round(section.top_margin / mm) <= 25
    assert 20 <= round(section.bottom_margin / mm) <= 25
    assert 30 <= round(section.left_margin / mm) <= 35
    assert 15 <= round(section.right_margin / mm) <= 20


def test_the_api_gives_the_same_paper_copies(app, decision):
    client = signed_in(app, "thuongtruc")

    pdf = client.get(f"/api/v1/documents/{decision}/paper.pdf")
    word = client.get(f"/api/v1/documents/{decision}/paper.docx")

    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert word.status_code == 200 and word.data.startswith(b"PK")
    assert (
        "98-QĐ-CĐBP.pdf"
        in unicodedata.normalize("NFC", pdf.headers["Content-Disposition"].replace("%C4%90", "Đ"))
        or "98-Q" in pdf.headers["Content-Disposition"]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/documents/{}/paper.pdf",
        "/documents/{}/paper.docx",
        "/api/v1/documents/{}/paper.pdf",
        "/api/v1/documents/{}/paper.docx",
    ],
)
def test_a_draft_paper_copy_is_not_found_for_staff(app, decision, path):
    """The paper copy is seen by whoever may see the document: a draft by no staff member."""
    assert signed_in(app, "canbo").get(path.format(decision)).status_code == 404


def test_the_document_page_offers_the_paper_copies(app, decision):
    page = signed_in(app, "thuongtruc").get(f"/documents/{decision}").get_data(as_text=True)

    assert f'href="/documents/{decision}/paper.pdf"' in page
    assert f'href="/documents/{decision}/paper.docx"' in page


def test_the_web_copy_keeps_each_article_apart(app, decision):
    page = signed_in(app, "thuongtruc").get(f"/documents/{decision}").get_data(as_text=True)

    for article in ("Điều 1.", "Điều 2.", "Điều 3."):
        assert f"<strong>{article}</strong>" in page


def test_the_body_splits_articles_items_and_joins_broken_lines():
    paras = body(
        "Điều 1. Khen thưởng\ncác cá nhân sau:\n- Ông A;\n- Bà B.\nĐiều 2. Thi hành.\n\nVăn bản."
    )

    assert [(p.lead, p.text) for p in paras] == [
        ("Điều 1.", "Khen thưởng các cá nhân sau:"),
        ("", "- Ông A;"),
        ("", "- Bà B."),
        ("Điều 2.", "Thi hành."),
        ("", "Văn bản."),
    ]


# The school's annual list for the province ----------------------------------------------------

LISTED = ("Nguyễn Thị Ánh Tuyết", "Đặng Quốc Hưng", "Huỳnh Văn Đạt")


@pytest.fixture
def school_list(app, users):
    """Three recognised nominations of 2024 in KCNTT; the school's list as PDF and DOCX."""
    with app.app_context():
        factories.seed_catalogues()
        owner, head, secretariat = (
            db.session.get(User, users[key]) for key in ("staff", "unit_head", "secretariat")
        )
        for name in LISTED:
            nomination = factories.exemplar(owner, name=name)
            factories.evidence(nomination, owner)
            factories.advance(
                nomination, "recognised", owner=owner, head=head, secretariat=secretariat
            )
    client = signed_in(app, "thuongtruc")
    pdf = client.get("/supervision/export/school/2024.pdf")
    word = client.get("/supervision/export/school/2024.docx")
    assert pdf.status_code == word.status_code == 200
    return pdf.data, word.data


def test_the_school_list_is_a_paper_of_the_school_in_liberation_serif(school_list):
    data, _word = school_list
    lines = pdf_lines(data)
    text = "\n".join(line[2] for line in lines)

    assert page_size_mm(data) == (297, 210)  # a wide table: A4 landscape
    assert all(n.replace("-", "").startswith("LiberationSerif") for n in fonts_of(data))
    nation, motto = line_with(lines, "CỘNG HÒA"), line_with(lines, "Độc lập")
    issuer = line_with(lines, "TRƯỜNG CAO")
    assert NATION in nation[2] and MOTTO in motto[2] and ISSUER in issuer[2]
    assert "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN TOÀN TRƯỜNG NĂM 2024" in text
    assert "/DS-CĐBP" in text
    for name in LISTED:
        assert name in text, name
    for heading in ("STT", "Danh hiệu", "Quyết định"):
        assert heading in text
    assert "Nơi nhận:" in text and "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text


def test_the_school_list_as_docx_holds_the_same_text(school_list):
    _pdf, data = school_list
    text = squeeze(docx_text(data))

    for words in (NATION, MOTTO, ISSUER, "Nơi nhận:", "CHỦ TỊCH", *LISTED):
        assert words in text, words
