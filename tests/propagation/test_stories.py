"""Stories: written by the unit's head, reviewed and published by the secretariat, read by all;
photos checked as images by content (a non-image and a decompression bomb refused), resized by
the worker with the original kept, served with their checked type; the article and Atom feed."""

import io
import re
from xml.etree import ElementTree as ET

from PIL import Image

from intranet import tasks
from intranet.extensions import db
from intranet.propagation.models import Photo, Story
from tests.conftest import post_form
from tests.propagation.conftest import picture

ATOM = "{http://www.w3.org/2005/Atom}"


def _write(client, exemplar_id: int, title: str) -> int:
    response = post_form(
        client,
        f"/propagation/exemplar/{exemplar_id}/stories/new",
        {"title": title, "body": "Đoạn thứ nhất.\n\nĐoạn thứ hai."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/stories/(\d+)/edit", response.location).group(1))


def _photo(client, story_id: int, name: str, content: bytes, caption: str = "Ảnh"):
    return post_form(
        client,
        f"/propagation/stories/{story_id}/photos",
        {"photo": (io.BytesIO(content), name), "caption": caption},
        token_from=f"/propagation/stories/{story_id}/edit",
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_a_story_is_written_reviewed_published_and_read_by_everyone(app, sign_in, recognised):
    head = sign_in("unit_head")
    story_id = _write(head, recognised, "Người thầy của những giải thưởng")
    other = sign_in("other_staff")
    assert other.get(f"/propagation/stories/{story_id}").status_code == 404  # a draft: not seen
    assert other.get(f"/propagation/stories/{story_id}/edit").status_code == 404
    edit = f"/propagation/stories/{story_id}/edit"
    assert sign_in("staff").get(edit).status_code == 404  # staff of the unit: not theirs either

    post_form(head, f"/propagation/stories/{story_id}/submit", token_from=edit)
    secretariat = sign_in("secretariat")
    post_form(
        secretariat,
        f"/propagation/stories/{story_id}/publish",
        token_from=f"/propagation/stories/{story_id}",
    )
    page = other.get(f"/propagation/stories/{story_id}").get_data(as_text=True)
    assert "Người thầy của những giải thưởng" in page and "<p>Đoạn thứ hai.</p>" in page
    assert other.get(edit).status_code == 403  # published: read by all, changed by none
    assert head.get(edit).status_code == 403


def test_photos_are_checked_by_content_and_resized_with_the_original_kept(app, sign_in, recognised):
    head = sign_in("unit_head")
    story_id = _write(head, recognised, "Bài có ảnh")
    refused = _photo(head, story_id, "gia.png", b"This is not a picture at all.\n")
    assert "không phải là ảnh" in refused.get_data(as_text=True)
    bomb = picture(7000, 7000, "PNG", mode="1")  # 49 megapixels in a few kilobytes
    assert len(bomb) < 200_000
    refused = _photo(head, story_id, "bom.png", bomb)
    assert "quá lớn" in refused.get_data(as_text=True)

    assert "Đã thêm ảnh" in _photo(head, story_id, "lop-hoc.png", picture(1000, 700)).get_data(
        as_text=True
    )
    _photo(head, story_id, "nho.jpg", picture(200, 150, "JPEG"))
    with app.app_context():
        photos = db.session.query(Photo).order_by(Photo.id).all()
        assert [(p.width, p.sizes) for p in photos] == [(1000, []), (200, [])]
    tasks.resize_photos.call_local()  # the worker's task
    with app.app_context():
        big, small = db.session.query(Photo).order_by(Photo.id).all()
        assert [s.width for s in big.sizes] == [320, 800]
        assert small.sizes == [] and small.sized_at is not None  # smaller than every size
        assert big.stored.type_code == "png"  # the original, as it came
        photo_id, sizes = big.id, [s.stored.type_code for s in big.sizes]
    assert sizes == ["jpeg", "jpeg"]
    response = head.get(f"/propagation/photos/{photo_id}/320")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert Image.open(io.BytesIO(response.data)).size == (320, 224)
    original = head.get(f"/propagation/photos/{photo_id}")
    assert original.mimetype == "image/png" and original.data == picture(1000, 700)
    assert sign_in("other_staff").get(f"/propagation/photos/{photo_id}").status_code == 404


def test_the_atom_feed_holds_only_published_stories_and_the_article_its_pictures(
    app, sign_in, recognised
):
    head, secretariat = sign_in("unit_head"), sign_in("secretariat")
    published = _write(head, recognised, "Bài đã đăng")
    _photo(head, published, "anh.png", picture(400, 300))
    _write(head, recognised, "Bài còn nháp")
    post_form(
        secretariat,
        f"/propagation/stories/{published}/publish",
        token_from=f"/propagation/stories/{published}",
    )

    response = head.get("/propagation/stories.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314  (our own feed, in a test)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{tag}").text
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Bài đã đăng"]
    (entry,) = entries
    for tag in ("id", "updated"):
        assert entry.find(f"{ATOM}{tag}").text
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/propagation/stories/{published}")

    article = sign_in("other_staff").get(f"/propagation/stories/{published}/article.html")
    html = article.get_data(as_text=True)
    assert article.headers["Content-Disposition"].startswith("attachment")
    assert "Bài đã đăng" in html and 'src="data:image/png;base64,' in html
    with app.app_context():
        draft = db.session.query(Story).filter_by(title="Bài còn nháp").one().id
    assert head.get(f"/propagation/stories/{draft}/article.html").status_code == 404
