"""The error every document rule raises; its message is for the user."""


class DocumentError(ValueError):
    """A rule was broken; the message says which, in the user's language."""
