"""`flask --app intranet import DIR`: an archive loaded through the same rules and store."""

import csv
import hashlib
import shutil

import pytest
from flask.cli import FlaskGroup
from sqlalchemy import func, select

from intranet.documents.models import Document, DocumentFile, Status
from intranet.extensions import db
from intranet.storage import StoredFile
from tests.documents.conftest import blobs, sample, strays, text_of

COLUMNS = [
    "file",
    "kind",
    "number",
    "issued_on",
    "summary",
    "issuer",
    "signer",
    "audience",
    "status",
]
GOOD = [
    # line 2
    [
        "Kế hoạch 36.pdf",
        "KH",
        "36/KH-CĐBP",
        "21/04/2023",
        "Thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến”",
        "Trường Cao đẳng Bình Phước",
        "Nguyễn Bích Liên",
        "all",
        "published",
    ],
    # line 3: unaccented number, ISO date, two units
    [
        "quyet-dinh-125.docx",
        "QĐ",
        "125/qd-cdbp",
        "2023-06-01",
        "Về việc khen thưởng điển hình tiên tiến năm 2023",
        "Trường Cao đẳng Bình Phước",
        "Nguyễn Bích Liên",
        "KCNTT;KKT",
        "published",
    ],
    # line 4: a công văn, kept as a draft
    [
        "cong-van/7991.txt",
        "",
        "7991/BGDĐT-GDTrH",
        "15/08/2023",
        "Về việc hướng dẫn thực hiện nhiệm vụ năm học",
        "Bộ Giáo dục và Đào tạo",
        "",
        "all",
        "draft",
    ],
]
BAD = [
    # line 5
    ["Kế hoạch 36.pdf", "XYZ", "40/XYZ-CĐBP", "01/09/2023", "Loại sai", "", "", "all", ""],
    # line 6
    ["Kế hoạch 36.pdf", "TB", "41/TB-CĐBP", "31/02/2023", "Ngày sai", "", "", "all", ""],
    # line 7
    ["khong-co.pdf", "TB", "42/TB-CĐBP", "01/09/2023", "Thiếu tệp", "", "", "all", ""],
    # line 8
    ["Kế hoạch 36.pdf", "TB", "43/TB-CĐBP", "01/09/2023", "Đơn vị lạ", "", "", "KCNTT;KHONGCO", ""],
    # line 9
    ["../../etc/passwd", "TB", "44/TB-CĐBP", "01/09/2023", "Ngoài thư mục", "", "", "all", ""],
]
LAST_GOOD = [  # line 10: after the bad rows, still imported
    "Thông báo 45.pdf",
    "TB",
    "45/TB-CĐBP",
    "20/05/2024",
    "Về việc nộp báo cáo và danh sách điển hình tiên tiến năm 2024",
    "Trường Cao đẳng Bình Phước",
    "Trần Thị Thu Hà",
    "all",
    "published",
]


def write_archive(folder, rows):
    folder.mkdir(exist_ok=True)
    (folder / "cong-van").mkdir(exist_ok=True)
    shutil.copy(sample("ke-hoach-36-KH-CDBP.pdf"), folder / "Kế hoạch 36.pdf")
    shutil.copy(sample("ke-hoach-36-KH-CDBP.docx"), folder / "quyet-dinh-125.docx")
    shutil.copy(sample("ke-hoach-36-KH-CDBP.txt"), folder / "cong-van" / "7991.txt")
    shutil.copy(sample("ke-hoach-36-KH-CDBP-scan.pdf"), folder / "Thông báo 45.pdf")
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return folder


@pytest.fixture
def archive(tmp_path):
    return write_archive(tmp_path / "kho", [*GOOD, *BAD, LAST_GOOD])


@pytest.fixture
def flask_cli(app):
    """The `flask --app intranet` command line, loading the test app as it loads the real one."""
    return FlaskGroup(create_app=lambda: app, add_default_commands=False, load_dotenv=False)


@pytest.fixture
def run_import(app, users, flask_cli):
    runner = app.test_cli_runner()

    def run(folder, *options):
        return runner.invoke(flask_cli, ["import", str(folder), *options])

    return run


def documents(app) -> dict[str, Document]:
    with app.app_context():
        rows = db.session.execute(select(Document)).scalars().all()
        for row in rows:
            _ = row.audience, [v.original_name for f in row.files for v in f.versions]
            _ = [v.stored.sha256 for f in row.files for v in f.versions]
            _ = [a.unit.code for a in row.audience if a.unit]
        db.session.expunge_all()
        return {d.symbol: d for d in rows}


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar()


