"""The overview's headline tiles."""

from components.kpi import kpi_tile

HEADLINES = (("Open meldingen", "open", "neutral"), ("Open met spoed", "open_urgent", "alert"),
             ("Nieuw afgelopen uur", "last_hour", "neutral"), ("Nieuw afgelopen 24 uur", "last_24h", "neutral"),
             ("Over de afhandeltermijn", "overdue", "warn"), ("Totaal", "total", "neutral"))


def headline_tiles(counts: dict[str, int]) -> list:
    return [kpi_tile(label, counts[key], key.replace("_", "-"), tone) for label, key, tone in HEADLINES]
