"""The honour board's pictures and an exemplar's certificate: the first photo of its newest
published story on its card, and a printable certificate (PDF, Nghị định 30 layout)."""

from flask import url_for
from sqlalchemy import select

from intranet import clock, paper
from intranet.exemplars import board
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.paper import pdf
from intranet.propagation import feed
from intranet.propagation.models import Photo, Story, StoryStatus

CARD_WIDTH = 800


def card_photos(exemplar_ids: list[int]) -> dict[int, tuple[str, str]]:
    """{exemplar id: (url, caption)} of the first photo of its newest published story; one
    query for all the cards."""
    rows = db.session.execute(
        select(Story.exemplar_id, Photo.id, Photo.caption)
        .join(Photo, Photo.story_id == Story.id)
        .where(Story.exemplar_id.in_(exemplar_ids), Story.status == StoryStatus.PUBLISHED)
        .order_by(Story.published_at.desc(), Story.id.desc(), Photo.position, Photo.id)
    ).all()
    found: dict[int, tuple[str, str]] = {}
    for exemplar_id, photo_id, caption in rows:
        if exemplar_id not in found:
            url = url_for("propagation.photo", photo_id=photo_id, width=CARD_WIDTH)
            found[exemplar_id] = (url, caption)
    return found


board.PHOTOS.append(card_photos)


def certificate(exemplar: Exemplar) -> bytes:
    """A certificate of the exemplar for printing and display (A4, Liberation Serif)."""
    story = db.session.execute(
        select(Story)
        .where(Story.exemplar_id == exemplar.id, Story.status == StoryStatus.PUBLISHED)
        .order_by(Story.published_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    awards = feed.awards(story) if story else []
    lines = [
        paper.Para(f"{exemplar.subject.label}: {exemplar.name}", lead=""),
        paper.Para(f"Đơn vị: {exemplar.unit.name}. Năm: {exemplar.year}."),
        paper.Para(f"Thành tích: {exemplar.achievement}"),
    ]
    lines += [paper.Para(f"Khen thưởng: {a}") for a in awards]
    lines.append(
        paper.Para(
            "Là điển hình tiên tiến được tuyên truyền, nhân rộng theo Kế hoạch số 36/KH-CĐBP "
            "thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến” giai đoạn 2022 – 2025."
        )
    )
    return pdf.render(
        paper.Paper(
            parent=paper.PROVINCE,
            issuer=paper.upper(paper.COLLEGE),
            symbol="",
            on=clock.today(),
            kind="GIẤY CHỨNG NHẬN ĐIỂN HÌNH TIÊN TIẾN",
            summary=exemplar.name,
            body=lines,
            signer=paper.Signer("TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "CHỦ TỊCH", ""),
        )
    )
