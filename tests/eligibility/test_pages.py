"""Eligibility on the nomination and the dossier; the dossier's evidence and the dossier of a
person without an account; the secretariat's rules pages."""

import html
import re

from sqlalchemy import select

from intranet.accounts.models import User
from intranet.eligibility.models import EligibilityRule
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.exemplars.models import AwardLine
from intranet.extensions import db
from tests import factories
from tests.conftest import post_form


def page_of(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return html.unescape(response.get_data(as_text=True))


def section(page: str, marker: str) -> str:
    begin = page.index(marker)
    return page[begin : page.index("</section>", begin)]


def test_the_nomination_page_shows_its_eligibility_to_its_private_readers(app, world, login_as):
    path = f"/exemplars/{world.exemplar}"
    for reader in ("staff", "unit_head", "inspector"):
        page = page_of(login_as(reader), path)
        assert "Đủ điều kiện đề nghị Lao động tiên tiến năm 2024" in page, reader
        assert "Đã đăng ký thi đua Lao động tiên tiến năm 2024" in page
        assert "(Luật Thi đua, khen thưởng 2022, Điều 24, khoản 1, điểm a)" in page
    page_of(login_as("other_staff"), path, 404)


def test_the_dossier_shows_evidence_beside_titles_and_decisions_and_eligibility(
    app, world, login_as
):
    path = f"/exemplars/dossier/person/{world.people['staff']}"
    head = page_of(login_as("unit_head"), path)
    stranger = page_of(login_as("other_staff"), path)

    evidence = section(head, 'id="minh-chung"')
    assert "Sáng kiến: chấm bài thực hành tự động" in evidence
    assert "Giấy chứng nhận dạy giỏi" not in evidence  # not accepted
    assert "32/QĐ-CĐBP" in section(head, 'id="h-aw"')
    verdicts = section(head, 'id="du-dieu-kien"')
    assert "Đủ điều kiện đề nghị Chiến sĩ thi đua toàn quốc năm 2024" in verdicts
    assert "Chưa đủ điều kiện đề nghị Chiến sĩ thi đua cơ sở năm 2024" in verdicts
    assert "Chưa đăng ký thi đua Chiến sĩ thi đua cơ sở năm 2024" in verdicts
    # the decisions are public; the evidence and the yearly results are not
    assert "32/QĐ-CĐBP" in stranger
    assert "Sáng kiến: chấm bài" not in stranger
    assert 'id="du-dieu-kien"' not in stranger


def test_a_person_named_in_a_decision_without_an_account_has_a_dossier(app, world, login_as):
    path = f"/exemplars/dossier/name/{world.no_account_line}"
    page = page_of(login_as("unit_head"), path)

    assert "Hồ sơ thành tích: Bà Hai Bảo vệ" in page
    assert "33/QĐ-CĐBP" in section(page, 'id="h-aw"')
    assert "Thư khen" in section(page, 'id="minh-chung"')
    assert "Lao động tiên tiến" in section(page, 'id="du-dieu-kien"')
    # the decision list links the name to that dossier
    decision = page_of(login_as("staff"), f"/exemplars/decisions/{_decision_of(app, world)}")
    assert f'href="/exemplars/dossier/name/{world.no_account_line}"' in decision
    # a reader who may see the decision sees the dossier, never the evidence
    other = page_of(login_as("other_staff"), path)
    assert "Thư khen" not in other


def _decision_of(app, world) -> int:
    with app.app_context():
        return db.session.get(AwardLine, world.no_account_line).document_id


def test_a_dossier_by_name_is_refused_to_those_who_may_not_see_its_decision(
    app, world, login_as, catalogue
):
    with app.app_context():
        secretariat = db.session.get(User, world.people["secretariat"])
        draft = factories.decision(secretariat, 40, year=2024)
        line = db.session.get(AwardLine, world.no_account_line)
        hidden = factories.award_line(
            draft,
            secretariat,
            exemplar_id=line.exemplar_id,
            form_id=catalogue("form", "Giấy khen"),
        ).id

    page_of(login_as("staff"), f"/exemplars/dossier/name/{hidden}", 404)
    page_of(login_as("other_staff"), f"/exemplars/dossier/name/{hidden}", 404)
    page_of(login_as("staff"), "/exemplars/dossier/name/999999", 404)
    page_of(login_as("secretariat"), f"/exemplars/dossier/name/{hidden}")


def test_the_secretariat_edits_a_rule_and_staff_may_only_read_them(app, world, login_as):
    with app.app_context():
        rule = db.session.execute(
            select(EligibilityRule)
            .join(CatalogueEntry, EligibilityRule.title_id == CatalogueEntry.id)
            .where(CatalogueEntry.name == "Chiến sĩ thi đua cấp tỉnh")
        ).scalar_one()
        rule_id, title_id, required_id = rule.id, rule.title_id, rule.required_id
    secretariat, staff = login_as("secretariat"), login_as("staff")
    listing = page_of(staff, "/eligibility/rules")
    assert "Luật Thi đua, khen thưởng 2022, Điều 22" in listing
    assert staff.get(f"/eligibility/rules/{rule_id}").status_code == 403
    assert staff.get("/eligibility/rules/new").status_code == 403

    fields = {
        "title_id": title_id,
        "kind": "consecutive",
        "required_id": required_id,
        "rating_id": 0,
        "years": 2,
        "offset": 0,
        "keyword": "",
        "article": "Luật Thi đua, khen thưởng 2022, Điều 22, khoản 1",
        "position": 0,
        "active": "y",
    }
    path = f"/eligibility/rules/{rule_id}"
    garbage = post_form(secretariat, path, {**fields, "years": "x" * 30, "article": "a" * 400})
    saved = post_form(secretariat, path, fields)

    assert garbage.status_code == 200 and "Từ 1 đến 10 năm" in html.unescape(garbage.text)
    assert saved.status_code == 302
    with app.app_context():
        rule = db.session.get(EligibilityRule, rule_id)
        assert (rule.years, rule.article) == (2, fields["article"])
    assert re.search(r"Chiến sĩ thi đua cơ sở · 2 năm", page_of(secretariat, "/eligibility/rules"))
    # the catalogue page leads to the rules
    assert 'href="/eligibility/rules"' in page_of(secretariat, "/exemplars/catalogues")
