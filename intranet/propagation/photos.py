"""Photos of stories: resized by the background worker to a few widths, the original kept."""

import io
import logging
from pathlib import PurePosixPath

from PIL import Image, ImageOps
from sqlalchemy import select

from intranet import clock, storage
from intranet.extensions import db
from intranet.propagation.models import Photo, PhotoSize

log = logging.getLogger(__name__)

# A phone's column, a page's column, a projector; never wider than the original.
WIDTHS = (320, 800, 1600)
BATCH = 20


def resize(photo: Photo) -> list[PhotoSize]:
    """The JPEG copies of ``photo`` narrower than it, saved in the file store (not committed)."""
    made = []
    with storage.open_verified(photo.stored) as fh, Image.open(fh) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGB")
        stem = PurePosixPath(photo.original_name).stem or "anh"
        for width in WIDTHS:
            if width >= photo.width:
                break
            copy = image.copy()
            copy.thumbnail((width, width * 10))
            buffer = io.BytesIO()
            copy.save(buffer, "JPEG", quality=85, optimize=True)
            buffer.seek(0)
            stored, _name = storage.save(buffer, f"{stem}-{width}.jpg")
            size = PhotoSize(width=copy.width, stored=stored)
            photo.sizes.append(size)
            made.append(size)
    photo.sized_at = clock.now()
    return made


def resize_pending() -> int:
    """Resize the photos the worker has not yet seen, a batch per transaction; how many."""
    done = 0
    while True:
        photos = list(
            db.session.execute(
                select(Photo).where(Photo.sized_at.is_(None)).order_by(Photo.id).limit(BATCH)
            ).scalars()
        )
        if not photos:
            return done
        for photo in photos:
            try:
                resize(photo)
            except (OSError, storage.StorageError, storage.BlobFault):
                # A damaged blob is the checker's to report; the photo keeps its original only.
                log.warning("photo %s could not be resized", photo.id, exc_info=True)
                photo.sized_at = clock.now()
            done += 1
        db.session.commit()
