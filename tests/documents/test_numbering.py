"""Số và ký hiệu: parsed as written, checked against the kinds of Nghị định 30/2020, unique per
issuer and year, with the next free number suggested."""

import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from intranet.documents import kinds, numbering
from intranet.documents.models import Document
from intranet.extensions import db
from tests.documents.conftest import listed, post, text_of


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def parse(text, kind=None):
    return numbering.parse(text, kind_hint=kind)


# --- parsing ---------------------------------------------------------------------------------


def test_plain_symbol_gives_number_kind_and_issuer(ctx):
    symbol = parse("36/KH-CĐBP")
    assert (symbol.number, symbol.kind, symbol.issuer) == (36, "KH", "CĐBP")
    assert str(symbol) == "36/KH-CĐBP"


def test_symbol_copied_from_the_paper_with_so_prefix_and_spaces(ctx):
    symbol = parse("Số: 36 /KH-CĐBP")
    assert (symbol.number, symbol.kind, symbol.issuer) == (36, "KH", "CĐBP")


def test_decision_symbol(ctx):
    assert parse("125/QĐ-CĐBP", "QĐ") == numbering.Symbol(125, "QĐ", "CĐBP")


def test_unaccented_lower_case_decision_is_read_as_qd(ctx):
    symbol = parse("125/qd-cdbp", "QĐ")
    assert symbol.kind == "QĐ"
    assert symbol.number == 125
    assert symbol.folded == parse("125/QĐ-CĐBP").folded


def test_decomposed_vietnamese_input_is_normalised(ctx):
    symbol = parse(unicodedata.normalize("NFD", "36/KH-CĐBP"))
    assert str(symbol) == "36/KH-CĐBP"
    assert unicodedata.is_normalized("NFC", symbol.issuer)


def test_cong_van_has_no_kind_code(ctx):
    symbol = parse("7991/BGDĐT-GDTrH")
    assert symbol.kind == kinds.CONG_VAN
    assert symbol.issuer == "BGDĐT-GDTrH"  # the mixed-case abbreviation kept as written
    assert str(symbol) == "7991/BGDĐT-GDTrH"


def test_cong_van_chosen_on_the_form(ctx):
    assert parse("7991/BGDĐT-GDTrH", kinds.CONG_VAN).kind == kinds.CONG_VAN


def test_invalid_kind_code_for_the_chosen_kind_names_the_code(ctx):
    with pytest.raises(numbering.NumberError) as error:
        parse("36/XY-CĐBP", "KH")
    message = str(error.value)
    assert "Ký hiệu XY không phải loại văn bản theo Nghị định 30/2020" in message
    assert "36/KH-CĐBP" in message  # says how it should look


def test_kind_code_that_contradicts_the_chosen_kind(ctx):
    with pytest.raises(numbering.NumberError) as error:
        parse("36/QĐ-CĐBP", "KH")
    assert str(error.value) == ("Ký hiệu QĐ là loại Quyết định, nhưng bạn chọn loại Kế hoạch.")


def test_missing_issuer(ctx):
    with pytest.raises(numbering.NumberError) as error:
        parse("36/KH", "KH")
    assert "Thiếu cơ quan ban hành" in str(error.value)
    assert "36/KH-CĐBP" in str(error.value)


@pytest.mark.parametrize("garbage", ["abc", "KH-CĐBP", "36", "36/", "/KH-CĐBP", "ba mươi sáu/KH"])
def test_garbage_is_refused_with_the_expected_form(ctx, garbage):
    with pytest.raises(numbering.NumberError) as error:
        parse(garbage)
    message = str(error.value)
    assert message.startswith("Số và ký hiệu phải có dạng số/ký hiệu, ví dụ: 36/KH-CĐBP")
    assert message.endswith(f"Bạn đã nhập: {garbage}")


@pytest.mark.parametrize("symbol", ["36/KH CĐBP x", "36/KH--CĐBP", "36/KH-CĐBP-", "36/KH-<b>"])
def test_symbol_with_other_characters_than_letters_digits_and_dashes(ctx, symbol):
    with pytest.raises(numbering.NumberError) as error:
        parse(symbol)
    assert str(error.value).startswith("Ký hiệu chỉ gồm chữ và số, nối với nhau bằng dấu gạch")


