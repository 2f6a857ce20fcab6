"""Counts in words, for every message and label: "1 frame", "2 frames", "12,000 points" (pure Python: the command
line's refusals and the lab's notices both use it)."""


def counted(count: int, noun: str) -> str:
    """`count` with thousands separators and `noun` (a regular noun, or a phrase ending in one), plural unless 1."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
