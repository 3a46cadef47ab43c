"""Permissions inside the search: a restricted record carrying a unique word never reaches a reader
who may not open it, through the hits, the total, the facet counts, the snippets or the exports;
and a change of a reader's unit or role applies to the very next search."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from intranet.accounts import services as accounts
from intranet.accounts.models import Unit, User
from intranet.exemplars import services as exemplar_services
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests.indexing.conftest import run_worker, sample, search_page

COMMON = "xylophonkhongtrung"  # in every record below, restricted or not
WORDS = {  # one more word for each record, found nowhere else
    "kkt": "xylophonkhoakinhte",
    "draft": "xylophonduthao",
    "evidence": "xylophonminhchung",
    "public": "xylophoncongkhai",
}
# Who may find which record: the same rules as the pages (documents/access, exemplars/access).
MAY_FIND = {
    "admin": {"public"},
    "secretariat": {"public", "kkt", "draft", "evidence"},
    "leader": {"public", "kkt", "draft", "evidence"},
    "inspector": {"public", "kkt", "draft", "evidence"},
    "unit_head": {"public"},  # a draft nomination of the unit is not yet the head's to see
    "staff": {"public", "evidence"},  # the nomination's owner
    "other_staff": {"public", "kkt"},
}


@pytest.fixture
def restricted(app, make_document, make_nomination):
    """A document published only to KKT, a draft, a KCNTT nomination's evidence, and one
    public document; each carrying COMMON and its own word, in metadata and in a file's text."""
    ids = {}
    ids["kkt"] = make_document(
        "21/TB-CĐBP",
        publish=True,
        units=["KKT"],
        unit="KKT",
        summary=f"Thông báo nội bộ {COMMON} {WORDS['kkt']}",
        attachments=[("noi-bo.txt", f"Tệp nội bộ {COMMON} {WORDS['kkt']}".encode())],
    )
    ids["draft"] = make_document(
        "22/TB-CĐBP",
        publish=False,
        summary=f"Dự thảo {COMMON} {WORDS['draft']}",
        body=f"Nội dung dự thảo {WORDS['draft']}",
        attachments=[("du-thao.txt", f"Tệp dự thảo {COMMON} {WORDS['draft']}".encode())],
    )
    exemplar_id, evidence_ids = make_nomination(
        "staff",
        name="Phạm Minh Chứng",
        achievement="Thành tích giảng dạy.",
        evidence=[("minh-chung.txt", f"Minh chứng {COMMON} {WORDS['evidence']}".encode())],
        title=f"Bằng khen {WORDS['evidence']}",
        description=f"Mô tả {COMMON}",
    )
    ids["exemplar"], ids["evidence"] = exemplar_id, evidence_ids[0]
    ids["public"] = make_document(
        "23/TB-CĐBP",
        publish=True,
        summary=f"Thông báo chung {COMMON} {WORDS['public']}",
    )
    run_worker(app)
    return ids


def visible_words(page) -> set[str]:
    """Which records' own words appear anywhere on the page, the search box aside."""
    return {name for name, word in WORDS.items() if word in page.outside_form}


def expected_total(found: set[str]) -> int:
    # Each document is a record and its file another; the evidence is one record (its nomination
    # does not carry the words); the public document has no file.
    sizes = {"kkt": 2, "draft": 2, "evidence": 1, "public": 1}
    return sum(sizes[name] for name in found)


@pytest.mark.parametrize("who", sorted(MAY_FIND))
def test_each_reader_finds_exactly_what_they_may_open(backend, restricted, login_as, who):
    client = login_as(who)
    page = search_page(client, COMMON)
    assert page.status == 200
    # Hits and snippets.
    assert visible_words(page) == MAY_FIND[who]
    # The total.
    assert page.total == expected_total(MAY_FIND[who])
    assert len(page.hits) == page.total
    # Facet counts add up to what the reader may see, in every facet.
    types = page.facets["Loại hồ sơ"]
    assert sum(types.values()) == page.total
    assert ("Minh chứng" in types) == ("evidence" in MAY_FIND[who])
    units = page.facets.get("Đơn vị", {})
    assert ("Khoa Kinh tế" in units) == ("kkt" in MAY_FIND[who])
    statuses = page.facets.get("Trạng thái", {})
    assert ("Dự thảo" in statuses) == ("draft" in MAY_FIND[who])
    # Each word on its own: found by those who may, else nothing at all, not even a count.
    for name, word in WORDS.items():
        page = search_page(client, word)
        if name in MAY_FIND[who]:
            assert page.total >= 1, (who, name)
        else:
            assert page.total == 0, (who, name)
            assert page.hits == [] and page.facets == {}
            assert word not in page.outside_form
    # Filters alone (no words) do not reveal a restricted record either.
    page = search_page(client, None, type="document", status="draft")
    assert (page.total > 0) == ("draft" in MAY_FIND[who])
    page = search_page(client, None, type="evidence")
    assert (page.total > 0) == ("evidence" in MAY_FIND[who])
    # And every hit leads to a page the reader may open.
    page = search_page(client, COMMON)
    for hit in page.hits:
        assert client.get(hit.url.split("#")[0]).status_code == 200, (who, hit)