def test_empty_input_asks_for_a_number(ctx):
    with pytest.raises(numbering.NumberError) as error:
        parse("Số:  ")
    assert str(error.value) == "Hãy nhập số và ký hiệu, ví dụ: 36/KH-CĐBP."


def test_number_zero_is_refused(ctx):
    with pytest.raises(numbering.NumberError) as error:
        parse("0/KH-CĐBP", "KH")
    assert str(error.value) == "Số văn bản phải lớn hơn 0."


# --- through the form ------------------------------------------------------------------------


def form(symbol, kind="KH", issued_on="2023-04-21", **extra):
    data = {
        "kind": kind,
        "number_symbol": symbol,
        "issued_on": issued_on,
        "summary": "Về việc tuyên truyền gương điển hình tiên tiến",
        "issued_place": "Bình Phước",
        "issuer_name": "Trường Cao đẳng Bình Phước",
        "unit_id": "0",
        "audience_all": "all",
    }
    data.update(extra)
    return data


def create(client, symbol, follow_redirects=False, **fields):
    return post(
        client,
        "/documents/new",
        form(symbol, **fields),
        token_from="/documents/new",
        follow_redirects=follow_redirects,
    )


def symbols(app):
    with app.app_context():
        return sorted(db.session.execute(select(Document.symbol)).scalars())


def test_form_saves_the_symbol_as_written_on_paper(app, login_as):
    client = login_as("secretariat")
    response = create(client, "Số: 36 /KH-CĐBP", follow_redirects=True)
    page = text_of(response)
    assert "Đã lưu dự thảo 36/KH-CĐBP." in page
    assert "Số: 36/KH-CĐBP" in page
    assert symbols(app) == ["36/KH-CĐBP"]


def test_form_reads_unaccented_decision_number_with_the_colleges_spelling(app, login_as):
    client = login_as("secretariat")
    response = create(client, "125/qd-cdbp", kind="QĐ", follow_redirects=True)
    assert "Số: 125/QĐ-CĐBP" in text_of(response)
    assert symbols(app) == ["125/QĐ-CĐBP"]


def test_form_shows_the_invalid_kind_code_message_and_saves_nothing(app, login_as):
    client = login_as("secretariat")
    response = create(client, "36/XY-CĐBP")
    assert response.status_code == 200
    assert "Ký hiệu XY không phải loại văn bản theo Nghị định 30/2020" in text_of(response)
    assert symbols(app) == []


def test_duplicate_number_is_refused_and_the_next_free_number_suggested(
    app, login_as, make_document
):
    make_document("36/KH-CĐBP")
    make_document("37/QĐ-CĐBP", issued_on=date(2023, 5, 2))
    client = login_as("secretariat")
    response = create(client, "36/TB-CĐBP", kind="TB", issued_on="2023-09-01")
    page = text_of(response)
    assert "Số 36 của CĐBP năm 2023 đã dùng cho văn bản 36/KH-CĐBP." in page
    assert "Số còn trống tiếp theo: 38." in page
    assert symbols(app) == ["36/KH-CĐBP", "37/QĐ-CĐBP"]


def test_same_number_in_another_year_is_accepted(app, login_as, make_document):
    make_document("36/KH-CĐBP", issued_on=date(2023, 4, 21))
    client = login_as("secretariat")
    response = create(client, "36/KH-CĐBP", issued_on="2024-03-01", follow_redirects=True)
    assert "Đã lưu dự thảo 36/KH-CĐBP." in text_of(response)
    with app.app_context():
        years = db.session.execute(
            select(Document.year).where(Document.number == 36).order_by(Document.year)
        ).scalars()
        assert list(years) == [2023, 2024]


def test_same_number_of_another_issuer_is_accepted(app, login_as, make_document):
    make_document("36/KH-CĐBP")
    client = login_as("secretariat")
    create(client, "36/KH-UBND", issuer_name="UBND tỉnh Bình Phước")
    assert symbols(app) == ["36/KH-CĐBP", "36/KH-UBND"]


