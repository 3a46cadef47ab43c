"""The rules of propagation: recording activities and adoptions, writing and publishing stories,
adding photos. Pages, API and demo call these."""

import io
from dataclasses import dataclass
from datetime import date

from intranet import clock, policy, storage
from intranet.accounts.models import Unit, User
from intranet.accounts.permissions import publishes
from intranet.domain import RuleBroken, transaction
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Exemplar, Stage
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.propagation import access
from intranet.propagation.models import (
    Activity,
    Adoption,
    Channel,
    Photo,
    Story,
    StoryStatus,
)
from intranet.storage import types
from intranet.text import nfc

MAX_AUDIENCE = 300
MAX_LINK = 500
MAX_TEXT = 20_000
MAX_TITLE = 300
MAX_CAPTION = 500
MAX_REACH = 10_000_000


class PropagationError(RuleBroken):
    """A rule was broken; the message says which, in the user's language."""


@dataclass
class ActivityData:
    channel: str
    held_on: date | None
    audience: str
    unit_id: int | None = None  # who did it; the recorder's unit when absent
    link: str = ""
    reach: int | None = None


def _check_date(value: date | None, what: str) -> date:
    if value is None:
        raise PropagationError(_("Hãy nhập %(w)s.", w=what))
    if value.year < 2000 or value > clock.today():
        raise PropagationError(_("Ngày không hợp lệ: %(d)s.", d=value.strftime("%d/%m/%Y")))
    return value


def _unit(unit_id: int | None, user: User) -> Unit:
    unit = db.session.get(Unit, unit_id) if unit_id else user.unit
    if unit is None:
        raise PropagationError(_("Đơn vị không hợp lệ."))
    return unit


def _text(value: str, limit: int, message: str, required: bool = True) -> str:
    value = nfc(value or "").strip()
    if required and not value:
        raise PropagationError(message)
    if len(value) > limit or "\x00" in value:
        raise PropagationError(_("Nội dung quá dài (tối đa %(n)d ký tự).", n=limit))
    return value


def record_activity(exemplar: Exemplar, data: ActivityData, user: User, upload=None) -> Activity:
    """Record what was done to make ``exemplar`` known; the first one makes it "propagated"."""
    policy.require(user, "propagate", exemplar)
    if exemplar.stage not in access.PROPAGATABLE:
        raise PropagationError(
            _(
                "Chỉ tuyên truyền được điển hình đã công nhận (hồ sơ đang ở trạng thái “%(s)s”).",
                s=exemplar.stage.label,
            )
        )
    try:
        channel = Channel(data.channel)
    except ValueError as exc:
        raise PropagationError(_("Hãy chọn hình thức tuyên truyền.")) from exc
    held_on = _check_date(data.held_on, _("ngày thực hiện"))
    audience = _text(data.audience, MAX_AUDIENCE, _("Hãy ghi đối tượng được tuyên truyền."))
    link = _text(data.link, MAX_LINK, "", required=False)
    if link and not link.startswith(("http://", "https://")):
        raise PropagationError(_("Đường dẫn phải bắt đầu bằng http:// hoặc https://."))
    if data.reach is not None and not 0 <= data.reach <= MAX_REACH:
        raise PropagationError(_("Số người tiếp cận không hợp lệ."))
    unit = _unit(data.unit_id, user)
    with transaction():
        activity = Activity(
            exemplar=exemplar,
            channel=channel,
            held_on=held_on,
            year=held_on.year,
            unit=unit,
            audience=audience,
            link=link,
            reach=data.reach,
            recorded_by=user,
        )
        if upload is not None and upload.filename:
            try:
                activity.stored, activity.original_name = storage.save(
                    upload.stream, upload.filename
                )
            except storage.StorageError as exc:
                raise PropagationError(f"{nfc(upload.filename)}: {exc}") from exc
        db.session.add(activity)
        exemplars.mark_propagated(
            exemplar, user, _("Tuyên truyền: %(c)s (%(a)s).", c=channel.label, a=audience)
        )
    return activity


