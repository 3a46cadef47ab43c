"""Propagation (tuyên truyền, nhân rộng): what was done to make an exemplar known, stories with
photos, and other units adopting its practice."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet import clock
from intranet.accounts.models import Unit, User
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.storage.models import StoredFile


def _enum(cls):
    return db.Enum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class Channel(enum.StrEnum):
    """The forms of propagation the plan names (section III.3)."""

    INTRANET = "intranet"
    WEBSITE = "website"
    MEETING = "meeting"
    BOARD = "board"
    BULLETIN = "bulletin"
    PRESS = "press"

    @property
    def label(self) -> str:
        return str(CHANNEL_LABELS[self])


CHANNEL_LABELS = {
    Channel.INTRANET: _l("Bài viết trên cổng thông tin nội bộ"),
    Channel.WEBSITE: _l("Bài đăng trên website/fanpage của trường"),
    Channel.MEETING: _l("Báo cáo điển hình tại hội nghị đơn vị/trường"),
    Channel.BOARD: _l("Bảng tin – pano – áp phích"),
    Channel.BULLETIN: _l("Bản tin"),
    Channel.PRESS: _l("Bài báo"),
}


class Activity(db.Model):
    """One thing done to make an exemplar known: channel, date, by which unit, for whom."""

    __tablename__ = "propagation_activity"
    __audited__ = True
    __audit_noun__ = "hoạt động tuyên truyền"
    __audit_label__ = "audience"
    __audit_type_label__ = _l("Hoạt động tuyên truyền")
    __audit_parent__ = ("exemplar", "exemplar_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[Channel] = mapped_column(_enum(Channel), index=True)
    held_on: Mapped[date]
    year: Mapped[int] = mapped_column(index=True)  # of ``held_on``: the year it counts for
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # who did it
    audience: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(500), default="")
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    reach: Mapped[int | None]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)

    exemplar: Mapped[Exemplar] = relationship()
    unit: Mapped[Unit] = relationship()
    stored: Mapped[StoredFile | None] = relationship()
    recorded_by: Mapped[User] = relationship()


class Adoption(db.Model):
    """Nhân rộng: another unit adopted an exemplar's practice; what, when, with what result."""

    __tablename__ = "propagation_adoption"
    __audited__ = True
    __audit_noun__ = "nhân rộng điển hình"
    __audit_label__ = "practice"
    __audit_type_label__ = _l("Nhân rộng điển hình")
    __audit_parent__ = ("exemplar", "exemplar_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # the adopting unit
    practice: Mapped[str] = mapped_column(Text)
    adopted_on: Mapped[date]
    year: Mapped[int] = mapped_column(index=True)
    result: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)

    exemplar: Mapped[Exemplar] = relationship()
    unit: Mapped[Unit] = relationship()
    recorded_by: Mapped[User] = relationship()


class StoryStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return str(STORY_LABELS[self])


STORY_LABELS = {
    StoryStatus.DRAFT: _l("Bản nháp"),
    StoryStatus.SUBMITTED: _l("Chờ duyệt"),
    StoryStatus.PUBLISHED: _l("Đã đăng"),
}


class Story(db.Model):
    """Bài viết: a short story about an exemplar, reviewed, then published to all staff."""

    __tablename__ = "propagation_story"
    __audited__ = True
    __audit_noun__ = "bài viết"
    __audit_label__ = "title"
    __audit_type_label__ = _l("Bài viết về điển hình")

    id: Mapped[int] = mapped_column(primary_key=True)
    exemplar_id: Mapped[int] = mapped_column(
        ForeignKey("exemplar.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # the writer's
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[StoryStatus] = mapped_column(
        _enum(StoryStatus), default=StoryStatus.DRAFT, index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    year: Mapped[int | None] = mapped_column(index=True)  # of publication: the year it counts for

    exemplar: Mapped[Exemplar] = relationship()
    unit: Mapped[Unit] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    photos: Mapped[list["Photo"]] = relationship(
        cascade="all, delete-orphan", order_by="Photo.position", back_populates="story"
    )

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class Photo(db.Model):
    """A photo of a story: the original as uploaded (checked as an image), and its sizes."""

    __tablename__ = "propagation_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(
        ForeignKey("propagation_story.id", ondelete="CASCADE"), index=True
    )
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    caption: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    width: Mapped[int]
    height: Mapped[int]
    sized_at: Mapped[datetime | None] = mapped_column(index=True)  # when the worker resized it

    story: Mapped[Story] = relationship(back_populates="photos")
    stored: Mapped[StoredFile] = relationship()
    sizes: Mapped[list["PhotoSize"]] = relationship(
        cascade="all, delete-orphan", order_by="PhotoSize.width"
    )

    def best(self, width: int) -> StoredFile:
        """The smallest resized copy at least ``width`` wide, else the original."""
        for size in self.sizes:
            if size.width >= width:
                return size.stored
        return self.stored


class PhotoSize(db.Model):
    """A resized copy of a photo (JPEG), made by the worker; the original is kept as it came."""

    __tablename__ = "propagation_photo_size"

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_id: Mapped[int] = mapped_column(
        ForeignKey("propagation_photo.id", ondelete="CASCADE"), index=True
    )
    width: Mapped[int]
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"), index=True)

    stored: Mapped[StoredFile] = relationship(lazy="joined")
