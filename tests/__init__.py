"""The test suite. Set up here, before any test module imports the app."""

import os
import tempfile

# The huey queue is made at import from the environment: keep it out of the project's instance/.
os.environ.setdefault("INTRANET_INSTANCE_PATH", tempfile.mkdtemp(prefix="intranet-test-"))
