"""Pure rules of questionnaires: how long a free-text answer may be, when results may be shown,
and the summary of the answers (plain values in, plain values out)."""

from decimal import Decimal
from statistics import median

# Results (page, XLSX, PDF) only from this many answers, so no one answer can be picked out.
MIN_ANSWERS = 3
TEXT_MAX = 500
NUMBER_MIN = Decimal("-1000000")
NUMBER_MAX = Decimal("1000000")
SCALE = (1, 2, 3, 4, 5)


def can_show(answers: int) -> bool:
    return answers >= MIN_ANSWERS


def percent(n: int, total: int) -> int:
    return round(100 * n / total) if total else 0


def _bars(labels, counts: dict, total: int) -> list[dict]:
    return [
        {
            "label": str(label),
            "n": counts.get(label, 0),
            "pct": percent(counts.get(label, 0), total),
        }
        for label in labels
    ]


def summarise(kind: str, options: list[str], values: list) -> dict:
    """One question's answers (None = not answered) as bars, figures or sorted texts."""
    given = [v for v in values if v not in (None, "", [])]
    summary: dict = {"answered": len(given)}
    if kind in ("single", "multiple"):
        counts: dict = {}
        for value in given:
            for choice in value if isinstance(value, list) else [value]:
                counts[choice] = counts.get(choice, 0) + 1
        summary["bars"] = _bars(options, counts, len(given))
    elif kind == "scale":
        counts = {}
        for value in given:
            counts[int(value)] = counts.get(int(value), 0) + 1
        summary["bars"] = _bars(SCALE, counts, len(given))
        summary["mean"] = round(sum(int(v) for v in given) / len(given), 1) if given else None
    elif kind == "number":
        numbers = sorted(Decimal(str(v)) for v in given)
        if numbers:
            summary.update(
                low=numbers[0],
                high=numbers[-1],
                mean=round(sum(numbers) / len(numbers), 1),
                median=median(numbers),
            )
    else:
        summary["texts"] = sorted(str(v) for v in given)
    return summary