def test_good_rows_are_imported(app, run_import, archive):
    run_import(archive)
    found = documents(app)
    assert sorted(found) == ["125/QĐ-CĐBP", "36/KH-CĐBP", "45/TB-CĐBP", "7991/BGDĐT-GDTrH"]


def test_imported_document_keeps_its_metadata_and_file(app, run_import, archive):
    run_import(archive)
    plan = documents(app)["36/KH-CĐBP"]
    assert (plan.kind, plan.number, plan.year) == ("KH", 36, 2023)
    assert str(plan.issued_on) == "2023-04-21"
    assert plan.summary == "Thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến”"
    assert (plan.issuer_name, plan.signer_name) == (
        "Trường Cao đẳng Bình Phước",
        "Nguyễn Bích Liên",
    )
    assert plan.status == Status.PUBLISHED and plan.audience_all
    ((version,),) = [f.versions for f in plan.files]
    assert version.original_name == "Kế hoạch 36.pdf"
    data = sample("ke-hoach-36-KH-CDBP.pdf").read_bytes()
    assert version.stored.sha256 == hashlib.sha256(data).hexdigest()


def test_unaccented_number_iso_date_and_unit_audience(app, run_import, archive):
    run_import(archive)
    decision = documents(app)["125/QĐ-CĐBP"]
    assert decision.kind == "QĐ" and str(decision.issued_on) == "2023-06-01"
    assert not decision.audience_all
    assert sorted(a.unit.code for a in decision.audience) == ["KCNTT", "KKT"]


def test_cong_van_from_a_subfolder_kept_as_a_draft(app, run_import, archive):
    run_import(archive)
    letter = documents(app)["7991/BGDĐT-GDTrH"]
    assert letter.kind == "CV" and letter.status == Status.DRAFT
    assert [v.original_name for f in letter.files for v in f.versions] == ["7991.txt"]


def test_bad_rows_are_reported_with_line_and_reason(app, run_import, archive):
    result = run_import(archive)
    assert "Dòng 5: Loại văn bản không hợp lệ: XYZ." in result.output
    assert "Dòng 6: Ngày ban hành không hợp lệ: 31/02/2023 (ghi dd/mm/yyyy)." in result.output
    assert "Dòng 7: Không thấy tệp khong-co.pdf." in result.output
    assert "Dòng 8: Không có đơn vị mã: KHONGCO." in result.output
    assert "Dòng 9: Tệp ../../etc/passwd nằm ngoài thư mục nhập." in result.output
    assert "Đã nhập 4 văn bản, bỏ qua 0 đã có, 5 dòng lỗi." in result.output


def test_any_failed_row_makes_the_exit_code_non_zero(app, run_import, archive):
    assert run_import(archive).exit_code == 1


def test_bad_rows_leave_no_document_and_no_file(app, run_import, archive):
    run_import(archive)
    assert count(app, Document) == 4
    assert count(app, DocumentFile) == 4
    assert count(app, StoredFile) == 4
    assert len(blobs(app)) == 4
    assert strays(app) == []


def test_clean_archive_exits_zero(app, run_import, tmp_path):
    result = run_import(write_archive(tmp_path / "kho", GOOD))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 3 văn bản, bỏ qua 0 đã có, 0 dòng lỗi." in result.output


def test_importing_twice_adds_nothing_twice(app, run_import, tmp_path):
    folder = write_archive(tmp_path / "kho", GOOD)
    run_import(folder)
    before = (count(app, Document), count(app, DocumentFile), count(app, StoredFile))
    result = run_import(folder)
    assert result.exit_code == 0, result.output
    assert "Đã nhập 0 văn bản, bỏ qua 3 đã có, 0 dòng lỗi." in result.output
    assert (count(app, Document), count(app, DocumentFile), count(app, StoredFile)) == before
    assert len(blobs(app)) == 3


def test_second_run_with_bad_rows_still_adds_nothing_twice(app, run_import, archive):
    run_import(archive)
    result = run_import(archive)
    assert "Đã nhập 0 văn bản, bỏ qua 4 đã có, 5 dòng lỗi." in result.output
    assert count(app, Document) == 4


