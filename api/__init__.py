"""Flask blueprints of the HNM API; create_app registers every one listed here.
One import line per module (several people add lines here)."""


def blueprints() -> list:
    return []
