"""A nomination's life through its page: each step by its role only, with who, when and why."""

import re

import pytest

from tests.exemplars.conftest import events_of, evidence_ids, post_step, stage_of, text, timeline

# Who can open a KCNTT nomination (and so is told 403 when the step is not theirs) and who cannot
# even open it (told 404, the answer for a nomination that does not exist). Drafts are the owner's
# own until submitted: the unit head does not see them.
READERS = ("secretariat", "inspector", "leader")
OUTSIDERS = ("colleague", "other_staff", "kkt_head", "admin")

# step, the stage it starts from, who may take it, the stage it leads to, whether a note is asked
STEPS = {
    "submit": ("draft", "staff", "submitted", ""),
    "withdraw": ("submitted", "staff", "withdrawn", "Chưa đủ minh chứng."),
    "endorse": ("submitted", "unit_head", "endorsed", ""),
    "return-submitted": ("submitted", "unit_head", "returned", "Bổ sung giấy khen gốc."),
    "return-endorsed": ("endorsed", "secretariat", "returned", "Thành tích trùng năm trước."),
    "recognise": ("endorsed", "secretariat", "recognised", ""),
}
REFUSED_403 = {
    "submit": READERS,
    "withdraw": ("unit_head", *READERS),
    "endorse": ("staff", *READERS),
    "return-submitted": ("staff", *READERS),
    "return-endorsed": ("staff", "unit_head", "inspector", "leader"),
    "recognise": ("staff", "unit_head", "inspector", "leader"),
}
REFUSED_404 = {name: (*OUTSIDERS, "unit_head") if name == "submit" else OUTSIDERS for name in STEPS}


@pytest.fixture
def at_stage(make_exemplar, review, app):
    """A KCNTT nomination by ``staff`` ready for ``case``: endorse needs an accepted evidence."""

    def _at(case: str) -> int:
        stage = STEPS[case][0]
        exemplar_id = make_exemplar("staff", stage=stage)
        if case == "endorse":
            review(evidence_ids(app, exemplar_id)[0], "accepted", by="unit_head")
        return exemplar_id

    return _at


def step_name(case: str) -> str:
    return case.split("-")[0]


@pytest.mark.parametrize("case", list(STEPS))
def test_step_is_taken_by_its_role(app, sign_in, at_stage, case):
    start, actor, target, note = STEPS[case]
    exemplar_id = at_stage(case)
    client = sign_in(actor)

    response = post_step(client, exemplar_id, step_name(case), note, follow_redirects=True)

    assert stage_of(app, exemplar_id) == target
    page = text(response)
    assert "Hồ sơ đã chuyển sang" in page
    assert (start, target) == events_of(app, exemplar_id)[-1][:2]


@pytest.mark.parametrize(
    ("case", "actor"), [(case, actor) for case, actors in REFUSED_403.items() for actor in actors]
)
def test_step_is_refused_with_403_to_a_reader_whose_role_it_is_not(
    app, sign_in, at_stage, case, actor
):
    start, _, _, note = STEPS[case]
    exemplar_id = at_stage(case)
    before = events_of(app, exemplar_id)

    response = post_step(sign_in(actor), exemplar_id, step_name(case), note)

    assert response.status_code == 403
    assert "Không có quyền truy cập" in text(response)
    assert stage_of(app, exemplar_id) == start
    assert events_of(app, exemplar_id) == before


@pytest.mark.parametrize(
    ("case", "actor"), [(case, actor) for case, actors in REFUSED_404.items() for actor in actors]
)
def test_step_is_refused_as_not_found_to_those_who_may_not_open_the_nomination(
    app, sign_in, at_stage, case, actor
):
    start, _, _, note = STEPS[case]
    exemplar_id = at_stage(case)
    client = sign_in(actor)

    response = post_step(client, exemplar_id, step_name(case), note)

    assert response.status_code == 404
    assert stage_of(app, exemplar_id) == start
    missing = post_step(client, exemplar_id + 1000, step_name(case), note)
    assert missing.status_code == 404
    assert text(missing).count("Không tìm thấy") == text(response).count("Không tìm thấy")


def test_head_of_another_unit_cannot_endorse_a_nomination_of_kcntt(app, sign_in, at_stage):
    exemplar_id = at_stage("endorse")

    response = post_step(sign_in("kkt_head"), exemplar_id, "endorse")

    assert response.status_code == 404  # not theirs to see, so not theirs to endorse
    assert stage_of(app, exemplar_id) == "submitted"


def test_head_of_kkt_endorses_a_nomination_of_kkt(app, sign_in, make_exemplar, review):
    exemplar_id = make_exemplar("other_staff", stage="submitted")
    review(evidence_ids(app, exemplar_id)[0], "accepted", by="kkt_head")

    response = post_step(sign_in("kkt_head"), exemplar_id, "endorse")

    assert response.status_code == 302
    assert stage_of(app, exemplar_id) == "endorsed"
    assert events_of(app, exemplar_id)[-1][2] == "truong.kt"


def test_head_of_kcntt_gets_403_submitting_a_returned_nomination_of_his_unit(
    app, sign_in, make_exemplar
):
    exemplar_id = make_exemplar("staff", stage="returned")

    response = post_step(sign_in("unit_head"), exemplar_id, "submit")

    assert response.status_code == 403
    assert stage_of(app, exemplar_id) == "returned"