def test_same_number_with_another_file_is_reported(app, run_import, tmp_path):
    other = [*GOOD[0]]
    other[0] = "quyet-dinh-125.docx"
    result = run_import(write_archive(tmp_path / "kho", [GOOD[0], other]))
    assert "Dòng 3: Số 36/KH-CĐBP năm 2023 đã có trong kho với tệp khác." in result.output
    assert result.exit_code == 1
    assert count(app, Document) == 1


def test_file_whose_content_does_not_match_its_name_leaves_no_document(app, run_import, tmp_path):
    folder = write_archive(tmp_path / "kho", [])
    shutil.copy(sample("ke-hoach-36-KH-CDBP.docx"), folder / "gia-mao.pdf")
    row = ["gia-mao.pdf", "TB", "46/TB-CĐBP", "01/09/2023", "Tệp giả", "", "", "all", ""]
    write_archive(folder, [row])
    result = run_import(folder)
    assert "Dòng 2: gia-mao.pdf: Tên tệp có đuôi .pdf nhưng nội dung tệp là DOCX." in result.output
    assert count(app, Document) == 0
    assert blobs(app) == []


def test_imported_restricted_document_follows_the_audience_rules(
    app, run_import, archive, login_as
):
    run_import(archive)
    decision = documents(app)["125/QĐ-CĐBP"].id
    assert "Số: 125/QĐ-CĐBP" in text_of(login_as("other_staff").get(f"/documents/{decision}"))
    assert login_as("admin").get(f"/documents/{decision}").status_code == 404


def test_link_to_a_file_outside_the_folder_is_refused(app, run_import, tmp_path):
    secret = tmp_path / "bi-mat.pdf"
    shutil.copy(sample("ke-hoach-36-KH-CDBP.pdf"), secret)
    folder = write_archive(tmp_path / "kho", [])
    (folder / "lien-ket.pdf").symlink_to(secret)
    row = ["lien-ket.pdf", "TB", "46/TB-CĐBP", "01/09/2023", "Liên kết", "", "", "all", ""]
    result = run_import(write_archive(folder, [row]))
    assert "Dòng 2: Tệp lien-ket.pdf nằm ngoài thư mục nhập." in result.output
    assert count(app, Document) == 0


def test_folder_without_metadata_is_an_error(app, run_import, tmp_path):
    result = run_import(tmp_path)
    assert result.exit_code != 0
    assert f"Không thấy tệp {tmp_path / 'metadata.csv'}." in result.output


def test_metadata_missing_columns_is_an_error(app, run_import, tmp_path):
    (tmp_path / "metadata.csv").write_text("file,kind,number\n", encoding="utf-8")
    result = run_import(tmp_path)
    assert result.exit_code != 0
    assert (
        "metadata.csv thiếu cột: issued_on, summary, issuer, signer, audience, status."
        in result.output
    )


def test_metadata_not_in_utf8_is_an_error(app, run_import, tmp_path):
    header = ",".join(COLUMNS).encode()
    (tmp_path / "metadata.csv").write_bytes(header + "\nPhòng Hành chính".encode("latin-1"))
    result = run_import(tmp_path)
    assert result.exit_code != 0
    assert "metadata.csv phải được lưu bằng mã UTF-8." in result.output


def test_metadata_with_a_byte_order_mark_is_read(app, run_import, tmp_path):
    folder = write_archive(tmp_path / "kho", GOOD[:1])
    text = (folder / "metadata.csv").read_text(encoding="utf-8")
    (folder / "metadata.csv").write_text(text, encoding="utf-8-sig")  # as Excel saves it
    result = run_import(folder)
    assert result.exit_code == 0, result.output
    assert "Đã nhập 1 văn bản" in result.output


# --- numbers with their zero, issuers mapped to their unit ----------------------------------


def _row(file, number, issuer, kind="KH", summary="Kế hoạch của đơn vị", issued="02/04/2025"):
    return [file, kind, number, issued, summary, issuer, "Người Ký", "all", "published"]


UNIT_ROWS = [
    _row("Kế hoạch 36.pdf", "05/KH-KKT", "Khoa Kinh tế"),  # line 2: by name
    _row("quyet-dinh-125.docx", "7/KH-KCNTT", "kcntt"),  # line 3: by code, lower case
    _row("cong-van/7991.txt", "08/BC-HCTC", "PHONG HANH CHINH - TO CHUC", kind="BC"),  # 4
    _row("Thông báo 45.pdf", "09/TB-CĐBP", "Trường Cao đẳng Bình Phước", kind="TB"),  # 5: college
]


