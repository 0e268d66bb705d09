"""How recall orders memories: relevant first, and among relevant ones the proven winners.

Multiplying (rather than adding) keeps an unrelated high scorer from outranking a relevant
memory: similarity near zero stays near zero whatever the score, while a winner on the same
topic beats an equally similar loser.
"""

from __future__ import annotations

SCORE_FLOOR = 0.5  # a memory with score 0 keeps half its similarity; score 1 keeps all of it


def rank(similarity: float, score: float) -> float:
    """The recall order key: ``similarity * (0.5 + 0.5 * score)``."""
    return similarity * (SCORE_FLOOR + (1.0 - SCORE_FLOOR) * score)


def reinforced(score: float, outcome: float, weight: float) -> float:
    """``score`` moved ``weight`` of the way toward ``outcome`` (an exponential moving average).

    Winners (outcome above score) rise, losers fade, and a single outlier cannot swing a
    memory all the way unless ``weight`` is 1.
    """
    return score + weight * (outcome - score)
