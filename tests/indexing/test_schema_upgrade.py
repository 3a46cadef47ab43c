"""A new index schema (an upgrade) is rebuilt whole by the worker, never left half empty."""

import os
import shutil

from intranet import search
from tests.indexing.conftest import index_keys, run_worker


def test_an_index_of_an_older_schema_is_rebuilt_whole_by_the_worker(backend, app, make_document):
    make_document("36/KH-CĐBP", publish=True, summary="Kế hoạch xylophonnangcap")
    run_worker(app)
    folder = app.config["INDEX_FOLDER"]
    current = search.index_path(backend, folder)
    before = index_keys(app)
    assert before
    # As after an upgrade: the index on disk is of the previous schema version.
    shutil.move(current, os.path.join(folder, f"{backend}-v1-old"))
    make_document("37/TB-CĐBP", publish=True, summary="Thông báo xylophonmoi")

    run_worker(app)

    assert os.path.isdir(current)
    assert index_keys(app) > before  # the old records and the new one, not the new one alone
