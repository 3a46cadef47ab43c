"""No restricted record shows through any surface, to anyone who may not see it.

Two restricted records carry words found nowhere else: a document published to one unit only
(KCNTT), with a file; and an evidence file of a nomination. Every GET route of the app (pages,
files, previews, search, exports, the API, history) is asked with the records' ids and with
searches for the words, as an anonymous visitor, a staff member of another unit (by session and by
API token), and an inspector whose inspector role was just removed. The words must never appear,
in the body, a file or a header; an id must get the answer a missing id gets (404, or the same
refusal); and the same probes as the secretariat prove that they would have found the words.
"""

from collections import Counter

import pytest

from intranet.accounts.models import Role
from tests.resilience.figures import report
from tests.resilience.forms import form_with
from tests.resilience.probes import Probe, readable, signed_in, token_for
from tests.resilience.records import ASK, EVIDENCE_WORD, WORD, make_world


@pytest.fixture
def world(app, users):
    return make_world(app, users)


def test_the_probes_find_the_words_where_they_may_be_seen(app, world, login_as):
    """The control: the secretariat finds each word on the surfaces the leak probes ask."""
    ids = world
    client = login_as("secretariat")
    seen = Counter()
    expected = {
        f"/documents/{ids['document_id']}": WORD,
        "/documents/": WORD,
        f"/documents/files/v/{ids['version_id']}/download": WORD,
        f"/documents/files/v/{ids['version_id']}/preview": WORD,
        f"/search/?q={ASK[WORD]}": WORD,
        f"/search/export.csv?q={ASK[WORD]}": WORD,
        f"/search/export.xlsx?q={ASK[WORD]}": WORD,
        f"/api/v1/search?q={ASK[WORD]}": WORD,
        f"/api/v1/documents/{ids['document_id']}": WORD,
        f"/api/v1/documents/{ids['document_id']}/files": WORD,
        f"/api/v1/files/versions/{ids['version_id']}/download": WORD,
        f"/exemplars/{ids['exemplar_id']}": EVIDENCE_WORD,
        f"/exemplars/evidence/{ids['evidence_id']}/download": EVIDENCE_WORD,
        f"/search/?q={ASK[EVIDENCE_WORD]}": EVIDENCE_WORD,
        f"/api/v1/search?q={ASK[EVIDENCE_WORD]}": EVIDENCE_WORD,
        f"/api/v1/evidence/{ids['evidence_id']}": EVIDENCE_WORD,
        f"/api/v1/exemplars/{ids['exemplar_id']}/evidence": EVIDENCE_WORD,
        f"/api/v1/evidence/{ids['evidence_id']}/download": EVIDENCE_WORD,
        f"/audit/document/{ids['document_id']}": WORD,
    }
    missing = []
    for url, word in expected.items():
        response = client.get(url)
        if response.status_code == 200 and word in readable(response):
            seen["found"] += 1
        else:
            missing.append(f"{url}: {response.status_code}")
    # The head of KCNTT reads the document (the audience) and the evidence (the unit's).
    head = login_as("unit_head")
    for url, word in (
        (f"/documents/{ids['document_id']}", WORD),
        (f"/exemplars/{ids['exemplar_id']}", EVIDENCE_WORD),
        (f"/search/?q={ASK[WORD]}", WORD),
    ):
        if word not in readable(head.get(url)):
            missing.append(f"unit head {url}")
    report("leak probes (control)", surfaces=len(expected) + 3, found=seen["found"] + 3)
    assert not missing, missing


def test_an_anonymous_visitor_sees_nothing(app, world):
    probe = Probe(app.test_client(), "anonymous")
    probe.sweep(app, world)
    probe.report("anonymous")


def test_a_staff_member_of_another_unit_sees_nothing(app, world, users):
    probe = Probe(signed_in(app, "other_staff"), "other unit")
    probe.sweep(app, world)
    probe.report("other unit, session")
    bearer = {"Authorization": f"Bearer {token_for(app, users['other_staff'])}"}
    api = Probe(app.test_client(), "other unit, token", bearer)
    api.sweep(app, world)
    api.report("other unit, API token")


def test_an_inspector_whose_role_is_removed_loses_sight_at_the_next_request(app, world, users):
    ids = world
    inspector = signed_in(app, "inspector")
    bearer = {"Authorization": f"Bearer {token_for(app, users['inspector'])}"}
    detail = f"/documents/{ids['document_id']}"
    assert WORD in readable(inspector.get(detail))
    assert WORD in readable(
        inspector.get(f"/api/v1/documents/{ids['document_id']}", headers=bearer)
    )

    # The admin takes the inspector role away through the user's page.
    admin = signed_in(app, "admin")
    page = admin.get(f"/admin/users/{users['inspector']}").get_data(as_text=True)
    form = form_with(page, "roles", f"/admin/users/{users['inspector']}")
    data = form.values()
    assert Role.INSPECTOR.value in data["roles"]
    data["roles"] = [r for r in data["roles"] if r != Role.INSPECTOR.value]
    saved = admin.post(form.action, data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)

    # The very next request of the same session, and of the same token, no longer shows it.
    assert inspector.get(detail).status_code == 404
    assert (
        inspector.get(f"/api/v1/documents/{ids['document_id']}", headers=bearer).status_code == 404
    )
    probe = Probe(inspector, "inspector, role removed")
    probe.sweep(app, ids)
    probe.report("role removed, session")
    api = Probe(app.test_client(), "inspector, role removed, token", bearer)
    api.sweep(app, ids)
    api.report("role removed, API token")
