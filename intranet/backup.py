"""Backup and restore: a consistent snapshot of the database, the files and the settings.

The snapshot is taken while the app runs: SQLite through its online backup API, PostgreSQL
through pg_dump (one transaction). Files are immutable and named by their hash, so copying the
ones the snapshot lists is consistent too. The index is not backed up: restore rebuilds it.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, make_url, select

from intranet import clock, storage
from intranet.audit import anchor
from intranet.audit.models import AuditHead
from intranet.extensions import db

FORMAT = 1
SETTINGS = ("config.py", "secret_key")


class BackupError(RuntimeError):
    """The backup or restore cannot go on; the message says why, in Vietnamese."""


def _engine_kind() -> str:
    return db.engine.dialect.name  # "sqlite" or "postgresql"


def _pg_args(url) -> tuple[list[str], dict]:
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-d", url.database]
    if url.username:
        args += ["-U", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _dump_database(target: Path) -> tuple[list[str], dict]:
    """Write the database to ``target``; return the hashes of the files that copy refers to,
    and the anchor of its audit trail (the head row in the copy)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if _engine_kind() == "sqlite":
        source = sqlite3.connect(url.database)
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
        source.close()
        with sqlite3.connect(target) as conn:
            hashes = [row[0] for row in conn.execute("SELECT sha256 FROM stored_file")]
            row = conn.execute("SELECT seq, last_hash FROM audit_head WHERE id = 1").fetchone()
        return hashes, anchor.make(*(row or (0, "")))
    # One snapshot for pg_dump and for the list of files: exported by a transaction that stays
    # open while pg_dump reads through it. (Listing the rows after the dump took files uploaded
    # meanwhile into the archive, and restore left them without a row.)
    args, env = _pg_args(url)
    with (
        db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn,
        conn.begin(),
    ):
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
        hashes = list(conn.execute(select(storage.StoredFile.sha256)).scalars())
        row = conn.execute(select(AuditHead.seq, AuditHead.last_hash).filter_by(id=1)).first()
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--snapshot={snapshot}",
            "-f",
            str(target),
            *args,
        ]
        done = subprocess.run(  # noqa: S603 (arguments from the app's configuration)
            command,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {done.stderr.strip()}")
    return hashes, anchor.make(*(row or (0, "")))


def create(target: Path) -> dict:
    """Write a backup archive (tar.gz) to ``target``; returns its manifest."""
    target = Path(target)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        dump = work / ("database.sqlite3" if _engine_kind() == "sqlite" else "database.pgdump")
        hashes, snapshot_anchor = _dump_database(dump)
        manifest = {
            "format": FORMAT,
            "created_at": clock.aware_now().isoformat(timespec="seconds"),
            "database": _engine_kind(),
            "files": len(hashes),
            # Whether settings/secret_key is the key this instance signs sessions with (else
            # it is set by INTRANET_SECRET_KEY or instance/config.py, not in the archive).
            "secret_key_in_use": _key_file_in_use(),
            # The audit trail's end in this snapshot: installed by restore, and written in
            # instance/ here when the trail still extends the last anchor (see audit.anchor).
            "audit_anchor": snapshot_anchor,
        }
        manifest["audit_problems"], _kept = anchor.check_and_advance(new=snapshot_anchor)
        tmp_target = target.with_name(target.name + ".part")
        with tarfile.open(tmp_target, "w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            missing = []
            for digest in hashes:
                blob = storage.upload_root() / digest[:2] / digest[2:4] / digest
                if blob.exists():
                    tar.add(blob, arcname=f"files/{digest}")
                else:
                    missing.append(digest)
            for name in SETTINGS:
                path = Path(current_app.instance_path) / name
                if path.exists():
                    tar.add(path, arcname=f"settings/{name}")
            manifest["missing"] = missing
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        os.replace(tmp_target, target)
    return manifest


def _database_is_empty() -> bool:
    names = set(inspect(db.engine).get_table_names())
    if "unit" not in names:
        return True
    return (
        db.session.execute(
            select(db.func.count()).select_from(db.metadata.tables["unit"])
        ).scalar_one()
        == 0
    )


def restore(source: Path) -> dict:
    """Restore a backup into an empty instance: database, files (hash-checked), settings."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Không thấy tệp sao lưu {source}.")
    if not _database_is_empty():
        raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu; chỉ khôi phục vào bản cài đặt trống.")
    with tempfile.TemporaryDirectory() as work, tarfile.open(source, "r:gz") as tar:
        work = Path(work)
        tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("Định dạng tệp sao lưu không được hỗ trợ.")
        if manifest["database"] != _engine_kind():
            raise BackupError(
                f"Bản sao lưu là của {manifest['database']}, không khôi phục vào {_engine_kind()}."
            )
        key = _backup_key(work / "settings", manifest)
        outcome = _key_outcome(key)  # may refuse: before anything is written
        _restore_files(work / "files")
        _restore_settings(work / "settings")
        if outcome == "installed":
            _install_key(key)
        manifest["secret_key"] = outcome
        _restore_database(work)
        anchor.install(manifest.get("audit_anchor"))
    return manifest


def _key_file() -> Path:
    return Path(current_app.instance_path) / "secret_key"


def _key_file_in_use() -> bool:
    """Whether the app signs with instance/secret_key (not with a key set elsewhere)."""
    try:
        return _key_file().read_text().strip() == current_app.config["SECRET_KEY"]
    except OSError:
        return False


def _backup_key(folder: Path, manifest: dict) -> str | None:
    """The key the backed-up instance signed its sessions with, when the archive holds it."""
    path = folder / "secret_key"
    if not path.is_file() or manifest.get("secret_key_in_use") is False:
        return None  # older archives say nothing: their secret_key file is the key in use
    return path.read_text().strip() or None


def _key_outcome(key: str | None) -> str:
    """What restore does with the session key: "installed", "same", or "absent" (the archive
    does not hold the key). Refuses when the key here is set outside instance/secret_key
    and differs: the backed-up sessions could not be signed out, nor the archive's key used."""
    if key is None:
        return "absent"
    if key == current_app.config["SECRET_KEY"]:
        return "same"
    if _key_file().exists() and not _key_file_in_use():
        raise BackupError(
            "Khoá bí mật của bản cài đặt này được đặt bằng INTRANET_SECRET_KEY hoặc trong "
            "instance/config.py, và khác khoá trong bản sao lưu: các phiên đăng nhập đã sao "
            "lưu sẽ không dùng được. Hãy bỏ thiết lập đó (khoá của bản sao lưu sẽ được cài "
            "vào instance/secret_key) hoặc đặt nó bằng khoá của bản sao lưu, rồi khôi phục lại."
        )
    if not _key_file().exists() and current_app.config.get("SECRET_KEY"):
        raise BackupError(
            "Khoá bí mật của bản cài đặt này được đặt bằng INTRANET_SECRET_KEY hoặc trong "
            "instance/config.py, và khác khoá trong bản sao lưu. Hãy bỏ thiết lập đó hoặc đặt "
            "nó bằng khoá của bản sao lưu, rồi khôi phục lại."
        )
    return "installed"


def _install_key(key: str) -> None:
    """Replace the key this empty instance made at start-up with the backed-up one."""
    path = _key_file()
    tmp = path.with_name("secret_key.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    os.replace(tmp, path)


def _restore_files(folder: Path) -> None:
    if not folder.exists():
        return
    root = storage.upload_root()
    for blob in folder.iterdir():
        digest = hashlib.sha256(blob.read_bytes()).hexdigest()
        if digest != blob.name:
            raise BackupError(f"Tệp {blob.name} trong bản sao lưu bị hỏng (mã băm không khớp).")
        dest = root / digest[:2] / digest[2:4] / digest
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():
            shutil.copyfile(blob, dest)


def _restore_settings(folder: Path) -> None:
    if not folder.exists():
        return
    for path in folder.iterdir():
        dest = Path(current_app.instance_path) / path.name
        if path.name == "secret_key":
            continue  # see _key_outcome and _install_key
        if path.name in SETTINGS and not dest.exists():
            shutil.copyfile(path, dest)
            os.chmod(dest, 0o600)


def _restore_database(work: Path) -> None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.remove()
    db.engine.dispose()
    if _engine_kind() == "sqlite":
        source = sqlite3.connect(work / "database.sqlite3")
        dest = sqlite3.connect(url.database)
        with dest:
            source.backup(dest)
        dest.close()
        source.close()
        return
    db.drop_all()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    args, env = _pg_args(url)
    command = ["pg_restore", "--no-owner", "--exit-on-error", *args, str(work / "database.pgdump")]
    done = subprocess.run(  # noqa: S603 (arguments from the app's configuration)
        command,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {done.stderr.strip()}")
