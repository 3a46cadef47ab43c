"""Evidence: uploaded with a title, date and description, reviewed by the unit, required before
endorsement, flagged when reused, and shown only to the people DESIGN.md names, whatever the URL."""

import re

import pytest

from intranet.exemplars.models import Review
from tests.exemplars.conftest import (
    DOCX,
    JPG,
    PDF,
    PNG,
    evidence_ids,
    evidence_section,
    post_step,
    review_of,
    sample_bytes,
    stage_of,
    text,
    token,
    upload,
)

# Who may see a KCNTT nomination's evidence (owner "staff", nominee "nominee"), and who may not.
MAY_SEE = ("staff", "nominee", "unit_head", "secretariat", "inspector", "leader")
MAY_NOT_SEE = ("other_staff", "colleague", "kkt_head", "admin")
EVIDENCE_URLS = (
    "/exemplars/{exemplar}",
    "/exemplars/evidence/{evidence}/download",
    "/exemplars/evidence/{evidence}/preview",
)


def same_page(first, second) -> bool:
    """Two answers a reader cannot tell apart (the form token and the page's own address aside)."""
    noise = re.compile(r'name="(?:csrf_token|next)" value="[^"]*"')

    def strip(response):
        return noise.sub("", response.get_data(as_text=True))

    return first.status_code == second.status_code and strip(first) == strip(second)


# Uploading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sample", "label"), [(PDF, "PDF"), (DOCX, "DOCX"), (PNG, "PNG")])
def test_owner_uploads_a_real_file_with_title_date_and_description(
    app, sign_in, make_exemplar, sample, label
):
    exemplar_id = make_exemplar("staff", evidence=False)
    client = sign_in("staff")

    response = upload(
        client,
        exemplar_id,
        sample,
        filename=f"Giấy khen UBND tỉnh.{sample.rsplit('.', 1)[1]}",
        title="Giấy khen của UBND tỉnh năm 2024",
        evidence_date="2024-05-20",
        description="Khen thưởng thành tích hướng dẫn sinh viên.",
    )

    assert response.status_code == 302
    section = evidence_section(text(client.get(f"/exemplars/{exemplar_id}")))
    assert "Giấy khen của UBND tỉnh năm 2024" in section
    assert f"Giấy khen UBND tỉnh.{sample.rsplit('.', 1)[1]} · {label} · 20/05/2024" in section
    assert "Khen thưởng thành tích hướng dẫn sinh viên." in section
    assert "Chờ xem xét" in section


@pytest.mark.parametrize("sample", [PDF, DOCX, PNG])
def test_uploaded_evidence_downloads_byte_for_byte(app, sign_in, make_exemplar, sample):
    exemplar_id = make_exemplar("staff", evidence=False)
    client = sign_in("staff")
    upload(client, exemplar_id, sample, title="Minh chứng")
    (evidence_id,) = evidence_ids(app, exemplar_id)

    response = client.get(f"/exemplars/evidence/{evidence_id}/download")

    assert response.status_code == 200
    assert response.data == sample_bytes(sample)
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_a_file_whose_name_lies_about_its_type_is_refused_with_a_message(
    app, sign_in, make_exemplar
):
    exemplar_id = make_exemplar("staff", evidence=False)
    client = sign_in("staff")

    response = upload(client, exemplar_id, PNG, filename="giay-khen.pdf", title="Giấy khen")

    assert "giay-khen.pdf" in text(client.get(response.headers["Location"]))
    assert evidence_ids(app, exemplar_id) == []


@pytest.mark.parametrize("actor", ["unit_head", "secretariat"])
def test_only_the_owner_uploads_evidence(app, sign_in, make_exemplar, actor):
    exemplar_id = make_exemplar("staff", stage="submitted", evidence=True)
    before = evidence_ids(app, exemplar_id)

    response = upload(sign_in(actor), exemplar_id, DOCX, title="Thêm hộ")

    assert response.status_code == 403
    assert evidence_ids(app, exemplar_id) == before


