"""Counts in words, for every message and label: "1 frame", "2 frames", "12,000 points", and directions: "upper
right" (pure Python: the command line's refusals and the lab's notices both use it)."""

import math

COMPASS = ("right", "upper right", "up", "upper left", "left", "lower left", "down", "lower right")


def counted(count: int, noun: str) -> str:
    """`count` with thousands separators and `noun` (a regular noun, or a phrase ending in one), plural unless 1."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def ordinal(number: int) -> str:
    """'1st', '2nd', '3rd', '11th', '22nd', '1,024th': of a spacing, 'every 64th iteration'."""
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


def compass(vector: tuple[float, float] | list[float]) -> str:
    """The way a data-space vector points (y up), in one of eight words (GAN Lab's "upper right")."""
    return COMPASS[round(math.atan2(vector[1], vector[0]) / (math.pi / 4)) % 8]
