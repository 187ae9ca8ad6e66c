"""GET /api/v1/algoritmeregister: the public Algoritmeregister entry of the triage model in use
(the same entry services/triage/registry.py writes beside the model), linked from /hoe-wij-werken.
No login: it is written to be published."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

blueprint = Blueprint("transparency", __name__)


@blueprint.get("/api/v1/algoritmeregister")
def algorithm_register():
    from services.triage.registry import active_path, register_entry

    try:
        entry = register_entry(active_path())
    except FileNotFoundError:
        abort(404)
    response = jsonify(entry)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
