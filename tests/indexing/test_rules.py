"""The index asks the same rules as the pages: a record is found by exactly those for whom
``policy.RULES[type].holds(user, record)``, in every state, and a propagated nomination is public
while its evidence stays private (hits, totals, facets, snippets; page and API alike)."""

import pytest
from sqlalchemy import select

from intranet import policy
from intranet.accounts.models import User
from intranet.documents import files
from intranet.documents import services as documents
from intranet.documents.models import Document, DocumentFile
from intranet.exemplars import services as exemplar_services
from intranet.exemplars.models import Evidence, Exemplar
from intranet.extensions import db
from intranet.indexing import records
from tests import factories
from tests.conftest import USERS
from tests.indexing.conftest import run_worker, search_page
from tests.indexing.test_permissions import move

COMMON = "xylophonquytac"  # in every record below
OPEN = "xylophonnhanrong"  # the propagated nomination's achievement
PRIVATE = "xylophonriengtu"  # its evidence (title, description and file)


def _people(users):
    return {key: db.session.get(User, users[key]) for key in ("staff", "unit_head", "secretariat")}


@pytest.fixture
def propagated(app, users):
    """A KCNTT nomination on the honour board, with one evidence file."""
    with app.app_context():
        people = _people(users)
        nomination = factories.exemplar(
            people["staff"], name="Trần Nhân Rộng", achievement=f"Thành tích {OPEN}."
        )
        evidence = factories.evidence(
            nomination,
            people["staff"],
            "bang-khen.txt",
            f"Bằng khen {PRIVATE}".encode(),
            title=f"Bằng khen {PRIVATE}",
            description=f"Mô tả {PRIVATE}",
        )
        factories.advance(
            nomination,
            "propagated",
            owner=people["staff"],
            head=people["unit_head"],
            secretariat=people["secretariat"],
        )
        ids = {"exemplar": nomination.id, "evidence": evidence.id}
    run_worker(app)
    return ids


def test_a_propagated_nomination_is_found_by_another_units_staff_its_evidence_is_not(
    backend, propagated, login_as
):
    other = login_as("other_staff")  # KKT: neither owner, person nor head
    page = search_page(other, OPEN)
    assert page.total == 1
    assert [h.label for h in page.hits] == ["Điển hình"]
    assert other.get(page.hits[0].url).status_code == 200
    # The evidence: no hit, no count, no facet, no snippet, whatever is typed.
    for text in (PRIVATE, f"{OPEN} {PRIVATE}", "bang-khen.txt"):
        page = search_page(other, text)
        assert page.total == 0, text
        assert page.hits == [] and page.facets == {}
        assert PRIVATE not in page.outside_form
    page = search_page(other, None, type="evidence")
    assert page.total == 0 and page.facets == {}
    # The unit's public records: the nomination and the activity that propagated it.
    page = search_page(other, None, unit="KCNTT")
    assert page.total == 2
    assert page.facets["Loại hồ sơ"] == {"Điển hình": 1, "Hoạt động tuyên truyền": 1}
    # The API says the same.
    body = other.get("/api/v1/search", query_string={"q": OPEN}).get_json()
    assert [h["key"] for h in body["hits"]] == [f"exemplar:{propagated['exemplar']}"]
    body = other.get("/api/v1/search", query_string={"q": PRIVATE}).get_json()
    assert body["total"] == 0 and body["hits"] == []
    assert not any(body["facets"].values())
    body = other.get("/api/v1/search", query_string={"unit": "KCNTT"}).get_json()
    assert body["total"] == 2
    assert sorted(f["value"] for f in body["facets"]["type"]) == ["activity", "exemplar"]
    # Those who see the evidence still find it.
    for who in ("staff", "unit_head", "inspector"):
        page = search_page(login_as(who), PRIVATE)
        assert [h.label for h in page.hits] == ["Minh chứng"], who