def test_owner_cannot_add_evidence_once_the_unit_has_endorsed(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", stage="endorsed")
    before = evidence_ids(app, exemplar_id)

    response = upload(sign_in("staff"), exemplar_id, DOCX, title="Bổ sung muộn")

    assert response.status_code == 403
    assert evidence_ids(app, exemplar_id) == before


# Reviewing ---------------------------------------------------------------------------------------


def review_form(client, evidence_id: int, verdict: str, note: str = ""):
    return client.post(
        f"/exemplars/evidence/{evidence_id}/review",
        data={"csrf_token": token(client), "verdict": verdict, "note": note},
    )


@pytest.mark.parametrize("reviewer", ["unit_head", "secretariat"])
def test_reviewer_accepts_evidence_with_a_note(app, sign_in, make_exemplar, reviewer):
    exemplar_id = make_exemplar("staff", stage="submitted")
    (evidence_id,) = evidence_ids(app, exemplar_id)
    client = sign_in(reviewer)

    review_form(client, evidence_id, "accepted", "Bản chụp khớp bản gốc.")

    assert review_of(app, evidence_id) == (Review.ACCEPTED, "Bản chụp khớp bản gốc.")
    section = evidence_section(text(client.get(f"/exemplars/{exemplar_id}")))
    assert "Đã chấp nhận" in section
    assert "Bản chụp khớp bản gốc." in section


@pytest.mark.parametrize("reviewer", ["unit_head", "secretariat"])
def test_reviewer_rejects_evidence_with_a_note(app, sign_in, make_exemplar, reviewer):
    exemplar_id = make_exemplar("staff", stage="submitted")
    (evidence_id,) = evidence_ids(app, exemplar_id)
    client = sign_in(reviewer)

    review_form(client, evidence_id, "rejected", "Ảnh mờ, không đọc được số quyết định.")

    assert review_of(app, evidence_id) == (Review.REJECTED, "Ảnh mờ, không đọc được số quyết định.")
    owner_view = evidence_section(text(sign_in("staff").get(f"/exemplars/{exemplar_id}")))
    assert 'text-bg-danger">Không chấp nhận' in owner_view
    assert "Ảnh mờ, không đọc được số quyết định." in owner_view


def test_rejecting_evidence_without_a_note_is_refused_with_a_message(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", stage="submitted")
    (evidence_id,) = evidence_ids(app, exemplar_id)
    client = sign_in("unit_head")

    response = review_form(client, evidence_id, "rejected", " ")

    assert "Hãy ghi lý do không chấp nhận minh chứng." in text(
        client.get(response.headers["Location"])
    )
    assert review_of(app, evidence_id) == (Review.PENDING, "")


@pytest.mark.parametrize("actor", ["staff", "nominee", "inspector", "leader"])
def test_review_is_refused_with_403_to_readers_who_are_not_reviewers(
    app, sign_in, make_exemplar, actor
):
    exemplar_id = make_exemplar("staff", nominee="nominee", stage="submitted")
    (evidence_id,) = evidence_ids(app, exemplar_id)

    response = review_form(sign_in(actor), evidence_id, "accepted", "Tự duyệt.")

    assert response.status_code == 403
    assert review_of(app, evidence_id) == (Review.PENDING, "")


def test_evidence_of_a_draft_is_not_reviewed_yet(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff")
    (evidence_id,) = evidence_ids(app, exemplar_id)

    response = review_form(sign_in("secretariat"), evidence_id, "accepted")

    assert response.status_code == 403
    assert review_of(app, evidence_id) == (Review.PENDING, "")


# Endorsement needs accepted evidence -------------------------------------------------------------


@pytest.mark.parametrize("verdict", [None, "rejected"])
def test_endorsement_is_refused_while_no_evidence_is_accepted(
    app, sign_in, make_exemplar, review, verdict
):
    exemplar_id = make_exemplar("staff", stage="submitted")
    if verdict:
        review(evidence_ids(app, exemplar_id)[0], verdict, by="unit_head", note="Không hợp lệ.")

    response = post_step(sign_in("unit_head"), exemplar_id, "endorse", follow_redirects=True)

    assert "Chưa có minh chứng nào được chấp nhận" in text(response)
    assert stage_of(app, exemplar_id) == "submitted"


def test_endorsement_is_allowed_once_one_evidence_is_accepted(
    app, sign_in, make_exemplar, add_evidence, review
):
    exemplar_id = make_exemplar("staff", evidence=False)
    rejected = add_evidence(exemplar_id, DOCX, title="Bản nháp báo cáo")
    accepted = add_evidence(exemplar_id, PNG, title="Giấy khen")
    post_step(sign_in("staff"), exemplar_id, "submit")
    head = sign_in("unit_head")
    review_form(head, rejected, "rejected", "Chưa có chữ ký.")
    review_form(head, accepted, "accepted")

    response = post_step(head, exemplar_id, "endorse", follow_redirects=True)

    assert "Hồ sơ đã chuyển sang: Đơn vị đã xác nhận." in text(response)
    assert stage_of(app, exemplar_id) == "endorsed"


# One achievement, one award ----------------------------------------------------------------------

REUSE = "một thành tích chỉ khen một lần"


@pytest.fixture
def two_nominations_one_file(make_exemplar, add_evidence):
    """The same DOCX (other name, same content) offered by KCNTT and then by KKT."""
    first = make_exemplar("staff", name="Nguyễn Văn Bình", year=2023, evidence=False)
    add_evidence(first, DOCX, filename="bao-cao-thanh-tich.docx", title="Báo cáo thành tích")
    second = make_exemplar("other_staff", name="Trần Thị Cúc", evidence=False)
    add_evidence(second, DOCX, filename="Báo cáo – Cúc.docx", title="Báo cáo của Cúc")
    return first, second


def test_the_same_file_offered_again_is_flagged_to_the_secretariat_naming_both(
    app, sign_in, advance, two_nominations_one_file
):
    first, second = two_nominations_one_file
    advance(first, "submitted")
    advance(second, "submitted")
    client = sign_in("secretariat")

    on_second = evidence_section(text(client.get(f"/exemplars/{second}")))
    on_first = evidence_section(text(client.get(f"/exemplars/{first}")))

    assert REUSE in on_second and "Nguyễn Văn Bình (2023, Đã gửi đề xuất)" in on_second
    assert REUSE in on_first and "Trần Thị Cúc (2024, Đã gửi đề xuất)" in on_first


@pytest.mark.parametrize(
    ("head", "own", "other_name"),
    [
        ("kkt_head", 1, "Nguyễn Văn Bình"),
        ("unit_head", 0, "Trần Thị Cúc"),
    ],
)
def test_a_unit_head_is_not_told_of_another_units_nomination(
    app, sign_in, advance, two_nominations_one_file, head, own, other_name
):
    advance(two_nominations_one_file[0], "submitted")
    advance(two_nominations_one_file[1], "submitted")
    exemplar_id = two_nominations_one_file[own]
    other_id = two_nominations_one_file[1 - own]
    client = sign_in(head)

    section = evidence_section(text(client.get(f"/exemplars/{exemplar_id}")))

    assert client.get(f"/exemplars/{other_id}").status_code == 404
    assert REUSE not in section and other_name not in section


def test_a_unit_head_is_told_of_a_reuse_in_their_own_unit(
    app, sign_in, make_exemplar, add_evidence, advance
):
    first = make_exemplar("staff", name="Nguyễn Văn Bình", year=2023, evidence=False)
    add_evidence(first, DOCX)
    second = make_exemplar("colleague", name="Trần Thị Cúc", evidence=False)
    add_evidence(second, DOCX)
    other_unit = make_exemplar("other_staff", name="Lê Văn Kinh Tế", evidence=False)
    add_evidence(other_unit, DOCX)
    for exemplar_id in (first, second, other_unit):
        advance(exemplar_id, "submitted")

    section = evidence_section(text(sign_in("unit_head").get(f"/exemplars/{second}")))

    assert REUSE in section
    assert "Nguyễn Văn Bình (2023, Đã gửi đề xuất)" in section
    assert "Lê Văn Kinh Tế" not in section


def test_the_owner_cannot_use_the_flag_to_learn_whose_evidence_a_file_is(
    app, sign_in, two_nominations_one_file
):
    _first, second = two_nominations_one_file  # both still drafts, seen by their owners only

    section = evidence_section(text(sign_in("other_staff").get(f"/exemplars/{second}")))

    assert REUSE not in section
    assert "Nguyễn Văn Bình" not in section


def test_the_owner_is_told_of_a_reuse_among_nominations_they_may_open(
    app, sign_in, make_exemplar, add_evidence
):
    first = make_exemplar("staff", name="Nguyễn Văn Bình", year=2023, evidence=False)
    add_evidence(first, DOCX)
    second = make_exemplar("staff", name="Phạm Thị Dung", evidence=False)
    add_evidence(second, DOCX)
    elsewhere = make_exemplar("other_staff", name="Trần Thị Cúc", evidence=False)
    add_evidence(elsewhere, DOCX)

    section = evidence_section(text(sign_in("staff").get(f"/exemplars/{second}")))

    assert REUSE in section
    assert "Nguyễn Văn Bình (2023, Dự thảo)" in section
    assert "Trần Thị Cúc" not in section


def test_a_different_file_is_not_flagged(app, sign_in, make_exemplar, add_evidence):
    first = make_exemplar("staff", name="Nguyễn Văn Bình", evidence=False)
    add_evidence(first, DOCX)
    second = make_exemplar("other_staff", name="Trần Thị Cúc", evidence=False)
    add_evidence(second, PNG)
    for exemplar_id, owner in ((first, "staff"), (second, "other_staff")):
        post_step(sign_in(owner), exemplar_id, "submit")

    section = evidence_section(text(sign_in("kkt_head").get(f"/exemplars/{second}")))

    assert REUSE not in section


def test_a_withdrawn_nomination_no_longer_counts_as_reuse(
    app, sign_in, advance, two_nominations_one_file
):
    first, second = two_nominations_one_file
    advance(first, "withdrawn")
    advance(second, "submitted")

    section = evidence_section(text(sign_in("kkt_head").get(f"/exemplars/{second}")))

    assert REUSE not in section


# Who sees evidence ------------------------------------------------------------------------------


@pytest.fixture
def private(make_exemplar, add_evidence, advance):
    """A submitted KCNTT nomination by ``staff`` of ``nominee``, with a scanned ID card.

    Submitted, so that the unit head may open it (a draft is its owner's own)."""
    exemplar_id = make_exemplar("staff", nominee="nominee", evidence=False)
    evidence_id = add_evidence(
        exemplar_id, JPG, filename="can-cuoc-cong-dan.jpg", title="Căn cước công dân"
    )
    advance(exemplar_id, "submitted")
    return {"exemplar": exemplar_id, "evidence": evidence_id}


@pytest.mark.parametrize("reader", MAY_SEE)
def test_the_people_named_by_design_see_the_evidence_on_the_page(app, sign_in, private, reader):
    page = text(sign_in(reader).get(f"/exemplars/{private['exemplar']}"))

    section = evidence_section(page)
    assert "Căn cước công dân" in section
    assert f"/exemplars/evidence/{private['evidence']}/download" in section


@pytest.mark.parametrize("reader", MAY_SEE)
def test_the_people_named_by_design_download_the_evidence(app, sign_in, private, reader):
    response = sign_in(reader).get(f"/exemplars/evidence/{private['evidence']}/download")

    assert response.status_code == 200
    assert response.data == sample_bytes(JPG)


@pytest.mark.parametrize("url", EVIDENCE_URLS)
@pytest.mark.parametrize("reader", MAY_NOT_SEE)
def test_evidence_is_not_found_for_anyone_else_whatever_the_url(app, sign_in, private, reader, url):
    client = sign_in(reader)
    client.get("/")  # the greeting is shown once, on the first page after signing in

    response = client.get(url.format(**private))
    missing = client.get(url.format(exemplar=999_999, evidence=999_999))

    assert response.status_code == 404
    assert same_page(response, missing)
    assert "Căn cước công dân" not in text(response)
    assert "can-cuoc-cong-dan" not in text(response)


@pytest.mark.parametrize("action", ["review", "delete"])
@pytest.mark.parametrize("reader", MAY_NOT_SEE)
def test_evidence_actions_are_not_found_for_anyone_else(app, sign_in, private, reader, action):
    client = sign_in(reader)

    response = client.post(
        f"/exemplars/evidence/{private['evidence']}/{action}",
        data={"csrf_token": token(client), "verdict": "accepted"},
    )

    assert response.status_code == 404
    assert review_of(app, private["evidence"]) == (Review.PENDING, "")
    assert evidence_ids(app, private["exemplar"]) == [private["evidence"]]


@pytest.mark.parametrize("url", EVIDENCE_URLS)
def test_anonymous_readers_are_sent_to_sign_in(app, client, private, url):
    response = client.get(url.format(**private))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_preview_shows_an_image_inline_in_a_sandbox(app, sign_in, private):
    response = sign_in("unit_head").get(f"/exemplars/evidence/{private['evidence']}/preview")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_removed_evidence_file_is_no_longer_served(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff")
    (evidence_id,) = evidence_ids(app, exemplar_id)
    client = sign_in("staff")
    client.post(f"/exemplars/evidence/{evidence_id}/delete", data={"csrf_token": token(client)})

    response = client.get(f"/exemplars/evidence/{evidence_id}/download")

    assert response.status_code == 404
    assert evidence_ids(app, exemplar_id) == []


# The honour board is public: never evidence -----------------------------------------------------


@pytest.fixture
def propagated(make_exemplar, add_evidence, advance):
    exemplar_id = make_exemplar("staff", name="Nguyễn Văn Bình", evidence=False)
    evidence_id = add_evidence(
        exemplar_id, JPG, filename="can-cuoc-cong-dan.jpg", title="Căn cước công dân của Bình"
    )
    advance(exemplar_id, "propagated")
    return exemplar_id, evidence_id


@pytest.mark.parametrize("reader", ["secretariat", "staff", "other_staff"])
def test_the_honour_board_never_shows_evidence_names_or_links(app, sign_in, propagated, reader):
    page = text(sign_in(reader).get("/exemplars/honour-board"))

    assert "Nguyễn Văn Bình" in page
    assert "Căn cước công dân" not in page
    assert "can-cuoc-cong-dan" not in page
    assert "/exemplars/evidence/" not in page


def test_a_propagated_nomination_opens_to_everyone_without_its_evidence(app, sign_in, propagated):
    exemplar_id, _evidence_id = propagated
    client = sign_in("other_staff")  # staff of another unit
    board = text(client.get("/exemplars/honour-board"))

    response = client.get(f"/exemplars/{exemplar_id}")

    assert "Nguyễn Văn Bình" in board
    assert response.status_code == 200
    page = text(response)
    assert "Nguyễn Văn Bình" in page
    assert 'id="minh-chung"' not in page
    assert "Căn cước công dân" not in page and "can-cuoc-cong-dan" not in page
    assert "/exemplars/evidence/" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/exemplars/evidence/{}/download",
        "/exemplars/evidence/{}/preview",
        "/api/v1/evidence/{}",
        "/api/v1/evidence/{}/download",
    ],
)
def test_evidence_stays_private_after_propagation(app, sign_in, propagated, url):
    _exemplar_id, evidence_id = propagated

    assert sign_in("other_staff").get(url.format(evidence_id)).status_code == 404


def test_the_private_readers_still_see_the_evidence_of_a_propagated_nomination(
    app, sign_in, propagated
):
    exemplar_id, _evidence_id = propagated

    section = evidence_section(text(sign_in("unit_head").get(f"/exemplars/{exemplar_id}")))

    assert "Căn cước công dân của Bình" in section