def test_owner_resubmits_a_returned_nomination(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", stage="returned")

    post_step(sign_in("staff"), exemplar_id, "submit")

    assert stage_of(app, exemplar_id) == "submitted"


@pytest.mark.parametrize(
    ("stage", "actor", "name", "step_label", "stage_label"),
    [
        ("endorsed", "staff", "submit", "Gửi đề xuất", "Đơn vị đã xác nhận"),
        ("submitted", "secretariat", "recognise", "Công nhận", "Đã gửi đề xuất"),
        ("returned", "unit_head", "endorse", "Xác nhận của đơn vị", "Trả lại để bổ sung"),
        ("recognised", "staff", "withdraw", "Rút đề xuất", "Đã công nhận"),
        ("propagated", "secretariat", "return", "Trả lại để bổ sung", "Đã tuyên truyền, nhân rộng"),
        ("recognised", "unit_head", "return", "Trả lại để bổ sung", "Đã công nhận"),
    ],
)
def test_step_from_the_wrong_stage_is_explained_and_changes_nothing(
    app, sign_in, make_exemplar, stage, actor, name, step_label, stage_label
):
    exemplar_id = make_exemplar("staff", stage=stage)
    before = events_of(app, exemplar_id)

    response = post_step(sign_in(actor), exemplar_id, name, "Lý do", follow_redirects=True)

    message = f"Không thể “{step_label}” khi hồ sơ đang ở trạng thái “{stage_label}”."
    assert message in text(response)
    assert stage_of(app, exemplar_id) == stage
    assert events_of(app, exemplar_id) == before


@pytest.mark.parametrize(
    ("stage", "actor", "name"),
    [
        ("submitted", "unit_head", "return"),
        ("endorsed", "secretariat", "return"),
        ("submitted", "staff", "withdraw"),
        ("draft", "staff", "withdraw"),
    ],
)
def test_return_and_withdraw_need_a_reason(app, sign_in, make_exemplar, stage, actor, name):
    exemplar_id = make_exemplar("staff", stage=stage)

    response = post_step(sign_in(actor), exemplar_id, name, "   ", follow_redirects=True)

    assert "Hãy ghi lý do." in text(response)
    assert stage_of(app, exemplar_id) == stage


def test_submit_is_refused_without_any_evidence(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", evidence=False)

    response = post_step(sign_in("staff"), exemplar_id, "submit", follow_redirects=True)

    assert "Hãy tải lên ít nhất một minh chứng trước khi gửi đề xuất." in text(response)
    assert stage_of(app, exemplar_id) == "draft"


def test_a_step_without_the_form_token_is_refused(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff")
    client = sign_in("staff")

    response = client.post(f"/exemplars/{exemplar_id}/steps/submit", data={"note": ""})

    assert response.status_code == 400
    assert stage_of(app, exemplar_id) == "draft"


def test_an_anonymous_step_is_sent_to_sign_in(app, client, make_exemplar):
    exemplar_id = make_exemplar("staff", stage="submitted")

    response = post_step(client, exemplar_id, "withdraw", "Không phải chủ hồ sơ.")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert stage_of(app, exemplar_id) == "submitted"


def test_each_step_is_kept_with_who_when_and_the_note(app, sign_in, make_exemplar, review):
    exemplar_id = make_exemplar("staff")
    staff, head = sign_in("staff"), sign_in("unit_head")

    post_step(staff, exemplar_id, "submit", "Kính gửi Trưởng khoa.")
    post_step(head, exemplar_id, "return", "Thiếu quyết định công nhận sáng kiến.")
    post_step(staff, exemplar_id, "submit", "Đã bổ sung.")

    events = events_of(app, exemplar_id)
    assert [(e[0], e[1], e[2], e[3]) for e in events] == [
        (None, "draft", "canbo", ""),
        ("draft", "submitted", "canbo", "Kính gửi Trưởng khoa."),
        ("submitted", "returned", "truongkhoa", "Thiếu quyết định công nhận sáng kiến."),
        ("returned", "submitted", "canbo", "Đã bổ sung."),
    ]
    times = [e[4] for e in events]
    assert all(t is not None for t in times) and times == sorted(times)


def test_the_page_shows_the_steps_as_a_timeline(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff")
    staff, head = sign_in("staff"), sign_in("unit_head")
    post_step(staff, exemplar_id, "submit", "Kính gửi Trưởng khoa.")
    post_step(head, exemplar_id, "return", "Thiếu quyết định công nhận sáng kiến.")

    page = timeline(text(head.get(f"/exemplars/{exemplar_id}")))

    items = re.findall(r"<li.*?</li>", page, re.S)
    assert len(items) == 3
    newest = items[0]  # newest first
    assert "Trả lại để bổ sung" in newest and "truongkhoa" in newest
    assert "Thiếu quyết định công nhận sáng kiến." in newest
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", newest)
    assert "Đã gửi đề xuất" in items[1] and "canbo" in items[1]
    assert "Kính gửi Trưởng khoa." in items[1]
    assert "Dự thảo" in items[2]


def test_the_page_offers_only_the_steps_the_reader_may_take(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", stage="submitted")

    owner_page = text(sign_in("staff").get(f"/exemplars/{exemplar_id}"))
    head_page = text(sign_in("unit_head").get(f"/exemplars/{exemplar_id}"))
    inspector_page = text(sign_in("inspector").get(f"/exemplars/{exemplar_id}"))

    actions = rf'action="/exemplars/{exemplar_id}/steps/(\w+)"'
    assert re.findall(actions, owner_page) == ["withdraw"]
    assert re.findall(actions, head_page) == ["endorse", "return"]
    assert re.findall(actions, inspector_page) == []
