"""The catalogues of the law, seeded and then edited by the secretariat only."""

import re

import pytest
from sqlalchemy import func, select

from intranet.exemplars import catalogues
from intranet.exemplars.catalogues import Applies, CatalogueEntry
from intranet.extensions import db
from tests.exemplars.conftest import between, text, token

LAW = {
    "field": [
        "Giảng dạy",
        "Nghiên cứu khoa học",
        "Quản lý",
        "Phục vụ",
        "Công tác học sinh – sinh viên",
        "Đoàn thể",
    ],
    "movement": ["Tuyên truyền gương điển hình tiên tiến giai đoạn 2022 – 2025"],
    "title": [
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Chiến sĩ thi đua cấp tỉnh",
        "Chiến sĩ thi đua cấp bộ",
        "Chiến sĩ thi đua toàn quốc",
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
    ],
    "form": [
        "Giấy khen",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Kỷ niệm chương",
        "Huy chương",
        "Huân chương",
    ],
    "kind": [
        "Thường xuyên",
        "Theo đợt",
        "Theo chuyên đề",
        "Đột xuất",
        "Quá trình cống hiến",
        "Niên hạn",
        "Đối ngoại",
    ],
    "level": ["Cấp trường", "Cấp tỉnh", "Cấp bộ", "Cấp nhà nước"],
}
NOT_SECRETARIAT = ("staff", "unit_head", "inspector", "leader", "admin")


def group_names(page: str, group: str) -> list[str]:
    section = between(page, f'id="g-{group}"', "</section>")
    return re.findall(r'href="/exemplars/catalogues/\w+/\d+">([^<]+)</a>', section)


def entry_count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(CatalogueEntry.id))).scalar_one()


def entry_form(client, path: str, name: str, applies_to: str = "any", active: bool = True):
    data = {"csrf_token": token(client), "name": name, "applies_to": applies_to}
    if active:
        data["active"] = "y"
    return client.post(path, data=data)


@pytest.mark.parametrize("group", list(LAW))
def test_the_catalogues_are_seeded_from_the_law(app, people, catalogue, sign_in, group):
    page = text(sign_in("secretariat").get("/exemplars/catalogues"))

    listed = group_names(page, group)
    assert [name for name in LAW[group] if name not in listed] == []


def test_titles_say_whether_they_are_for_individuals_or_collectives(app, catalogue):
    with app.app_context():
        applies = {
            e.name: e.applies_to for e in db.session.execute(select(CatalogueEntry)).scalars()
        }

    assert applies["Chiến sĩ thi đua cơ sở"] == Applies.INDIVIDUAL
    assert applies["Tập thể lao động xuất sắc"] == Applies.COLLECTIVE


def test_seeding_again_adds_nothing(app, catalogue):
    before = entry_count(app)

    with app.app_context():
        catalogues.seed()

    assert entry_count(app) == before


def test_the_secretariat_adds_an_entry(app, people, catalogue, sign_in):
    client = sign_in("secretariat")

    response = entry_form(
        client, "/exemplars/catalogues/field/new", "Khởi nghiệp, đổi mới sáng tạo"
    )

    assert response.status_code == 302
    page = text(client.get("/exemplars/catalogues"))
    assert "Khởi nghiệp, đổi mới sáng tạo" in group_names(page, "field")


def test_the_secretariat_renames_an_entry(app, people, catalogue, sign_in):
    client = sign_in("secretariat")
    entry_id = catalogue("level", "Cấp trường")

    entry_form(client, f"/exemplars/catalogues/level/{entry_id}", "Cấp trường (Hiệu trưởng)")

    page = text(client.get("/exemplars/catalogues"))
    assert "Cấp trường (Hiệu trưởng)" in group_names(page, "level")
    assert "Cấp trường" not in group_names(page, "level")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/exemplars/catalogues/level/new", "Cấp tỉnh"),
        ("/exemplars/catalogues/form/new", " Giấy khen "),
    ],
)
def test_a_duplicate_name_is_refused_with_a_message(app, people, catalogue, sign_in, path, name):
    before = entry_count(app)

    response = entry_form(sign_in("secretariat"), path, name)

    assert response.status_code == 200
    assert f"“{name.strip()}” đã có." in text(response)
    assert entry_count(app) == before


def test_renaming_onto_another_entry_is_refused_with_a_message(app, people, catalogue, sign_in):
    entry_id = catalogue("kind", "Theo đợt")

    response = entry_form(
        sign_in("secretariat"), f"/exemplars/catalogues/kind/{entry_id}", "Đột xuất"
    )

    assert "Loại hình khen thưởng “Đột xuất” đã có." in text(response)
    assert catalogue("kind", "Theo đợt") == entry_id


def test_a_retired_entry_is_no_longer_offered_on_the_nomination_form(
    app, people, catalogue, sign_in
):
    entry_id = catalogue("field", "Đoàn thể")
    entry_form(
        sign_in("secretariat"), f"/exemplars/catalogues/field/{entry_id}", "Đoàn thể", active=False
    )

    form = text(sign_in("staff").get("/exemplars/new"))

    fields = between(form, 'id="field_id"', "</select>")
    assert "Đoàn thể" not in fields
    assert "Giảng dạy</option>" in fields


@pytest.mark.parametrize("actor", NOT_SECRETARIAT)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/exemplars/catalogues"),
        ("GET", "/exemplars/catalogues/field/new"),
        ("POST", "/exemplars/catalogues/field/new"),
        ("POST", "/exemplars/catalogues/level/{level}"),
    ],
)
def test_everyone_but_the_secretariat_gets_403(
    app, people, catalogue, sign_in, actor, method, path
):
    level = catalogue("level", "Cấp tỉnh")
    before = entry_count(app)
    client = sign_in(actor)
    path = path.format(level=level)

    response = client.get(path) if method == "GET" else entry_form(client, path, "Cấp huyện")

    assert response.status_code == 403
    assert entry_count(app) == before
    assert catalogue("level", "Cấp tỉnh") == level
