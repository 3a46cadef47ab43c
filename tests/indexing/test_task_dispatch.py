"""One queued index run for a burst of commits: the queue holds no run that has nothing to do."""

import pytest
from huey.storage import MemoryStorage

from intranet import tasks
from tests.indexing.conftest import outbox_count


@pytest.fixture
def queue(app, monkeypatch):
    """The worker's queue in memory, with the web process telling it of each commit."""
    monkeypatch.setattr(tasks.huey, "storage", MemoryStorage("intranet-test"))
    monkeypatch.setattr(tasks, "_app", None)
    tasks.bind(app)
    app.config["WORKER_NOTIFY"] = True
    yield tasks.huey
    app.config["WORKER_NOTIFY"] = False


def run_queued(queue) -> int:
    """Run what the queue holds, as the consumer would; how many runs there were."""
    runs = 0
    while (task := queue.dequeue()) is not None:
        queue.execute(task)
        runs += 1
    return runs


def test_many_commits_queue_one_run(queue, app, make_document):
    for k in range(12):
        make_document(f"{k + 1}/TB-CĐBP", summary=f"Thông báo xylophondot{k}")
    assert outbox_count(app) >= 12
    assert queue.pending_count() == 1
    assert run_queued(queue) == 1
    assert outbox_count(app) == 0
    # The run cleared the mark: the next change queues the next run.
    make_document("20/TB-CĐBP")
    assert queue.pending_count() == 1
    assert run_queued(queue) == 1
    assert outbox_count(app) == 0


def test_a_queue_that_refused_a_run_lets_the_next_commit_try(queue, make_document, monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionError("the queue is down")

    real = tasks.index_pending
    monkeypatch.setattr(tasks, "index_pending", refused)
    make_document("21/TB-CĐBP")  # never fails the commit (the cron would catch up)
    assert queue.pending_count() == 0
    monkeypatch.setattr(tasks, "index_pending", real)  # the queue is back
    make_document("22/TB-CĐBP")
    assert queue.pending_count() == 1