def test_an_exemplars_index_entry_follows_its_stage(app, users, login_as):
    """The outbox carries a stage change to the nomination's entry and to its evidence's."""
    with app.app_context():
        people = _people(users)
        nomination = factories.exemplar(
            people["staff"], name="Lê Theo Dõi", achievement=f"Thành tích {OPEN}."
        )
        factories.evidence(nomination, people["staff"], "a.txt", PRIVATE.encode(), title=PRIVATE)
        exemplar_id = nomination.id
    run_worker(app)
    other, head = login_as("other_staff"), login_as("unit_head")
    assert search_page(other, OPEN).total == 0
    assert search_page(head, PRIVATE).total == 0  # a draft is not yet the head's
    with app.app_context():
        people = _people(users)
        factories.advance(
            db.session.get(Exemplar, exemplar_id),
            "propagated",
            owner=people["staff"],
            head=people["unit_head"],
            secretariat=people["secretariat"],
        )
    run_worker(app)
    assert search_page(other, OPEN).total == 1
    assert search_page(other, PRIVATE).total == 0
    assert search_page(head, PRIVATE).total == 1


# Every record kind in every state ------------------------------------------------------------


@pytest.fixture
def every_state(app, users):
    """Documents (draft, for all, for a unit, for a role, revoked; a decision), their files (one
    trashed), and a nomination in every stage, each with evidence (one removed); all saying
    COMMON. Returns {key: what it is}."""
    with app.app_context():
        people = _people(users)
        secretariat = people["secretariat"]
        made = {
            name: factories.document(
                secretariat,
                f"{number}/TB-CĐBP",
                summary=f"{name} {COMMON}",
                attachments=[("tep.txt", f"Tệp {COMMON}".encode())],
                publish=number > 2,  # "for all" is issued below, its trashed file before
                **audience,
            )
            for number, (name, audience) in enumerate(
                [
                    ("draft", {}),
                    ("for all", {}),
                    ("for KKT", {"units": ["KKT"]}),
                    ("for heads", {"roles": ["unit_head"]}),
                    ("revoked", {}),
                ],
                start=1,
            )
        }
        made["decision"] = factories.decision(
            secretariat, summary=f"Khen thưởng {COMMON}", publish=True
        )
        documents.revoke(made["revoked"], "Thu hồi")
        # An issued document's files never change: the file goes to the trash before issue.
        trashed = made["for all"].files[0]
        files.trash(trashed, secretariat)
        documents.publish(made["for all"], secretariat)
        for stage in factories.STAGES:
            owner = people["unit_head"] if stage == "draft" else people["staff"]
            nomination = factories.exemplar(
                owner, name=f"Người {stage}", achievement=f"{stage} {COMMON}"
            )
            for title in ("giữ", "gỡ"):
                factories.evidence(
                    nomination, owner, "mc.txt", COMMON.encode(), title=f"{title} {COMMON}"
                )
            gone = nomination.live_evidence[-1]
            exemplar_services.remove_evidence(gone, owner)
            factories.advance(
                nomination,
                stage,
                owner=owner,
                head=people["unit_head"],
                secretariat=secretariat,
            )
    run_worker(app)


def _records():
    """Every indexable record, trashed ones included."""
    for model in (Document, DocumentFile, Exemplar, Evidence):
        yield from db.session.execute(select(model)).scalars()


def _key(record) -> str:
    kind = {Document: "document", DocumentFile: "file", Exemplar: "exemplar", Evidence: "evidence"}
    return f"{kind[type(record)]}:{record.id}"


def _found(client) -> set[str]:
    body = client.get("/api/v1/search", query_string={"q": COMMON, "per_page": 100}).get_json()
    assert body["total"] == len(body["hits"])
    return {hit["key"] for hit in body["hits"]}


def test_what_search_finds_is_what_the_rules_let_each_user_see(app, users, every_state, login_as):
    readers = [*USERS, "former_head"]
    for who in readers:
        if who == "former_head":  # a head whose role was just removed
            move(app, users, "unit_head", roles=["staff"])
            who = "unit_head"
        client = login_as(who)
        found = _found(client)
        with app.app_context():
            user = db.session.get(User, users[who])
            expected = {_key(r) for r in _records() if policy.RULES[type(r)].holds(user, r)}
        assert found == expected, who
        page = search_page(client, COMMON)
        assert page.total == len(expected), who
        assert sum(page.facets.get("Loại hồ sơ", {}).values()) == len(expected), who


def test_a_records_index_tokens_are_its_rules(app, every_state):
    with app.app_context():
        for record in _records():
            built = records.build(_key(record))
            if built is not None:
                assert built.acl == policy.RULES[type(record)].tokens(record)
