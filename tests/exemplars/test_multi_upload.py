"""Evidence takes several files at once: each is stored or refused on its own, a refusal names its
file and the others are kept, on the plain form (several files in one request) and through the
page's script (one request per file, each with its own answer)."""

import io

from tests.exemplars.conftest import PDF, PNG, evidence_ids, sample_bytes, text, token

EXE = b"MZ\x90\x00" + b"\x00" * 200  # a Windows program: the file store refuses it


def post_files(client, exemplar_id: int, files, *, json=False, **fields):
    data = {"csrf_token": token(client), "title": "", "description": "", **fields}
    data["file"] = [(io.BytesIO(content), name) for name, content in files]
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        f"/exemplars/{exemplar_id}/evidence",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
        follow_redirects=not json,
    )


def names_of(app, exemplar_id: int) -> list[str]:
    from intranet.exemplars.models import Evidence
    from intranet.extensions import db

    with app.app_context():
        return sorted(
            db.session.get(Evidence, i).original_name for i in evidence_ids(app, exemplar_id)
        )


def test_three_files_in_one_form_become_three_evidence_rows(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", evidence=False)

    response = post_files(
        sign_in("staff"),
        exemplar_id,
        [
            ("Giấy khen 2024.pdf", sample_bytes(PDF)),
            ("Bằng khen.png", sample_bytes(PNG)),
            ("Quyết định.pdf", sample_bytes(PDF) + b"\n% another\n"),
        ],
    )

    assert response.status_code == 200
    assert names_of(app, exemplar_id) == ["Bằng khen.png", "Giấy khen 2024.pdf", "Quyết định.pdf"]
    page = text(response)
    assert "Đã tải lên 3 minh chứng" in page
    # Each is titled by its own file's name.
    for name in ("Giấy khen 2024.pdf", "Bằng khen.png", "Quyết định.pdf"):
        assert name in page


def test_a_bad_file_among_them_is_named_and_the_others_are_kept(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", evidence=False)

    response = post_files(
        sign_in("staff"),
        exemplar_id,
        [
            ("Giấy khen.pdf", sample_bytes(PDF)),
            ("chuong-trinh.exe", EXE),
            ("Bằng khen.png", sample_bytes(PNG)),
        ],
    )

    assert names_of(app, exemplar_id) == ["Bằng khen.png", "Giấy khen.pdf"]
    page = text(response)
    assert "Đã tải lên 2 minh chứng" in page
    assert "chuong-trinh.exe:" in page  # the refusal names the file


def test_the_json_answer_gives_each_files_result(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", evidence=False)

    response = post_files(
        sign_in("staff"),
        exemplar_id,
        [("a.pdf", sample_bytes(PDF)), ("b.exe", EXE), ("c.png", sample_bytes(PNG))],
        json=True,
    )

    body = response.get_json()
    assert response.status_code == 200
    assert body["ok"] is False and body["message"] == "Đã tải lên 2/3 tệp."
    assert [(r["name"], r["ok"]) for r in body["results"]] == [
        ("a.pdf", True),
        ("b.exe", False),
        ("c.png", True),
    ]
    assert body["results"][1]["message"].startswith("b.exe:")


def test_one_file_per_request_as_the_script_sends_them(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", evidence=False)
    client = sign_in("staff")

    good = post_files(client, exemplar_id, [("a.pdf", sample_bytes(PDF))], json=True)
    bad = post_files(client, exemplar_id, [("b.exe", EXE)], json=True)

    assert good.status_code == 200 and good.get_json()["ok"] is True
    assert bad.status_code == 422 and bad.get_json()["message"].startswith("b.exe:")
    assert names_of(app, exemplar_id) == ["a.pdf"]


def test_the_form_offers_several_files_and_a_list_for_their_progress(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", evidence=False)

    page = sign_in("staff").get(f"/exemplars/{exemplar_id}").get_data(as_text=True)

    assert 'type="file"' in page and " multiple" in page
    assert 'data-upload="each"' in page
    assert 'class="upload-list' in page
    assert "<script>" not in page  # the behaviour is in app.js (CSP)


def test_someone_who_may_not_add_evidence_stores_none(app, sign_in, make_exemplar):
    exemplar_id = make_exemplar("staff", evidence=False)

    response = post_files(
        sign_in("colleague"), exemplar_id, [("a.pdf", sample_bytes(PDF)), ("b.pdf", EXE)]
    )

    assert response.status_code == 404
    assert names_of(app, exemplar_id) == []
