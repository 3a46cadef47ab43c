"""Which tables the trail follows, how their records are named, and the words of the trail.

Tables are named here rather than imported, so the audit package needs no domain area. A model
of a later area joins the trail with a line below, or with ``__audited__ = True`` on its class
(optionally ``__audit_parent__ = ("unit", "unit_id")`` and ``__audit_label__ = "name"``).
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Spec:
    """How one audited table is shown.

    ``label``: the column that names a record in a summary ("36/KH-CĐBP").
    ``parent``: (record type, column) of the record whose History also lists this one's entries.
    ``parent_via``: when that column points at an intermediate table: (table, its column) giving
    the parent's id (a file version -> its attachment -> the document).
    """

    noun: str
    label: str | None = None
    parent: tuple[str, str] | None = None
    parent_via: tuple[str, str] | None = None


AUDITED: dict[str, Spec] = {
    "document": Spec("văn bản", "symbol"),
    "document_audience": Spec("nơi nhận của văn bản", None, ("document", "document_id")),
    "document_basis": Spec("căn cứ của văn bản", "cited_text", ("document", "document_id")),
    "plan_task": Spec("nhiệm vụ kế hoạch", "description", ("document", "document_id")),
    "document_file": Spec("tệp đính kèm", None, ("document", "document_id")),
    "file_version": Spec(
        "phiên bản tệp", "original_name", ("document", "file_id"), ("document_file", "document_id")
    ),
    "exemplar": Spec("điển hình", "name"),
    "evidence": Spec("minh chứng", "title", ("exemplar", "exemplar_id")),
    "award_line": Spec("dòng khen thưởng", "recipient_name", ("document", "document_id")),
    "catalogue_entry": Spec("mục danh mục", "name"),
    "user": Spec("người dùng", "username"),
    "unit": Spec("đơn vị", "code"),
    "unit_report": Spec("báo cáo năm của đơn vị", "year"),
    "inspection": Spec("cuộc kiểm tra", "scope"),
    "inspection_link": Spec("hồ sơ được kiểm tra", "label", ("inspection", "inspection_id")),
    "follow_up": Spec("việc cần khắc phục", "action", ("inspection", "inspection_id")),
}

# user_role rows are folded into their user's entry as the "roles" field.
ROLE_TABLE = "user_role"

# Never written to the trail; a change shows as "[ẩn]" under the key on the right.
SECRET_COLUMNS = {"password_hash": "password", "key_hash": "key", "token_hash": "token"}
# Bookkeeping that changes with every edit, or repeats another column or the entry's own time.
NOISE_COLUMNS = {"id", "updated_at", "version", "created_at"}
NOISE_SUFFIX = "_folded"  # a search form of another column ("36/KH-CDBP" for "36/KH-CĐBP")

STATUS_COLUMNS = ("status", "stage", "review")
# A change of these on a user is a change of what they may do.
PERMISSION_COLUMNS = {"user": {"unit_id", "active", "roles"}}
TRASH_COLUMN = "deleted_at"
REDACTED = "[ẩn]"
SYSTEM_ACTOR = "hệ thống"

ACTIONS = {
    "create": _l("Tạo mới"),
    "update": _l("Sửa"),
    "status": _l("Chuyển trạng thái"),
    "delete": _l("Xoá"),
    "trash": _l("Chuyển vào thùng rác"),
    "restore": _l("Khôi phục"),
    "permission": _l("Đổi quyền"),
    "sign_in": _l("Đăng nhập"),
    "sign_in_failed": _l("Đăng nhập không thành công"),
    "sign_out": _l("Đăng xuất"),
    "download": _l("Tải về, xem tệp hạn chế"),
    "denied": _l("Bị từ chối truy cập"),
}

TYPE_LABELS = {
    "document": _l("Văn bản"),
    "document_audience": _l("Nơi nhận"),
    "document_basis": _l("Căn cứ"),
    "plan_task": _l("Nhiệm vụ kế hoạch"),
    "document_file": _l("Tệp đính kèm"),
    "file_version": _l("Phiên bản tệp"),
    "exemplar": _l("Điển hình tiên tiến"),
    "evidence": _l("Minh chứng"),
    "award_line": _l("Dòng khen thưởng"),
    "catalogue_entry": _l("Danh mục"),
    "user": _l("Người dùng"),
    "unit": _l("Đơn vị"),
}

FIELD_LABELS = {
    "status": _l("Trạng thái"),
    "stage": _l("Giai đoạn"),
    "review": _l("Kết quả xem xét"),
    "review_note": _l("Nhận xét"),
    "summary": _l("Trích yếu"),
    "symbol": _l("Số, ký hiệu"),
    "number": _l("Số"),
    "kind": _l("Loại"),
    "issued_on": _l("Ngày ban hành"),
    "issued_place": _l("Nơi ban hành"),
    "body": _l("Nội dung"),
    "signer_name": _l("Người ký"),
    "recipients": _l("Nơi nhận"),
    "audience_all": _l("Ban hành toàn trường"),
    "status_note": _l("Ghi chú trạng thái"),
    "published_at": _l("Ngày ban hành lên hệ thống"),
    "deleted_at": _l("Chuyển vào thùng rác lúc"),
    "name": _l("Tên"),
    "achievement": _l("Thành tích"),
    "year": _l("Năm"),
    "title": _l("Tiêu đề"),
    "original_name": _l("Tên tệp"),
    "full_name": _l("Họ và tên"),
    "username": _l("Tên đăng nhập"),
    "unit_id": _l("Đơn vị"),
    "active": _l("Hoạt động"),
    "roles": _l("Vai trò"),
    "password": _l("Mật khẩu"),
    "email": _l("Thư điện tử"),
    "code": _l("Mã"),
    "description": _l("Mô tả"),
    "amount": _l("Số tiền"),
}


def spec_for(mapper) -> Spec | None:
    """The Spec of a mapped class, or None when its table is not audited."""
    table = mapper.local_table.name
    if table in AUDITED:
        return AUDITED[table]
    cls = mapper.class_
    if getattr(cls, "__audited__", False):
        return Spec(
            table.replace("_", " "),
            getattr(cls, "__audit_label__", None),
            getattr(cls, "__audit_parent__", None),
        )
    return None


def is_noise(column: str) -> bool:
    """Left out of an entry's changes."""
    return column in NOISE_COLUMNS or column.endswith(NOISE_SUFFIX)