def test_an_anonymous_visitor_is_sent_to_sign_in(backend, restricted, client):
    for path in (
        f"/search/?q={COMMON}",
        f"/search/?q={WORDS['kkt']}",
        "/search/?status=draft",
        f"/search/export.csv?q={COMMON}",
        f"/search/export.xlsx?q={COMMON}",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login" in response.location
        body = response.get_data(as_text=True)
        assert not any(word in body for word in WORDS.values() if word not in path)


@pytest.mark.parametrize("who", ["staff", "other_staff", "unit_head", "admin"])
def test_exports_are_for_inspectors_only(backend, restricted, login_as, who):
    client = login_as(who)
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/search/export.{fmt}", query_string={"q": COMMON})
        assert response.status_code == 403
        assert not any(word in response.get_data(as_text=True) for word in WORDS.values())
    page = search_page(client, COMMON)
    assert "/search/export." not in page.html


def test_the_inspector_exports_every_record_in_csv_and_xlsx(backend, restricted, login_as):
    inspector = login_as("inspector")
    page = search_page(inspector, COMMON)
    assert "/search/export.xlsx" in page.html and "/search/export.csv" in page.html

    response = inspector.get("/search/export.csv", query_string={"q": COMMON})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, rows = rows[0], rows[1:]
    assert header[:2] == ["Loại", "Tiêu đề"]
    assert len(rows) == expected_total(set(WORDS))
    text = "\n".join(",".join(r) for r in rows)
    assert {name for name, word in WORDS.items() if word in text} == set(WORDS)
    links = {r[-1] for r in rows}
    assert f"http://localhost/documents/{restricted['draft']}" in links
    assert f"http://localhost/exemplars/{restricted['exemplar']}#minh-chung" in links

    response = inspector.get("/search/export.xlsx", query_string={"q": COMMON})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    values = [[c for c in row] for row in book.active.iter_rows(values_only=True)]
    assert values[0] == header
    assert len(values) - 1 == len(rows)
    titles = "\n".join(str(r[1]) for r in values[1:])
    assert {name for name, word in WORDS.items() if word in titles} == set(WORDS)
    assert f"Bằng khen {WORDS['evidence']} – Phạm Minh Chứng" in titles


def test_export_keeps_the_filters_and_text_that_looks_like_a_formula(
    backend, app, make_nomination, login_as
):
    """A title typed by anyone lands in the inspector's spreadsheet: never as a formula."""
    formula = '=HYPERLINK("http://example.invalid/x","xylophoncongthuc")'
    make_nomination(
        "staff",
        evidence=[("a.txt", b"xylophoncongthuc")],
        title=formula,
    )
    run_worker(app)
    inspector = login_as("inspector")
    response = inspector.get("/search/export.xlsx", query_string={"q": "xylophoncongthuc"})
    sheet = load_workbook(io.BytesIO(response.data)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value.startswith(formula)
    response = inspector.get("/search/export.csv", query_string={"q": "xylophoncongthuc"})
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[1][1].startswith("'=HYPERLINK(")
    # Filters apply to the export as to the page.
    response = inspector.get(
        "/search/export.csv", query_string={"q": "xylophoncongthuc", "type": "document"}
    )
    assert len(list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))) == 1


