"""The minutes of a council meeting (biên bản họp) as a ``paper.Paper``, in the decree's form
(Nghị định 30/2020, Phụ lục I), with the table of the secret-ballot tallies; rendered to PDF and
DOCX by ``intranet.paper``."""

from intranet import paper
from intranet.council.models import Meeting, Seat

NUMBER_BLANK = "\u00a0" * 8
TALLY_HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Đơn vị",
    "Danh hiệu đề nghị",
    "Có mặt",
    "Đồng ý",
    "Không đồng ý",
    "Không hợp lệ",
    "Tỷ lệ đồng ý",
    "Ngưỡng",
    "Kết quả",
)


def _threshold(title) -> str:
    return f"≥ {title.threshold}%" if title.threshold is not None else "> 50%"


def tally_rows(meeting: Meeting) -> list[tuple]:
    rows = []
    for n, item in enumerate(meeting.items, start=1):
        if item.tallied:
            numbers = (item.present, item.agree, item.disagree, item.invalid)
            share = f"{item.percent:.1f}%".replace(".", ",")
            result = "Đạt" if item.passed else "Không đạt"
        else:
            numbers, share, result = ("", "", "", ""), "", "Chưa bỏ phiếu"
        rows.append(
            (
                n,
                item.exemplar.name,
                item.exemplar.unit.name,
                item.title.name,
                *numbers,
                share,
                _threshold(item.title),
                result,
            )
        )
    return rows


def minutes(meeting: Meeting, members: list) -> paper.Paper:
    """The minutes of ``meeting``; ``members``: the council of its year (chair, secretary…)."""
    chair = next((m.user.full_name for m in members if m.seat == Seat.CHAIR), "")
    secretary = next((m.user.full_name for m in members if m.seat == Seat.SECRETARY), "")
    present = ", ".join(u.full_name for u in meeting.present) or "…"
    passed = meeting.passed
    body = [
        paper.Para(
            f"Hôm nay, ngày {meeting.held_on.day:02d} tháng {meeting.held_on.month:02d} năm "
            f"{meeting.held_on.year}, tại {meeting.place or paper.COLLEGE}, Hội đồng Thi đua – "
            f"Khen thưởng {paper.COLLEGE} họp xét đề nghị khen thưởng thành tích năm "
            f"{meeting.year}."
        ),
        paper.Para(
            f"Thành phần: {len(meeting.present)}/{len(members)} thành viên Hội đồng có mặt: "
            f"{present}. Chủ trì: {chair or '…'}. Thư ký: {secretary or '…'}.",
            lead="I.",
        ),
        paper.Para(
            f"Nội dung: Hội đồng xem xét {len(meeting.items)} hồ sơ đề nghị đã được đơn vị xác "
            "nhận, theo từng danh hiệu, và bỏ phiếu kín. Kết quả kiểm phiếu ghi tại bảng kèm theo.",
            lead="II.",
        ),
        paper.Para(
            f"Kết luận: {len(passed)} trường hợp đạt tỷ lệ phiếu đồng ý theo quy định, được đề "
            f"nghị Hiệu trưởng xét khen thưởng sau khi công khai {meeting.notice_days} ngày.",
            lead="III.",
        ),
        paper.Para("Cuộc họp kết thúc cùng ngày; biên bản đã được thông qua trước Hội đồng."),
    ]
    return paper.Paper(
        parent=paper.PROVINCE,
        issuer=paper.upper(paper.COLLEGE),
        symbol=f"{NUMBER_BLANK}/BB-HĐTĐKT",
        on=meeting.held_on,
        kind="BIÊN BẢN",
        summary=f"Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm {meeting.year}",
        body=body,
        signer=paper.Signer("TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "CHỦ TỊCH", chair),
        recipients=[f"- Thư ký Hội đồng: {secretary or '…'};", "- Lưu: VT, HĐTĐKT."],
        tables=[
            paper.Table(
                header=TALLY_HEADER,
                rows=tally_rows(meeting),
                widths=(4, 16, 14, 14, 6, 6, 7, 7, 7, 6, 8),
                numeric=(4, 5, 6, 7, 8),
                empty="Chưa có hồ sơ nào trong chương trình họp.",
                title="KẾT QUẢ KIỂM PHIẾU",
                subtitle=f"(Kèm theo Biên bản họp Hội đồng ngày "
                f"{meeting.held_on.strftime('%d/%m/%Y')})",
            )
        ],
        landscape=True,
    )