def test_the_leading_zero_is_kept_and_added(app, run_import, tmp_path):
    result = run_import(write_archive(tmp_path / "kho", UNIT_ROWS))
    assert result.exit_code == 0, result.output
    found = documents(app)
    assert sorted(found) == ["05/KH-KKT", "07/KH-KCNTT", "08/BC-HCTC", "09/TB-CĐBP"]
    assert found["07/KH-KCNTT"].number == 7
    assert found["07/KH-KCNTT"].symbol_folded == "07/kh-kcntt"


def test_the_issuer_is_mapped_to_its_unit_by_code_or_name(app, run_import, tmp_path):
    result = run_import(write_archive(tmp_path / "kho", UNIT_ROWS))
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(select(Document)).scalars().all()
        units = {d.symbol: (d.unit.code if d.unit else None, d.issuer_name) for d in rows}
    assert units == {
        "05/KH-KKT": ("KKT", "Khoa Kinh tế"),
        "07/KH-KCNTT": ("KCNTT", "Khoa Công nghệ thông tin"),  # a code takes the unit's name
        "08/BC-HCTC": ("HCTC", "PHONG HANH CHINH - TO CHUC"),
        "09/TB-CĐBP": (None, "Trường Cao đẳng Bình Phước"),  # the college: no unit, no report
    }
    assert "chưa gắn" not in result.output


def test_rows_whose_issuer_names_no_unit_are_reported_with_line_and_value(
    app, run_import, tmp_path
):
    rows = [
        *UNIT_ROWS[:2],
        _row("cong-van/7991.txt", "7991/BGDĐT-GDTrH", "Bộ Giáo dục và Đào tạo", kind=""),  # 4
        _row("Thông báo 45.pdf", "10/TB-PĐT", "Phòng Đào tạo", kind="TB"),  # line 5
    ]
    result = run_import(write_archive(tmp_path / "kho", rows))
    assert result.exit_code == 0, result.output  # imported all the same, and said so
    assert (
        "Dòng 4: không có đơn vị nào có mã hay tên “Bộ Giáo dục và Đào tạo” (cột issuer); "
        "văn bản đã nhập nhưng chưa gắn đơn vị ban hành." in result.output
    )
    assert "Dòng 5: không có đơn vị nào có mã hay tên “Phòng Đào tạo”" in result.output
    assert "Dòng 2:" not in result.output and "Dòng 3:" not in result.output
    assert "Đã nhập 4 văn bản, bỏ qua 0 đã có, 0 dòng lỗi. 2 dòng chưa gắn được đơn vị." in (
        result.output
    )
    with app.app_context():
        letter = db.session.execute(select(Document).where(Document.number == 10)).scalar_one()
        assert letter.unit_id is None and letter.issuer_name == "Phòng Đào tạo"


def test_an_empty_issuer_is_reported_not_left_silently_empty(app, run_import, tmp_path):
    rows = [_row("Thông báo 45.pdf", "11/TB-PĐT", "", kind="TB")]
    result = run_import(write_archive(tmp_path / "kho", rows))
    assert "Dòng 2: không có đơn vị nào có mã hay tên “”" in result.output


def test_an_empty_issuer_on_a_unit_number_takes_the_unit_of_the_number(app, run_import, tmp_path):
    rows = [_row("Thông báo 45.pdf", "3/TB-KKT", "", kind="TB")]
    result = run_import(write_archive(tmp_path / "kho", rows))
    assert result.exit_code == 0, result.output
    assert "chưa gắn" not in result.output
    ((symbol, code),) = [(d.symbol, d.unit.code) for d in documents_with_units(app)]
    assert (symbol, code) == ("03/TB-KKT", "KKT")


def test_importing_again_finds_the_number_typed_without_its_zero(app, run_import, tmp_path):
    folder = write_archive(tmp_path / "kho", UNIT_ROWS[:2])
    run_import(folder)
    rows = [_row("Kế hoạch 36.pdf", "5/KH-KKT", "KKT")]  # the same file, the zero left out
    result = run_import(write_archive(tmp_path / "kho", rows))
    assert "Đã nhập 0 văn bản, bỏ qua 1 đã có, 0 dòng lỗi." in result.output


def documents_with_units(app) -> list[Document]:
    with app.app_context():
        rows = db.session.execute(select(Document)).scalars().all()
        for row in rows:
            _ = row.unit.code if row.unit else None
        db.session.expunge_all()
        return rows
