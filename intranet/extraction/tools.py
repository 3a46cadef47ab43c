"""The optional programs extraction can use: Tesseract with Vietnamese data, and catdoc."""

import os
import shutil
import subprocess


def tesseract() -> str | None:
    """The path of the ``tesseract`` program, or None."""
    return shutil.which("tesseract")


def catdoc() -> str | None:
    """The path of the ``catdoc`` program, or None."""
    return shutil.which("catdoc")


def tesseract_languages(program: str | None = None) -> set[str]:
    """The language packs Tesseract has ("vie" for Vietnamese), empty when it is missing."""
    program = program or tesseract()
    if program is None:
        return set()
    try:
        listing = subprocess.run(  # noqa: S603 (a fixed argv, no shell)
            [program, "--list-langs"],
            capture_output=True,
            timeout=20,
            env=ocr_environment(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    # The first line is a heading ("List of available languages in …"); both streams are read
    # because Tesseract 3 printed the list on stderr.
    lines = (listing.stdout + listing.stderr).decode("utf-8", "replace").splitlines()
    return {line.strip() for line in lines[1:] if line.strip() and " " not in line.strip()}


def ocr_environment() -> dict[str, str]:
    """The environment for Tesseract: one OpenMP thread, faster on a shared server."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def available_tools() -> dict[str, bool]:
    """Which optional extraction tools this machine has, for the README and the admin's status.

    ``ocr`` is true when Tesseract and its Vietnamese data ("vie") are both installed.
    """
    program = tesseract()
    languages = tesseract_languages(program)
    return {
        "tesseract": program is not None,
        "tesseract_vie": "vie" in languages,
        "ocr": program is not None and "vie" in languages,
        "catdoc": catdoc() is not None,
    }
