"""The figures the resilience tests measure: printed (-s), shown in the terminal summary of a run
without xdist, and appended to artifacts/resilience-figures.txt (xdist workers print nothing)."""

import time

from tests.resilience.live import PG_URL, ROOT

FIGURES: list[str] = []


def report(title: str, **figures) -> None:
    """Keep the figures a test measured: printed (-s), in the terminal summary of a run without
    xdist, and appended to artifacts/resilience-figures.txt (xdist workers print nothing)."""
    line = f"{title}: " + ", ".join(f"{k}={v}" for k, v in figures.items())
    FIGURES.append(line)
    print(line)
    folder = ROOT / "artifacts"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    database = "postgresql" if PG_URL else "sqlite"
    with (folder / "resilience-figures.txt").open("a", encoding="utf-8") as out:
        out.write(f"{stamp} [{database}] {line}\n")
