"""The archive's search, wired to the domain: the outbox, the records, the worker and the page.

``intranet.search`` knows nothing of documents or exemplars; this package turns records into
IndexRecords (with who may see them), keeps the index in step through an outbox written in the
same transaction as the record, and serves the search page.
"""
