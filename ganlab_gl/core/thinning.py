"""One rule for every long record of a run that must fit a bound: the metric histories
(metrics.ThinningBuffer) and the timeline's weights (timeline.Timeline).

Rows are kept by their iteration, not by their position: a thinning keeps the first row, the
recent half exact, and of the older rows those whose iteration is a multiple of the smallest
power of two that frees a quarter of the record. Rows thinned before sit on a coarser such
spacing and stay while the new one is finer, so the record is as fine as its bound allows and
only steps coarser with age, and every stretch of the run keeps rows: a loss chart or the
timeline bar over the whole run (x linear in iterations, as GAN Lab's charts) has rows
everywhere, the early iterations included. (Thinning the oldest half to every other row at each
fill, the rule before, kept the start and the last stretch: at a million iterations the first
700,000 were iteration 0 and a handful of rows.)
"""

from __future__ import annotations

import numpy as np

KEEP_AT_MOST = 0.75  # of the rows, after a thinning: the next one is a quarter of the rows away


def thin(iterations: np.ndarray) -> np.ndarray:
    """The indices kept, in order, of rows at `iterations` (increasing whole numbers, at least 3 rows): at most
    KEEP_AT_MOST of them."""
    count = len(iterations)
    if count < 3:
        raise ValueError(f"thinning: needs at least 3 rows, got {count}")
    recent = np.arange(count - count // 2, count)
    older = np.arange(1, count - count // 2)
    at_most = int(KEEP_AT_MOST * count)
    largest = int(iterations[older].max()) if len(older) else 0
    spacing = 1
    while spacing <= largest:
        keep = np.concatenate([[0], older[iterations[older] % spacing == 0], recent])
        if len(keep) <= at_most:
            return keep
        spacing *= 2
    return np.concatenate([[0], recent])  # a spacing beyond every older iteration keeps none of them
