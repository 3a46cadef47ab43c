"""/search (the page's query language, facets, snippets, rights), /units, /me and /audit."""

import pytest

from intranet.indexing import worker
from tests.api.conftest import assert_problem, audit_available

needs_audit = pytest.mark.skipif(
    not audit_available(), reason="the audit trail (intranet/audit) is not in this build"
)


def _index(app) -> None:
    with app.app_context():
        worker.reindex()


@pytest.fixture
def archive(app, make_document, make_exemplar):
    make_document(
        "36/KH-CĐBP",
        publish=True,
        summary="Tuyên truyền gương điển hình tiên tiến giai đoạn 2023-2025",
    )
    make_document(
        "12/TB-CĐBP",
        publish=True,
        units=["KKT"],
        summary="Thông báo điển hình riêng của Khoa Kinh tế",
    )
    make_exemplar(stage="submitted", name="Điển hình Nguyễn Thị Lan")
    _index(app)


def test_search_finds_with_facets_and_escaped_snippets(api, archive):
    body = api("secretariat").get("/api/v1/search?q=điển hình&type=document").get_json()
    assert body["total"] == 2 and body["degraded"] is False
    hit = body["hits"][0]
    assert hit["api_url"] == f"/api/v1/documents/{hit['record_id']}"
    assert "<mark>" in "".join(h["snippet"] + h["title"] for h in body["hits"]) or hit["snippet"]
    types = {f["value"]: f["count"] for f in body["facets"]["type"]}
    assert types == {"document": 2}
    labels = {f["value"]: f["label"] for f in body["facets"]["type"]}
    assert labels["document"] == "Văn bản"


def test_search_by_document_code_and_without_diacritics(api, archive):
    assert api("staff").get("/api/v1/search?q=36/KH-CDBP").get_json()["total"] >= 1
    assert api("staff").get("/api/v1/search?q=tuyen truyen").get_json()["total"] >= 1


def test_search_honours_the_readers_rights(api, archive):
    staff = api("staff").get("/api/v1/search?q=điển hình").get_json()
    titles = " ".join(h["title"] for h in staff["hits"])
    assert "12/TB-CĐBP" not in titles and "36/KH-CĐBP" in titles
    other = api("other_staff").get("/api/v1/search?q=điển hình").get_json()
    other_titles = " ".join(h["title"] for h in other["hits"])
    assert "12/TB-CĐBP" in other_titles and "Nguyễn Thị Lan" not in other_titles


def test_search_filters_sort_and_pages(api, archive):
    client = api("secretariat")
    assert client.get("/api/v1/search?q=điển hình&kind=TB").get_json()["total"] == 1
    page = client.get("/api/v1/search?q=điển hình&per_page=1&page=2&sort=date").get_json()
    assert page["page"] == 2 and len(page["hits"]) == 1 and page["pages"] == page["total"]
    assert_problem(client.get("/api/v1/search?q=x&sort=random"), 422)
    assert_problem(client.get("/api/v1/search?q=x&per_page=500"), 422)


def test_search_names_units_splits_kinds_and_refuses_wrong_filters(api, archive):
    client = api("secretariat")
    body = client.get("/api/v1/search?q=điển hình").get_json()
    units = {f["value"]: f["label"] for f in body["facets"]["unit"]}
    assert units["KCNTT"] == "Khoa Công nghệ thông tin"
    assert all(h["unit_name"] != h["unit"] for h in body["hits"] if h["unit"])
    assert {f["value"] for f in body["facets"]["kind"]} <= {"KH", "TB"}
    assert [f["label"] for f in body["facets"]["subject"]] == ["Cá nhân"]
    only = client.get("/api/v1/search?q=điển hình&subject=individual").get_json()
    assert [h["type"] for h in only["hits"]] == ["exemplar"]
    for wrong in ("unit=XYZ", "kind=ZZ", "status=x", "subject=x", "year=20x4"):
        assert_problem(client.get(f"/api/v1/search?q=điển hình&{wrong}"), 422)
    past = client.get("/api/v1/search?q=điển hình&page=50").get_json()
    assert past["hits"] == [] and "Trang 50 không có" in past["message"]


def test_suggestions_are_what_the_reader_may_see(api, archive):
    mine = api("other_staff").get("/api/v1/search/suggest?q=12/TB-CĐBP").get_json()
    assert any("12/TB-CĐBP" in s["title"] for s in mine["suggestions"])
    theirs = api("staff").get("/api/v1/search/suggest?q=12/TB-CĐBP").get_json()
    assert not any("12/TB-CĐBP" in s["title"] for s in theirs["suggestions"])
    named = api("staff").get("/api/v1/search/suggest?q=Nguyễn Thị La").get_json()
    assert "Điển hình" in [s["label"] for s in named["suggestions"]]


def test_malformed_query_answers_never_errors(api, archive):
    for q in ('"', "-", "((", "AND OR", "***"):
        assert api("staff").get("/api/v1/search", query_string={"q": q}).status_code == 200


def test_empty_query_says_what_to_type(api):
    body = api("staff").get("/api/v1/search").get_json()
    assert body["total"] == 0 and body["message"]


def test_search_without_an_index_says_it_is_degraded(api):
    body = api("staff").get("/api/v1/search?q=điển hình").get_json()
    assert body["degraded"] is True and body["message"]


def test_units_are_listed_filtered_and_sorted(api):
    body = api("staff").get("/api/v1/units?sort=-code&per_page=2").get_json()
    assert body["total"] == 5 and [u["code"] for u in body["items"]] == ["KKT", "KCNTT"]
    found = api("staff").get("/api/v1/units?q=kinh").get_json()
    assert [u["code"] for u in found["items"]] == ["KKT"]
    assert api("staff").get("/api/v1/units?active=false").get_json()["total"] == 0


def test_me_tells_the_rules_that_apply(api):
    body = api("secretariat").get("/api/v1/me").get_json()
    assert body["publishes"] is True and body["reads_everything"] is True
    staff = api("staff").get("/api/v1/me").get_json()
    assert staff["publishes"] is False and staff["reads_everything"] is False


@needs_audit
def test_audit_trail_for_inspectors_leaders_and_secretariat(api, make_document):
    make_document(publish=True)
    for key in ("inspector", "leader", "secretariat"):
        body = api(key).get("/api/v1/audit?record_type=document").get_json()
        assert body["total"] >= 1, key
        entry = body["items"][0]
        assert entry["record_type"] == "document" and len(entry["hash"]) == 64
    oldest = api("inspector").get("/api/v1/audit?sort=seq&per_page=1").get_json()["items"][0]
    assert oldest["seq"] == 1


@needs_audit
def test_audit_trail_refused_to_others(api):
    for key in ("staff", "unit_head", "admin"):
        assert_problem(api(key).get("/api/v1/audit"), 403)
