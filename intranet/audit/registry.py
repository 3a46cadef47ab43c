"""How the trail follows records, how it names them, and the words of the trail.

Models opt in, so the audit package names no domain area: a class joins the trail with
``__audited__ = True`` and says how its records are shown::

    __audited__ = True
    __audit_noun__ = "văn bản"                 # in summaries: "Tạo văn bản 36/KH-CĐBP"
    __audit_label__ = "symbol"                 # the column that names a record
    __audit_type_label__ = _l("Văn bản")       # the kind, in the trail's pages
    __audit_parent__ = ("document", "document_id")  # whose History also lists it
    __audit_parent_via__ = ("document_file", "document_id")  # when that column is one step away
    __audit_page__ = ("documents.detail", "document_id")     # the record's page: endpoint, arg
"""

from dataclasses import dataclass

from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l


@dataclass(frozen=True)
class Spec:
    """How one audited table is shown.

    ``label``: the column that names a record in a summary ("36/KH-CĐBP").
    ``parent``: (record type, column) of the record whose History also lists this one's entries.
    ``parent_via``: when that column points at an intermediate table: (table, its column) giving
    the parent's id (a file version -> its attachment -> the document).
    ``type_label``: the kind of record, as the trail's pages name it.
    ``page``: (endpoint, argument) of the record's own page, where there is one.
    """

    noun: str
    label: str | None = None
    parent: tuple[str, str] | None = None
    parent_via: tuple[str, str] | None = None
    type_label: object = None
    page: tuple[str, str] | None = None


_SPECS: dict[type, Spec] = {}


def _spec_of_class(cls) -> Spec | None:
    if not getattr(cls, "__audited__", False):
        return None
    spec = _SPECS.get(cls)
    if spec is None:
        spec = _SPECS[cls] = Spec(
            getattr(cls, "__audit_noun__", None) or cls.__table__.name.replace("_", " "),
            getattr(cls, "__audit_label__", None),
            getattr(cls, "__audit_parent__", None),
            getattr(cls, "__audit_parent_via__", None),
            getattr(cls, "__audit_type_label__", None),
            getattr(cls, "__audit_page__", None),
        )
    return spec


_BY_TABLE: dict[str, Spec] = {}
_SEEN = [0]  # how many mappers _BY_TABLE was built from: a model imported later joins it


def audited() -> dict[str, Spec]:
    """{table: Spec} of every model that opted in (those imported so far)."""
    mappers = db.Model.registry.mappers
    if len(mappers) != _SEEN[0]:
        _BY_TABLE.clear()
        for mapper in mappers:
            spec = _spec_of_class(mapper.class_)
            if spec is not None:
                _BY_TABLE[mapper.local_table.name] = spec
        _SEEN[0] = len(mappers)
    return _BY_TABLE


def spec_of_table(table: str) -> Spec | None:
    return audited().get(table)


def type_labels() -> dict[str, object]:
    """{record type: its label} for the trail's pages."""
    return {table: spec.type_label for table, spec in audited().items() if spec.type_label}


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
    "file_fault": _l("Tệp thiếu hoặc hỏng khi tải về"),
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
    """The Spec of a mapped class, or None when it is not audited."""
    return _spec_of_class(mapper.class_)


def is_noise(column: str) -> bool:
    """Left out of an entry's changes."""
    return column in NOISE_COLUMNS or column.endswith(NOISE_SUFFIX)
