"""Property-based check of the API against its own OpenAPI description (schemathesis).

For every operation of /api/v1/openapi.json, schemathesis generates requests (valid and
invalid ones) and checks each answer: never a server error, and always a status, media type,
headers and body that the description allows. It runs as the secretariat and as a staff
member, each with a Bearer token, on an archive seeded through the services.

Marked ``apicheck``: `make test` leaves it out, `make api-check` runs it (and `.ci/run` calls
that). INTRANET_API_CHECK_EXAMPLES sets the examples per operation (30 by default).
"""

import io
import os
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select, text
from werkzeug.datastructures import FileStorage

from intranet import create_app
from intranet.accounts import services as accounts
from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.documents import services as documents
from intranet.exemplars import catalogues, decisions
from intranet.exemplars import services as exemplars
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.extensions import db
from intranet.indexing import worker
from intranet.supervision import inspections, reports
from tests.conftest import PASSWORD, TEST_DATABASE_URL, UNITS, USERS

pytestmark = pytest.mark.apicheck

EXAMPLES = int(os.environ.get("INTRANET_API_CHECK_EXAMPLES", "30"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _seed(app) -> dict[str, str]:
    """Units, one user per role, documents, a decision, nominations with evidence; tokens."""
    with app.app_context():
        db.create_all()
        if TEST_DATABASE_URL:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        catalogues.seed()
        units = {code: accounts.save_unit(None, code, name) for code, name in UNITS.items()}
        people = {}
        for key, (username, code, roles) in USERS.items():
            people[key] = accounts.create_user(username, username, units[code], roles, PASSWORD)
        secretariat = people["secretariat"]

        def document(symbol, summary, publish=True, audience=None):
            data = documents.DocumentData(
                kind=symbol.split("/")[1].split("-")[0],
                number_symbol=symbol,
                issued_on=date(2024, 3, 1),
                summary=summary,
                audience_all=audience is None,
                audience_units=[units[c].id for c in audience or []],
            )
            doc = documents.save_document(None, data, secretariat)
            upload = FileStorage(io.BytesIO(f"{summary}\n".encode()), filename=f"{summary}.txt")
            from intranet.documents import files

            files.attach(doc, [upload], secretariat)
            if publish:
                documents.publish(doc, secretariat)
            return doc

        document("36/KH-CĐBP", "Kế hoạch tuyên truyền gương điển hình tiên tiến")
        document("12/TB-CĐBP", "Thông báo riêng cho Khoa Kinh tế", audience=["KKT"])
        document("13/TB-CĐBP", "Dự thảo thông báo", publish=False)
        staff, head = people["staff"], people["unit_head"]
        nominated = []
        for number, stage in enumerate(("draft", "submitted", "endorsed"), 1):
            data = exemplars.ExemplarData(
                subject="individual",
                year=2024,
                achievement=f"Thành tích số {number}",
                name=f"Điển hình {number}",
            )
            exemplar = exemplars.save_exemplar(None, data, staff)
            upload = FileStorage(io.BytesIO(f"minh chứng {number}\n".encode()), filename="mc.txt")
            evidence = exemplars.add_evidence(exemplar, upload, staff, f"Minh chứng {number}")
            if stage != "draft":
                exemplars.take_step(exemplar, "submit", staff)
            if stage == "endorsed":
                exemplars.review_evidence(evidence, "accepted", head)
                exemplars.take_step(exemplar, "endorse", head)
            nominated.append(exemplar)
        decision = document("20/QĐ-CĐBP", "Quyết định khen thưởng", publish=False)
        form = (
            db.session.execute(select(CatalogueEntry).filter_by(group=Group.FORM)).scalars().first()
        )
        award = decisions.AwardData(exemplar_id=nominated[-1].id, form_id=form.id, amount=500_000)
        decisions.add_award_line(decision, award, secretariat)
        inspection = inspections.record(
            people["inspector"],
            units["KCNTT"],
            date(2024, 5, 10),
            "Hội đồng Thi đua – Khen thưởng",
            "Hồ sơ điển hình năm 2024",
            "Đầy đủ",
            "Đạt",
            ["36/KH-CĐBP"],
            [nominated[-1].id],
        )
        report = reports.submit(units["KCNTT"], 2024, head, "Báo cáo năm 2024 của khoa")
        worker.reindex()
        ids = {
            "document_id": 1,
            "file_id": 1,
            "version_id": 1,
            "exemplar_id": nominated[-1].id,
            "evidence_id": nominated[-1].live_evidence[0].id,
            "report_id": report.id,
            "inspection_id": inspection.id,
        }
        secrets = {}
        for key in ("secretariat", "staff"):
            user = db.session.get(User, people[key].id)
            secrets[key] = tokens.create_token(user, "schemathesis", 1)[1]
        return secrets, ids


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("apicheck")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "khoa-bi-mat-thu-nghiem",
            "DATABASE_URL": TEST_DATABASE_URL or f"sqlite:///{tmp / 'test.sqlite3'}",
            "UPLOAD_FOLDER": str(tmp / "uploads"),
            "INDEX_FOLDER": str(tmp / "index"),
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "WORKER_NOTIFY": False,
            # A crash is a 500 problem to be reported, not an exception out of the test client.
            "PROPAGATE_EXCEPTIONS": False,
        },
        instance_path=str(tmp / "instance"),
    )
    secrets, ids = _seed(app)
    yield app, secrets, ids
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _check_operation(operation, mode, headers, counts, path_parameters=None):
    """Run ``EXAMPLES`` generated requests of one operation; the first failure is raised."""
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a bounded run
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        counts["examples"] += 1
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        counts[response.status_code] = counts.get(response.status_code, 0) + 1

    run()


@pytest.mark.parametrize("who", ["secretariat", "staff"])
def test_api_conforms_to_its_description(seeded, who, capsys):
    app, secrets, ids = seeded
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Uncompressed answers: the WSGI transport does not decode Content-Encoding (compression
    # has its own tests in tests/main/test_assets.py).
    headers = {"Authorization": f"Bearer {secrets[who]}", "Accept-Encoding": "identity"}
    counts = {"examples": 0, "operations": 0}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        names = {p.name for p in operation.path_parameters}
        runs = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        if names:  # again on records that exist, so that more than 404s come back
            runs.append((GenerationMode.POSITIVE, {n: ids[n] for n in names if n in ids}))
        for mode, fixed in runs:
            try:
                _check_operation(operation, mode, headers, counts, fixed)
            except Exception as exc:  # every failure is reported together
                where = f"{operation.label} [{mode.value}{', seeded ids' if fixed else ''}]"
                failures.append(f"{where}: {exc}")
    with capsys.disabled():
        print(
            f"\nschemathesis as {who}: {counts['operations']} operations, "
            f"{counts['examples']} requests, {len(failures)} failures"
        )
        print(counts)
    assert not failures, "\n\n".join(failures)