def record_adoption(
    exemplar: Exemplar,
    user: User,
    practice: str,
    adopted_on: date | None,
    result: str = "",
    unit_id: int | None = None,
) -> Adoption:
    """Another unit adopted the exemplar's practice (nhân rộng)."""
    policy.require(user, "adopt", exemplar)
    if exemplar.stage != Stage.PROPAGATED:
        raise PropagationError(_("Chỉ nhân rộng được điển hình đã được tuyên truyền."))
    # A unit head records their own unit's adoption; the secretariat may name the unit.
    unit = _unit(unit_id if publishes(user) else None, user)
    if unit.id == exemplar.unit_id:
        raise PropagationError(_("Nhân rộng là việc của đơn vị khác với đơn vị của điển hình."))
    practice = _text(practice, MAX_TEXT, _("Hãy ghi cách làm đã áp dụng."))
    result = _text(result, MAX_TEXT, "", required=False)
    adopted_on = _check_date(adopted_on, _("ngày áp dụng"))
    with transaction():
        adoption = Adoption(
            exemplar=exemplar,
            unit=unit,
            practice=practice,
            adopted_on=adopted_on,
            year=adopted_on.year,
            result=result,
            recorded_by=user,
        )
        db.session.add(adoption)
    return adoption


# Stories --------------------------------------------------------------------------------------


def save_story(story: Story | None, exemplar: Exemplar, user: User, title: str, body: str) -> Story:
    """Write (or change, while unpublished) a story about a recognised or propagated exemplar."""
    if story is None:
        policy.require(user, "propagate", exemplar)
        if exemplar.stage not in access.PROPAGATABLE:
            raise PropagationError(_("Chỉ viết bài về điển hình đã công nhận."))
    else:
        policy.require(user, "edit", story)
    title = _text(title, MAX_TITLE, _("Hãy nhập tiêu đề bài viết."))
    body = _text(body.replace("\r\n", "\n"), MAX_TEXT, _("Hãy nhập nội dung bài viết."))
    with transaction():
        if story is None:
            story = Story(exemplar=exemplar, unit_id=user.unit_id, author=user)
            db.session.add(story)
        story.title, story.body = title, body
    return story


def add_photo(story: Story, upload, user: User, caption: str = "") -> Photo:
    """A photo checked by content (Pillow opens and verifies it; a bomb is refused), stored as
    it came; its smaller sizes are made by the worker (``tasks.resize_photos``)."""
    policy.require(user, "edit", story)
    if upload is None or not upload.filename:
        raise PropagationError(_("Hãy chọn ảnh."))
    caption = _text(caption, MAX_CAPTION, "", required=False)
    data = io.BytesIO(upload.stream.read())
    try:
        info = types.check_image(data)
    except storage.StorageError as exc:
        raise PropagationError(f"{nfc(upload.filename)}: {exc}") from exc
    with transaction():
        try:
            stored, name = storage.save(data, upload.filename)
        except storage.StorageError as exc:
            raise PropagationError(f"{nfc(upload.filename)}: {exc}") from exc
        photo = Photo(
            stored=stored,
            original_name=name,
            caption=caption,
            position=len(story.photos),
            width=info.width,
            height=info.height,
        )
        story.photos.append(photo)
    _queue_resize(photo.id)
    return photo


def _queue_resize(photo_id: int) -> None:
    from intranet import tasks

    tasks.queue_resize(photo_id)


def submit_story(story: Story, user: User) -> None:
    policy.require(user, "submit", story)
    with transaction():
        story.status = StoryStatus.SUBMITTED


def publish_story(story: Story, user: User) -> None:
    """Reviewed by the secretariat and published to all staff; counted in the year published."""
    policy.require(user, "publish", story)
    with transaction():
        story.status = StoryStatus.PUBLISHED
        story.published_at, story.published_by = clock.now(), user
        story.year = clock.today().year
