"""Every surface gives the same answer as the one rule: issue 13's "Done when" test.

Every reader (each role, the heads and staff of two units, a head whose role was just removed,
and no one signed in) × every kind of record in every state: the record's page, its API
resource, the lists, search (hits, totals, facets, export), its files and exports, the links the
templates draw, and each action's button and refusal, all agree with ``policy.may``. The
world is built once for the module (tests/agreement_support.py) and only read; a refused action
is checked to have changed nothing.
"""

import csv
import io
import re

import pytest

from intranet.exemplars import access as exemplar_access
from intranet.exemplars import workflow
from tests import agreement_support as support
from tests.agreement_support import COMMON, READERS, RECORDS, SIGNED_IN, YEAR, links, word

# The surfaces of each kind: {kind: [(surface name, template, api?)]}; {id}, {doc}, {unit},
# {exemplar} are the record's id, its document's, its unit's, its nomination's.
PAGE = {
    "document": "/documents/{id}",
    "exemplar": "/exemplars/{id}",
    "award_line": "/exemplars/decisions/{doc}",
    "report": "/supervision/reports/view/{id}",
    "inspection": "/supervision/inspections/{id}",
}
API = {
    "document": "/api/v1/documents/{id}",
    "exemplar": "/api/v1/exemplars/{id}",
    "evidence": "/api/v1/evidence/{id}",
    "report": "/api/v1/reports/{id}",
    "inspection": "/api/v1/inspections/{id}",
}
DOWNLOADS = {
    "version": [
        ("/documents/files/v/{id}/download", False),
        ("/api/v1/files/versions/{id}/download", True),
    ],
    "evidence": [
        ("/exemplars/evidence/{id}/download", False),
        ("/api/v1/evidence/{id}/download", True),
    ],
    "report": [
        ("/supervision/reports/view/{id}/file", False),
        ("/api/v1/reports/{id}/file", True),
        ("/supervision/export/unit/{unit}/{year}.xlsx", False),
    ],
    "inspection": [("/supervision/inspections/{id}/minutes", False)],
}
# Lists: (page listing the record's link, the link; API list, where its id is).
LISTS = {
    "document": ("/documents/", "/documents/{id}", "/api/v1/documents?per_page=100"),
    "exemplar": (
        "/exemplars/?queue=all",
        "/exemplars/{id}",
        "/api/v1/exemplars?queue=all&per_page=100",
    ),
    "evidence": (
        "/exemplars/{exemplar}",
        "/exemplars/evidence/{id}/download",
        "/api/v1/exemplars/{exemplar}/evidence?per_page=100",
    ),
    "file": (
        "/documents/{doc}",
        "/documents/files/v/{current}/download",
        "/api/v1/documents/{doc}/files?per_page=100",
    ),
    "award_line": (
        "/exemplars/decisions/{doc}",
        "/exemplars/decisions/{doc}",
        "/api/v1/decisions/{doc}/lines?per_page=100",
    ),
    "report": (
        f"/supervision/reports?year={YEAR}",
        "/supervision/reports/view/{id}",
        f"/api/v1/reports?year={YEAR}&per_page=100",
    ),
    "inspection": (
        "/supervision/inspections",
        "/supervision/inspections/{id}",
        "/api/v1/inspections?per_page=100",
    ),
}
SEARCHED = ("document", "file", "exemplar", "evidence")
# A file's text and name are those of its current version.
SEARCH_WORD = {"file_of_all": word("version_of_all_new")}
STEPS = tuple(workflow.STEPS)
# Actions: {kind: {action: (marker on the record's page, page POST, API call or None)}}.
ACTIONS = {
    "document": {
        "edit": (
            "/documents/{id}/edit",
            ("/documents/{id}/edit", {"summary": "Sửa trái phép"}),
            ("PATCH", "/api/v1/documents/{id}", {"json": {"summary": "Sửa trái phép"}}),
        ),
        "publish": (
            "/documents/{id}/publish",
            ("/documents/{id}/publish", {}),
            ("POST", "/api/v1/documents/{id}/publish", {"json": {}}),
        ),
        "retire": (
            "/documents/{id}/revoke",
            ("/documents/{id}/revoke", {"reason": "Thu hồi trái phép"}),
            ("POST", "/api/v1/documents/{id}/revoke", {"json": {"reason": "Thu hồi trái phép"}}),
        ),
        "submit": (
            "/documents/{id}/submit",
            ("/documents/{id}/submit", {}),
            ("POST", "/api/v1/documents/{id}/submit", {"json": {}}),
        ),
        "sign": (
            "/documents/{id}/sign",
            ("/documents/{id}/sign", {"signer_title": "PHÓ HIỆU TRƯỞNG", "signer_name": "X"}),
            ("POST", "/api/v1/documents/{id}/sign", {"json": {"signer_title": "PHÓ HIỆU TRƯỞNG"}}),
        ),
        "return": (
            "/documents/{id}/return",
            ("/documents/{id}/return", {"reason": "Trả lại trái phép"}),
            ("POST", "/api/v1/documents/{id}/return", {"json": {"reason": "Trả lại trái phép"}}),
        ),
    },
    "exemplar": {
        "edit": (
            "/exemplars/{id}/edit",
            ("/exemplars/{id}/edit", {"achievement": "Sửa trái phép", "subject": "individual"}),
            ("PATCH", "/api/v1/exemplars/{id}", {"json": {"achievement": "Sửa trái phép"}}),
        ),
        "add_evidence": (
            "/exemplars/{id}/evidence",
            ("/exemplars/{id}/evidence", "file"),
            ("POST", "/api/v1/exemplars/{id}/evidence", "file"),
        ),
        "review": (
            "/exemplars/evidence/{evidence}/review",
            ("/exemplars/evidence/{evidence}/review", {"verdict": "accepted", "note": "x"}),
            (
                "POST",
                "/api/v1/evidence/{evidence}/review",
                {"json": {"verdict": "accepted", "note": "x"}},
            ),
        ),
        **{
            step: (
                f"/exemplars/{{id}}/steps/{step}",
                (f"/exemplars/{{id}}/steps/{step}", {"note": "Bước trái phép"}),
                (
                    "POST",
                    f"/api/v1/exemplars/{{id}}/steps/{step}",
                    {"json": {"note": "Bước trái phép"}},
                ),
            )
            for step in STEPS
        },
    },
    "report": {
        "return": (
            "/supervision/reports/view/{id}/return",
            ("/supervision/reports/view/{id}/return", {"note": "Trả lại trái phép"}),
            None,
        ),
    },
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = support.make_app(tmp_path_factory.mktemp("agreement"))
    return support.build(app)


def url(world, key: str, template: str) -> str:
    """``template`` filled with the record's own values."""
    with world.app.app_context():
        obj = world.record(key)
        values = {"id": obj.id, "year": YEAR}
        kind = RECORDS[key]
        if kind == "file":
            values |= {"doc": obj.document_id, "current": obj.current.id}
        if kind == "version":
            values["doc"] = obj.file.document_id
        if kind == "award_line":
            values["doc"] = obj.document_id
        if kind == "evidence":
            values["exemplar"] = obj.exemplar_id
        if kind in ("report", "inspection"):
            values["unit"] = obj.unit_id
        if key.startswith("exemplar_"):
            values["evidence"] = world.ids[key.replace("exemplar_", "evidence_of_")]
        version = getattr(obj, "version", None)
        values["version"] = version
    return template.format(**values)


def cases(kinds, readers=READERS):
    return [
        pytest.param(reader, key, id=f"{reader}-{key}")
        for key, kind in RECORDS.items()
        if kind in kinds
        for reader in readers
    ]


def seen_answer(response, reader: str, api: bool) -> str:
    """ "seen" (200), "unseen" (404; anonymous: sign-in / 401), or the odd status."""
    if response.status_code == 200:
        return "seen"
    if support.refused_as_unseen(response, reader, api):
        return "unseen"
    return f"status {response.status_code}"


def expected(world, reader: str, key: str) -> str:
    return "seen" if world.may(reader, "see", key) else "unseen"


# Page and API ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("reader", "key"), cases(PAGE))
def test_page_agrees(world, reader, key):
    path = url(world, key, PAGE[RECORDS[key]])
    answer = seen_answer(world.get(reader, path, cached=True), reader, api=False)
    assert answer == expected(world, reader, key), f"GET {path}"


@pytest.mark.parametrize(("reader", "key"), cases(API))
def test_api_agrees(world, reader, key):
    path = url(world, key, API[RECORDS[key]])
    answer = seen_answer(world.get(reader, path, api=True, cached=True), reader, api=True)
    assert answer == expected(world, reader, key), f"GET {path}"


# Files and exports ----------------------------------------------------------------------------


@pytest.mark.parametrize(("reader", "key"), cases(DOWNLOADS))
def test_files_and_exports_agree(world, reader, key):
    want = expected(world, reader, key)
    wrong = []
    for template, api in DOWNLOADS[RECORDS[key]]:
        path = url(world, key, template)
        answer = seen_answer(world.get(reader, path, api=api), reader, api)
        if answer != want:
            wrong.append(f"GET {path}: {answer}")
    assert not wrong, f"policy says {want}; " + "; ".join(wrong)


# Lists ----------------------------------------------------------------------------------------


def _ids_in(body) -> set[int]:
    """Ids of the records of an API list (a report row's id is its report's)."""
    found = set()
    for item in (body or {}).get("items", []):
        if "report" in item and "unit" in item:
            if item["report"]:
                found.add(item["report"]["id"])
        else:
            found.add(item["id"])
    return found


@pytest.mark.parametrize(("reader", "key"), cases(LISTS, SIGNED_IN))
def test_lists_agree(world, reader, key):
    want = world.may(reader, "see", key)
    page_path, link, api_path = (url(world, key, t) for t in LISTS[RECORDS[key]])
    page = world.get(reader, page_path, cached=True)
    api = world.get(reader, api_path, api=True, cached=True)
    with world.app.app_context():
        record_id = world.ids[key]
    on_page = page.status_code == 200 and link in links(page)
    in_api = api.status_code == 200 and record_id in _ids_in(api.get_json())
    if RECORDS[key] == "award_line":  # the decision's page lists its lines, not one link
        on_page = page.status_code == 200
    wrong = []
    if on_page != want:
        wrong.append(f"page {page_path} ({page.status_code}) lists it: {on_page}")
    if in_api != want:
        wrong.append(f"API {api_path} ({api.status_code}) lists it: {in_api}")
    assert not wrong, f"policy says may see: {want}; " + "; ".join(wrong)


# Search ---------------------------------------------------------------------------------------

_TOTAL = re.compile(r"Tìm thấy (\d+) kết quả")


def _page_hits(response) -> tuple[int, int]:
    """(total shown, result cards) of the search page; (0, 0) when it shows none."""
    body = support.text(response)
    match = _TOTAL.search(body)
    return (int(match.group(1)) if match else 0), len(support.CARDS.findall(body))


@pytest.mark.parametrize(("reader", "key"), cases(SEARCHED))
def test_search_agrees(world, reader, key):
    want = 1 if world.may(reader, "see", key) else 0
    query = SEARCH_WORD.get(key, word(key))
    page = world.get(reader, f"/search/?q={query}")
    api = world.get(reader, f"/api/v1/search?q={query}", api=True)
    if reader == "anonymous":
        assert seen_answer(page, reader, False) == "unseen"
        assert seen_answer(api, reader, True) == "unseen"
        return
    body = api.get_json()
    found = {
        "page total": _page_hits(page)[0],
        "page results": _page_hits(page)[1],
        "API total": body["total"],
        "API hits": len(body["hits"]),
    }
    wrong = {name: n for name, n in found.items() if n != want}
    assert not wrong, f"q={query}: policy says {want} hit(s); the surfaces say {wrong}"


def _type_of(world, key: str) -> str:
    with world.app.app_context():
        obj = world.record(key)
        if RECORDS[key] == "document" and obj.kind == "QĐ":
            return "decision"
    return RECORDS[key]


@pytest.mark.parametrize("reader", SIGNED_IN)
def test_search_totals_facets_and_export_count_only_what_the_reader_may_see(world, reader):
    seen = support.visible_keys(world, reader, SEARCHED)
    by_type: dict[str, int] = {}
    for key in seen:
        by_type[_type_of(world, key)] = by_type.get(_type_of(world, key), 0) + 1
    page = world.get(reader, f"/search/?q={COMMON}")
    api = world.get(reader, f"/api/v1/search?q={COMMON}&per_page=100", api=True).get_json()
    wrong = []
    if _page_hits(page)[0] != len(seen):
        wrong.append(f"page total {_page_hits(page)[0]}")
    if api["total"] != len(seen):
        wrong.append(f"API total {api['total']}")
    hit_keys = {hit["key"] for hit in api["hits"]}
    facets = api.get("facets") or {}
    types = {v["value"]: v["count"] for v in facets.get("type", [])}
    if types and types != by_type:
        wrong.append(f"type facet {types} (expected {by_type})")
    for name, values in facets.items():
        counted = sum(v["count"] for v in values)
        if counted > len(seen):
            wrong.append(f"facet {name} counts {counted}")
    export = world.get(reader, f"/search/export.csv?q={COMMON}")
    if export.status_code == 200:
        rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
        if len(rows) - 1 != len(seen):
            wrong.append(f"CSV export rows {len(rows) - 1}")
    elif export.status_code != 403:
        wrong.append(f"CSV export status {export.status_code}")
    assert not wrong, (
        f"{reader} may see {len(seen)} record(s) holding {COMMON!r} "
        f"({sorted(seen)}); hits {sorted(hit_keys)}; " + "; ".join(wrong)
    )


# Templates' links -----------------------------------------------------------------------------

LINK_PAGES = {
    "honour_board": "/exemplars/honour-board",
    "documents_list": "/documents/",
    "exemplars_list": "/exemplars/?queue=all",
    "decisions_list": "/exemplars/decisions",
    "reports_list": f"/supervision/reports?year={YEAR}",
    "inspections_list": "/supervision/inspections",
    "search_results": f"/search/?q={COMMON}",
    "dossier_of_the_propagated_nominee": "dossier",
    "dossier_of_kcntt": "/exemplars/dossier/unit/{unit}",
    "record_pages": "records",
}


def _broken_links(world, reader: str, sources: list[str]) -> list[str]:
    broken = []
    for source in sources:
        page = world.get(reader, source, cached=True)
        if page.status_code != 200:
            continue
        for target in sorted(links(page)):
            if not support.RECORD_LINK.match(target):
                continue
            answer = world.get(reader, target, cached=True)
            if answer.status_code != 200:
                broken.append(f"{source} → {target}: {answer.status_code}")
    return broken


@pytest.mark.parametrize("source", LINK_PAGES)
@pytest.mark.parametrize("reader", SIGNED_IN)
def test_templates_links_open(world, reader, source):
    template = LINK_PAGES[source]
    if template == "records":  # the pages of every record the reader may see
        sources = [
            url(world, key, PAGE[kind])
            for key, kind in RECORDS.items()
            if kind in PAGE and world.may(reader, "see", key)
        ]
    elif template == "dossier":
        with world.app.app_context():
            person = world.record("exemplar_propagated").person_id
        sources = [f"/exemplars/dossier/person/{person}"]
    else:
        sources = [template.format(unit=world.units["KCNTT"])]
    broken = _broken_links(world, reader, sources)
    assert not broken, "links to pages that refuse the reader: " + "; ".join(broken)


# Actions --------------------------------------------------------------------------------------


def _stage(key: str) -> str:
    return "submitted" if key == "exemplar_kkt_submitted" else key.removeprefix("exemplar_")


def action_cases():
    """Each action on each record; a nomination's steps only from the stages they leave."""
    out = []
    for key, kind in RECORDS.items():
        for action in ACTIONS.get(kind, {}):
            if action in workflow.STEPS and _stage(key) not in {
                s.value for s in workflow.STEPS[action].sources
            }:
                continue
            for reader in SIGNED_IN:
                out.append(pytest.param(reader, key, action, id=f"{reader}-{key}-{action}"))
    return out


def _may_act(world, reader: str, key: str, action: str) -> bool:
    if action in workflow.STEPS:
        return world.may_step(reader, action, key)
    return world.may(reader, action, key)


def _post_page(world, reader, path, data):
    if data == "file":
        upload = (io.BytesIO(b"Minh chung trai phep\n"), "trai-phep.txt")
        return world.post_page(
            reader, path, {"file": upload, "title": "x"}, content_type="multipart/form-data"
        )
    return world.post_page(reader, path, data)


def _call_api(world, reader, key, call):
    method, template, kwargs = call
    path = url(world, key, template)
    headers = {}
    with world.app.app_context():
        version = getattr(world.record(key), "version", None)
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    if kwargs == "file":
        data = {"file": (io.BytesIO(b"Minh chung trai phep\n"), "trai-phep.txt"), "title": "x"}
        kwargs = {"data": data, "content_type": "multipart/form-data"}
    return path, world.call_api(reader, method, path, headers=headers, **kwargs)


@pytest.mark.parametrize(("reader", "key", "action"), action_cases())
def test_action_agrees(world, reader, key, action):
    kind = RECORDS[key]
    marker, (post_template, data), call = ACTIONS[kind][action]
    sees, acts = world.may(reader, "see", key), _may_act(world, reader, key, action)
    page_path = url(world, key, PAGE[kind])
    wrong = []
    if sees:
        # The POST names the evidence: who may not see it gets 404 (a propagated nomination).
        target = key.replace("exemplar_", "evidence_of_") if action == "review" else key
        sees_target = world.may(reader, "see", target)
        page = world.get(reader, page_path, cached=True)
        shown = page.status_code == 200 and url(world, key, marker) in links(page)
        if shown != acts:
            wrong.append(f"{page_path} ({page.status_code}) offers {action}: {shown}")
    if acts:  # never done here: the world is only read
        assert not wrong, f"policy says may {action}: {acts}; " + "; ".join(wrong)
        return
    want = 403 if sees and (action != "review" or sees_target) else 404
    if sees and kind == "document" and world.issued(key):
        want = 409  # an issued document refuses every change, whoever asks (issue 14)
    before = world.state(key)
    path = url(world, key, post_template)
    response = _post_page(world, reader, path, data)
    if response.status_code != want:
        wrong.append(f"POST {path}: {response.status_code}, not {want}")
    if call is not None:
        api_path, response = _call_api(world, reader, key, call)
        if response.status_code != want:
            wrong.append(f"{call[0]} {api_path}: {response.status_code}, not {want}")
    if world.state(key) != before:
        wrong.append(f"the refused {action} changed the record: {before} → {world.state(key)}")
    assert not wrong, f"policy says see: {sees}, {action}: {acts}; " + "; ".join(wrong)


# The disagreements the issue names --------------------------------------------------------------


@pytest.mark.parametrize("reader", ["staff", "unit_head", "demoted", "other_staff", "leader"])
def test_staff_gets_the_same_answer_for_their_units_report_on_page_and_api(world, reader):
    want = expected(world, reader, "report_kcntt")
    answers = {}
    for template in (PAGE["report"], API["report"]):
        path = url(world, "report_kcntt", template)
        api = path.startswith("/api/")
        answers[path] = seen_answer(world.get(reader, path, api=api), reader, api)
    for template, api in DOWNLOADS["report"]:
        path = url(world, "report_kcntt", template)
        answers[path] = seen_answer(world.get(reader, path, api=api), reader, api)
    wrong = {path: answer for path, answer in answers.items() if answer != want}
    assert not wrong, f"policy says {want}; the surfaces say {wrong}"


@pytest.mark.parametrize("reader", SIGNED_IN)
def test_honour_board_links_open_for_every_reader(world, reader):
    board = world.get(reader, "/exemplars/honour-board", cached=True)
    assert board.status_code == 200
    with world.app.app_context():
        name = world.record("exemplar_propagated").name
        person = world.record("exemplar_propagated").person_id
    assert name in support.text(board), "the board lists the propagated nomination"
    dossier = f"/exemplars/dossier/person/{person}"
    broken = _broken_links(world, reader, ["/exemplars/honour-board", dossier])
    assert world.may(reader, "see", "exemplar_propagated")
    propagated = url(world, "exemplar_propagated", PAGE["exemplar"])
    if propagated not in links(world.get(reader, dossier, cached=True)):
        broken.append(f"{dossier} does not link to {propagated}")
    assert not broken, "; ".join(broken)


_WARNING = re.compile(r'<div class="alert alert-warning[^"]*" role="note">(.*?)</div>', re.S)


@pytest.mark.parametrize("reader", SIGNED_IN)
def test_reuse_warning_names_only_records_the_reader_may_open(world, reader):
    """exemplar_submitted (KCNTT) and exemplar_kkt_submitted (KKT) offer the same file."""
    if not world.may(reader, "see", "exemplar_submitted"):
        pytest.skip("the reader may not open the nomination (test_page_agrees says so)")
    page = world.get(reader, url(world, "exemplar_submitted", PAGE["exemplar"]), cached=True)
    assert page.status_code == 200
    warnings = " ".join(_WARNING.findall(support.text(page)))
    other = "Điển hình của Khoa Kinh tế"
    with world.app.app_context():
        user = world.user(reader)
        exemplar = world.record("exemplar_submitted")
        shows = exemplar_access.may_see_reuse(user, exemplar)
    names_other = world.may(reader, "see", "exemplar_kkt_submitted") and shows
    assert (other in warnings) == names_other, (
        f"policy: may see the other nomination and the warning: {names_other}; "
        f"the page names it: {other in warnings} ({warnings.strip()[:200]!r})"
    )


QUEUES = ("mine", "unit", "school")


@pytest.mark.parametrize("queue", QUEUES)
@pytest.mark.parametrize("reader", SIGNED_IN)
def test_queue_refused_alike_on_page_and_api(world, reader, queue):
    with world.app.app_context():
        allowed = exemplar_access.may_see_queue(world.user(reader), queue)
    want = 200 if allowed else 403
    page = world.get(reader, f"/exemplars/?queue={queue}", cached=True)
    api = world.get(reader, f"/api/v1/exemplars?queue={queue}", api=True, cached=True)
    offered = f"/exemplars/?queue={queue}" in {
        m for m in re.findall(r'href="([^"]+)"', support.text(world.get(reader, "/exemplars/")))
    }
    wrong = []
    if page.status_code != want:
        wrong.append(f"page {page.status_code}")
    if api.status_code != want:
        wrong.append(f"API {api.status_code}")
    if offered != allowed:
        wrong.append(f"the page offers the queue: {offered}")
    assert not wrong, f"may_see_queue says {allowed}: " + ", ".join(wrong)
