"""Demo data of propagation: the activities that made the demo's exemplars known, a published
story with a photo, and other units adopting their practice."""

import io
from datetime import date

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet.exemplars.demo import NOMINATIONS
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.propagation import services

# name of the nominee -> (channel, day, unit code, audience, reach)
ACTIVITIES = {
    "Võ Thị Thanh Tâm": ("intranet", date(2024, 9, 5), "HCTC", "Toàn thể CBVCNLĐ", 180),
    "Bùi Quang Huy": ("meeting", date(2024, 10, 12), "KCKDL", "Hội nghị viên chức Khoa", 45),
    "Đoàn Thanh niên Trường": ("website", date(2024, 11, 20), "DTN", "Sinh viên, phụ huynh", 2300),
    "Trịnh Văn Lộc": ("board", date(2023, 12, 8), "KHTC", "Cán bộ, viên chức và người học", None),
}
# name -> (adopting unit code, practice, day, result)
ADOPTIONS = {
    "Võ Thị Thanh Tâm": (
        "KKT",
        "Áp dụng quy trình tiếp nhận văn bản điện tử của Phòng HC–TC cho hồ sơ sinh viên.",
        date(2025, 3, 3),
        "Rút thời gian xử lý hồ sơ từ 5 ngày xuống 2 ngày.",
    ),
}


def _photo(text: str) -> FileStorage:
    """A small picture drawn here (the demo carries no photographs of real people)."""
    image = Image.new("RGB", (1200, 800), (18, 84, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 1140, 740), outline=(255, 204, 0), width=12)
    draw.text((120, 380), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return FileStorage(stream=buffer, filename="anh-minh-hoa.jpg")


def load(units: dict, users: dict) -> None:
    secretariat = users["thuongtruc"]
    propagated = {n[1] for n in NOMINATIONS if n[5] == "propagated"}
    exemplars = {
        e.name: e
        for e in db.session.execute(select(Exemplar).where(Exemplar.name.in_(propagated))).scalars()
    }
    for name, (channel, on, code, audience, reach) in ACTIVITIES.items():
        exemplar = exemplars.get(name)
        if exemplar is None:
            continue
        data = services.ActivityData(channel, on, audience, units[code].id, "", reach)
        services.record_activity(exemplar, data, secretariat)
    for name, (code, practice, on, result) in ADOPTIONS.items():
        if name in exemplars:
            services.record_adoption(
                exemplars[name], secretariat, practice, on, result, unit_id=units[code].id
            )
    exemplar = exemplars.get("Võ Thị Thanh Tâm")
    if exemplar is not None:
        story = services.save_story(
            None,
            exemplar,
            secretariat,
            "Số hóa hồ sơ viên chức: cách làm của Phòng Hành chính – Tổ chức",
            "Từ đầu năm 2024, Phòng Hành chính – Tổ chức đã số hóa toàn bộ hồ sơ viên chức.\n\n"
            "Quy trình tiếp nhận văn bản điện tử giúp mỗi văn bản đến tay người xử lý trong ngày.",
        )
        services.add_photo(story, _photo("So hoa ho so"), secretariat, "Kho hồ sơ đã số hóa")
        services.publish_story(story, secretariat)
