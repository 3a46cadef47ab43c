"""The one exception the storage seam raises for a file it will not keep."""


class StorageError(Exception):
    """A refused file; ``message`` is already translated and fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
