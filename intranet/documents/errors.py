"""The error every document rule raises; its message is for the user."""

from intranet.domain import RuleBroken


class DocumentError(RuleBroken):
    """A rule was broken; the message says which, in the user's language."""
