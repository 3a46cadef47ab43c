"""gunicorn's settings for this app: gunicorn reads this file from the folder it is started in
(``make serve``, docs/deployment.md), whatever the command line's other options.

Each worker loads the app once and keeps it for its life: its modules, the database's mappings,
the catalogues. Frozen after loading (``gc.freeze``), those objects are no longer walked by every
full garbage collection: 1.1 ms of a 14 ms page before, 0.1 ms after (bench/page_load.py).
"""

import gc


def post_worker_init(worker):
    gc.freeze()