def test_unaccented_issuer_clashes_with_the_accented_one(app, login_as, make_document):
    make_document("36/KH-CĐBP")
    client = login_as("secretariat")
    response = create(client, "36/KH-CDBP")
    assert "Số 36 của CĐBP năm 2023 đã dùng cho văn bản 36/KH-CĐBP." in text_of(response)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Document)).scalar() == 1


def test_new_form_offers_a_draft_without_a_number(app, login_as):
    """The number is taken at issue (the registry's next free one), not typed on the draft."""
    page = text_of(login_as("secretariat").get("/documents/new?kind=QĐ"))
    assert 'value="…/QĐ-CĐBP"' in page


def test_numbers_start_at_01_each_calendar_year_per_issuer(app, make_document):
    """What issuing takes: the issuer's next free number in the year, written with its zero."""
    from intranet.documents import services

    def next_symbol(issuer, year):
        with app.app_context():
            number = services.suggest_number(issuer, year)
            return str(numbering.Symbol(number, "KH", issuer))

    assert next_symbol("KKT", 2025) == "01/KH-KKT"
    make_document("5/KH-KKT", issued_on=date(2025, 3, 1))
    make_document("12/TB-CĐBP", issued_on=date(2025, 3, 1))  # another issuer: its own numbers
    assert next_symbol("KKT", 2025) == "06/KH-KKT"
    assert next_symbol("KKT", 2026) == "01/KH-KKT"  # a new year starts again at 01
    assert next_symbol("CĐBP", 2025) == "13/KH-CĐBP"


# --- the leading zero (Nghị định 30/2020: numbers from 01, "05/KH-KKT") -------------------


@pytest.mark.parametrize("number", [*range(1, 32), 99, 100, 125, 7991])
def test_numbers_below_ten_are_written_with_a_zero(ctx, number):
    written = f"0{number}" if number < 10 else str(number)
    assert numbering.format_number(number) == written
    assert str(numbering.Symbol(number, "KH", "KKT")) == f"{written}/KH-KKT"
    assert str(numbering.Symbol(number, kinds.CONG_VAN, "CĐBP-HCTC")) == f"{written}/CĐBP-HCTC"
    # Typed with or without the zero, it is the same number and the same document.
    for typed in (f"{number}/KH-KKT", f"0{number}/kh-kkt", f"Số: 0{number} /KH-KKT"):
        symbol = parse(typed)
        assert symbol.number == number
        assert str(symbol) == f"{written}/KH-KKT"
        assert numbering.folded_key(typed) == f"{written}/kh-kkt"


def test_folded_key_of_something_that_is_not_a_number(ctx):
    assert numbering.folded_key("Kế hoạch tuyên truyền") is None
    assert numbering.folded_key("36/KH") is None


def test_a_number_typed_without_the_zero_is_stored_and_shown_with_it(app, login_as, make_document):
    document_id = make_document("7/KH-CĐBP", publish=True)
    assert symbols(app) == ["07/KH-CĐBP"]
    with app.app_context():
        assert db.session.execute(select(Document.symbol_folded)).scalar() == "07/kh-cdbp"
    client = login_as("secretariat")
    assert "Số: 07/KH-CĐBP" in text_of(client.get(f"/documents/{document_id}"))
    assert "Kế hoạch 07/KH-CĐBP" in text_of(client.get("/documents/"))
    assert "7/KH-CĐBP" not in text_of(client.get("/documents/")).replace("07/KH-CĐBP", "")


def test_five_and_zero_five_are_the_same_number_of_an_issuer(app, make_document):
    from intranet.documents.errors import DocumentError

    make_document("5/KH-KKT")
    make_document("5/KH-CĐBP")  # another issuer: its own numbers
    with pytest.raises(DocumentError) as error:
        make_document("05/TB-KKT")
    assert str(error.value).startswith("Số 5 của KKT năm 2023 đã dùng cho văn bản 05/KH-KKT.")
    make_document("05/TB-KKT", issued_on=date(2024, 1, 2))  # numbers start again each year
    assert symbols(app) == ["05/KH-CĐBP", "05/KH-KKT", "05/TB-KKT"]


