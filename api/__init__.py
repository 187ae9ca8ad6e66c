"""Flask blueprints of the HNM API; create_app registers every one listed here.
One import line per module (several people add lines here)."""


def blueprints() -> list:
    from api.intake_json import blueprint as intake_json
    from api.open311 import blueprint as open311
    from api.exports import blueprint as exports
    from api.photos import blueprint as photos
    from api.live import blueprint as live
    from api.unsubscribe import blueprint as unsubscribe
    from api.privacy_rights import blueprint as privacy_rights
    from api.transparency import blueprint as transparency
    return [open311, intake_json, exports, photos, live, unsubscribe, privacy_rights, transparency]