def move(app, users, key: str, unit_code: str | None = None, roles=None) -> None:
    """Change a user's unit or roles as the admin pages do."""
    with app.app_context():
        user = db.session.get(User, users[key])
        unit = user.unit
        if unit_code:
            unit = db.session.execute(select(Unit).filter_by(code=unit_code)).scalar_one()
        accounts.update_user(
            user,
            full_name=user.full_name,
            unit=unit,
            roles=roles if roles is not None else [r.value for r in user.roles],
            active=True,
            email=user.email,
        )


def test_a_change_of_unit_applies_to_the_very_next_search(
    backend, app, restricted, users, login_as
):
    staff = login_as("staff")
    assert visible_words(search_page(staff, COMMON)) == {"public", "evidence"}
    move(app, users, "staff", "KKT")
    # The same signed-in client, no new sign-in, no reindex.
    page = search_page(staff, COMMON)
    assert visible_words(page) == {"public", "evidence", "kkt"}
    assert page.total == expected_total({"public", "evidence", "kkt"})
    move(app, users, "staff", "KCNTT")
    page = search_page(staff, WORDS["kkt"])
    assert page.total == 0 and page.facets == {}
    assert staff.get(f"/documents/{restricted['kkt']}").status_code == 404

    other = login_as("other_staff")
    assert search_page(other, WORDS["kkt"]).total == 2
    move(app, users, "other_staff", "KCNTT")
    page = search_page(other, COMMON)
    assert visible_words(page) == {"public"}
    assert page.total == 1
    assert "Khoa Kinh tế" not in page.facets.get("Đơn vị", {})


def test_a_change_of_role_applies_to_the_very_next_search(
    backend, app, restricted, users, login_as
):
    other = login_as("other_staff")
    assert "draft" not in visible_words(search_page(other, COMMON))
    move(app, users, "other_staff", roles=["staff", "inspector"])
    page = search_page(other, COMMON)
    assert visible_words(page) == set(WORDS)
    assert other.get("/search/export.csv", query_string={"q": COMMON}).status_code == 200
    move(app, users, "other_staff", roles=["staff"])
    page = search_page(other, COMMON)
    assert visible_words(page) == {"public", "kkt"}
    assert page.total == expected_total({"public", "kkt"})
    assert other.get("/search/export.csv", query_string={"q": COMMON}).status_code == 403


def test_a_unit_head_sees_a_submitted_nomination_of_the_unit_until_moved(
    backend, app, restricted, users, login_as
):
    head = login_as("unit_head")
    assert "evidence" not in visible_words(search_page(head, COMMON))
    with app.app_context():
        exemplar = db.session.get(Exemplar, restricted["exemplar"])
        exemplar_services.take_step(exemplar, "submit", db.session.get(User, users["staff"]))
    # The stage changes who may see the evidence: the outbox carries it to the index.
    run_worker(app)
    page = search_page(head, WORDS["evidence"])
    assert page.total == 1
    assert page.hits[0].label == "Minh chứng"
    assert head.get(page.hits[0].url.split("#")[0]).status_code == 200
    # The head moves to another unit: the next search no longer shows it.
    move(app, users, "unit_head", "KKT")
    page = search_page(head, WORDS["evidence"])
    assert page.total == 0 and page.hits == [] and page.facets == {}
    # And the head who loses the role.
    move(app, users, "unit_head", "KCNTT", roles=["staff"])
    assert search_page(head, WORDS["evidence"]).total == 0
    move(app, users, "unit_head", "KCNTT", roles=["staff", "unit_head"])
    assert search_page(head, WORDS["evidence"]).total == 1


def test_the_evidence_file_text_is_not_shown_to_a_colleague_of_the_same_unit(
    backend, app, make_nomination, users, login_as
):
    """The nomination's owner finds the evidence by a word of its file; the unit's other staff
    and the head (while it is a draft) find nothing, on any backend, with any spelling."""
    pdf = sample("ke-hoach-36-KH-CDBP.pdf")
    make_nomination("unit_head", evidence=[("ke-hoach.pdf", pdf)], title="Kế hoạch đính kèm")
    run_worker(app)
    owner = login_as("unit_head")
    assert search_page(owner, "Nguyễn Bích Liên").total == 1
    for who in ("staff", "other_staff", "admin"):
        client = login_as(who)
        for text in ("Nguyễn Bích Liên", "nguyen bich lien", '"bich lien"', "113/KH-UBND"):
            page = search_page(client, text)
            assert page.total == 0, (who, text)
            assert "Bích" not in page.outside_form