def test_a_basis_cited_without_the_zero_links_to_the_document(app, make_document):
    """Cited before the document was archived, and cited after: both link to 05/KH-KKT."""
    from intranet.documents.models import Basis

    early = make_document("40/KH-CĐBP", basis=["Căn cứ Kế hoạch số 5/KH-KKT của khoa Kinh tế"])
    plan = make_document("05/KH-KKT", issued_on=date(2023, 3, 1))
    late = make_document("41/KH-CĐBP", basis=["Căn cứ Kế hoạch số 5/KH-KKT"])
    later = make_document("42/KH-CĐBP", basis=["Căn cứ Kế hoạch số 05/kh-kkt"])
    with app.app_context():
        targets = {b.document_id: b.target_id for b in db.session.execute(select(Basis)).scalars()}
    assert targets == {early: plan, late: plan, later: plan}


def test_find_by_symbol_accepts_both_forms(app, make_document):
    from intranet.documents import services

    plan = make_document("05/KH-KKT")
    with app.test_request_context():
        assert services.find_by_symbol("5/KH-KKT").id == plan
        assert services.find_by_symbol("05/kh-kkt").id == plan


@pytest.mark.parametrize("typed", ["5/KH-KKT", "05/KH-KKT", "05/kh-kkt", "Số: 5 /KH-KKT"])
def test_the_list_filter_finds_the_number_in_either_form(app, login_as, make_document, typed):
    for symbol in ("5/KH-KKT", "15/KH-KKT", "25/KH-KKT", "05/KH-CĐBP"):
        make_document(symbol, publish=True)
    response = login_as("secretariat").get("/api/v1/documents", query_string={"q": typed})
    assert response.status_code == 200
    found = [d["symbol"] for d in response.get_json()["items"]]
    assert found == ["05/KH-KKT"]
    page = login_as("secretariat").get("/documents/", query_string={"q": typed})
    assert listed(page) == ["05/KH-KKT"]
    assert f'value="{typed}"' in text_of(page)  # the filter shows what was typed


# --- the data migration: numbers stored before the zero ---------------------------------------


def test_the_upgrade_writes_the_zero_into_numbers_stored_without_it(tmp_path):
    """A row stored as "7/KH-CĐBP" at the revision before reads "07/KH-CĐBP" after the upgrade,
    its folded column and the citations of it too, and its index entry is rebuilt."""
    from sqlalchemy import MetaData, text, update

    from tests.test_migration_data import fill_empty_tables, upgrade
    from tests.test_migrations import fresh_app

    app = fresh_app(tmp_path, f"sqlite:///{tmp_path / 'before.sqlite3'}")
    upgrade(app, "0001")
    with app.app_context():
        fill_empty_tables(db.engine)  # a user, a unit, a document, a citation, a file…
        meta = MetaData()
        meta.reflect(db.engine)
        document, basis = meta.tables["document"], meta.tables["document_basis"]
        with db.engine.begin() as conn:
            document_id = conn.execute(select(document.c.id)).scalar_one()
            conn.execute(
                update(document).values(
                    number=7, symbol="7/KH-CĐBP", symbol_folded="7/kh-cdbp", issuer_code="CĐBP"
                )
            )
            conn.execute(update(basis).values(cited_symbol_folded="7/kh-cdbp"))
            conn.execute(text("DELETE FROM search_outbox"))
        db.engine.dispose()

    upgrade(app, "0002_number_leading_zero")

    with app.app_context(), db.engine.connect() as conn:
        row = conn.execute(select(document.c.symbol, document.c.symbol_folded)).one()
        assert tuple(row) == ("07/KH-CĐBP", "07/kh-cdbp")
        assert conn.execute(select(basis.c.cited_symbol_folded)).scalar() == "07/kh-cdbp"
        outbox = conn.execute(text("SELECT key FROM search_outbox")).scalars().all()
        assert f"document:{document_id}" in outbox
        db.engine.dispose()

    # Downgrade takes the zero away again; upgrading twice never writes "007".
    result = app.test_cli_runner().invoke(args=["db", "downgrade", "0001"])
    assert result.exit_code == 0, result.output
    upgrade(app, "0002_number_leading_zero")
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(select(document.c.symbol)).scalar() == "07/KH-CĐBP"
        db.engine.dispose()
