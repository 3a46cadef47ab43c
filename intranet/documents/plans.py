"""Plans: their tasks, and the chain of plans that implement one another."""

from datetime import date

from intranet.accounts.models import Role
from intranet.documents.errors import DocumentError, Issued
from intranet.documents.models import Basis, Document, PlanTask
from intranet.domain import transaction
from intranet.extensions import gettext as _
from intranet.text import nfc


def add_task(
    document: Document,
    description: str,
    *,
    assignee_unit_id: int | None = None,
    assignee_role: str | None = None,
    assignee_text: str = "",
    deadline_on: date | None = None,
    deadline_day: int | None = None,
    deadline_month: int | None = None,
    target_count: int | None = None,
    target_text: str = "",
) -> PlanTask:
    """Add a task; a deadline is a date or a yearly day/month ("trước ngày 30/6 hằng năm")."""
    if document.issued:
        raise Issued(document)
    description = nfc(description)
    if not description:
        raise DocumentError(_("Hãy nhập nội dung nhiệm vụ."))
    if not (assignee_unit_id or assignee_role or nfc(assignee_text)):
        raise DocumentError(_("Hãy chọn đơn vị hoặc vai trò chủ trì, hoặc ghi rõ người thực hiện."))
    if (deadline_day is None) != (deadline_month is None):
        raise DocumentError(_("Hạn hằng năm cần cả ngày và tháng, ví dụ 30/6."))
    if deadline_day is not None:
        try:
            date(2024, deadline_month, deadline_day)  # 2024: a leap year accepts 29/2
        except ValueError as exc:
            raise DocumentError(
                _("Ngày %(d)s/%(m)s không có thật.", d=deadline_day, m=deadline_month)
            ) from exc
    if target_count is not None and target_count < 0:
        raise DocumentError(_("Chỉ tiêu phải là số không âm."))
    task = PlanTask(
        position=len(document.tasks),
        description=description,
        assignee_unit_id=assignee_unit_id,
        assignee_role=Role(assignee_role) if assignee_role else None,
        assignee_text=nfc(assignee_text),
        deadline_on=deadline_on,
        deadline_day=deadline_day,
        deadline_month=deadline_month,
        target_count=target_count,
        target_text=nfc(target_text),
    )
    with transaction():
        document.tasks.append(task)
    return task


def remove_task(document: Document, task_id: int) -> None:
    """Remove a task of this plan (a task of another plan is left alone)."""
    if document.issued:
        raise Issued(document)
    with transaction():
        document.tasks = [t for t in document.tasks if t.id != task_id]


def yearly_deadline(text: str | None) -> tuple[int | None, int | None]:
    """(day, month) of a yearly deadline typed "30/6" (or "30-6"); (None, None) when empty."""
    text = nfc(text)
    if not text:
        return None, None
    parts = text.replace("-", "/").split("/")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise DocumentError(_("Hạn hằng năm ghi dạng ngày/tháng, ví dụ: 30/6."))
    return int(parts[0]), int(parts[1])


def implemented_plans(document: Document) -> list[Basis]:
    """Up the chain: what this plan carries out (linked, or cited only)."""
    return [b for b in document.basis if b.implements]
