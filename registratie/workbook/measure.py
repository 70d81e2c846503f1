"""Duration and peak memory of an import or export, printed by `--meting` (see docs/IMPORT.md)."""

import resource
import time
from contextlib import contextmanager


def rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def measured(out):
    if out is None:
        yield
        return
    start_rss, start = rss_mb(), time.perf_counter()
    try:
        yield
    finally:
        out.write(
            f"Meting: {time.perf_counter() - start:.1f} s; piekgeheugen van het proces "
            f"{rss_mb():.0f} MB (bij de start {start_rss:.0f} MB)."
        )
