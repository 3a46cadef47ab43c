"""Units (đơn vị), users with their roles, and their signed-in sessions."""

import enum
import hashlib
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from intranet import clock
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l


class Role(enum.StrEnum):
    """The roles of DESIGN.md; a user holds one or more."""

    STAFF = "staff"
    UNIT_HEAD = "unit_head"
    SECRETARIAT = "secretariat"
    INSPECTOR = "inspector"
    LEADER = "leader"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.STAFF: _l("Cán bộ, viên chức"),
    Role.UNIT_HEAD: _l("Trưởng đơn vị"),
    Role.SECRETARIAT: _l("Thường trực thi đua"),
    Role.INSPECTOR: _l("Hội đồng TĐKT – kiểm tra"),
    Role.LEADER: _l("Ban Giám hiệu"),
    Role.ADMIN: _l("Quản trị hệ thống"),
}


class Unit(db.Model):
    """A department, faculty, centre or union body of the college."""

    __tablename__ = "unit"
    __audited__ = True
    __audit_noun__ = "đơn vị"
    __audit_label__ = "code"
    __audit_type_label__ = _l("Đơn vị")

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    users: Mapped[list["User"]] = relationship(back_populates="unit")

    def __str__(self) -> str:
        return self.name


class UserRole(db.Model):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
    )


class User(UserMixin, db.Model):
    """A member of staff; belongs to one unit and holds one or more roles."""

    __tablename__ = "user"
    __audited__ = True
    __audit_noun__ = "người dùng"
    __audit_label__ = "username"
    __audit_type_label__ = _l("Người dùng")

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    unit: Mapped[Unit] = relationship(back_populates="users")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )

    # Set by the user loader: the sign-in this request belongs to (see auth.py).
    session_key = None

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    @roles.setter
    def roles(self, roles) -> None:
        wanted = {Role(r) for r in roles}
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        for role in sorted(wanted - self.roles):
            self.role_rows.append(UserRole(role=role))

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the session cookie: the sign-in's key, never the user id,
        # so a cookie is worth nothing once its sign-in has ended.
        return self.session_key

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class LoginSession(db.Model):
    """One sign-in. Ending it (sign-out, disabled user) refuses its cookie from then on."""

    __tablename__ = "login_session"
    __table_args__ = (UniqueConstraint("key_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    ip_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(db.Model):
    """A personal token for the JSON API. Only its SHA-256 is kept; the secret is shown once."""

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def is_live(self, now: datetime | None = None) -> bool:
        """Neither revoked nor expired (the user's own state is checked apart)."""
        return self.revoked_at is None and (now or clock.now()) < self.expires_at
