"""OpenAPI 3 description of the JSON intake and the feed (served at /api/v1/openapi.json)."""

from __future__ import annotations

from services.feeds import MAX_ID_LENGTH, MAX_ID_NUMBER

_ERROR = {"type": "object", "required": ["error", "message"], "properties": {
    "error": {"type": "string"}, "message": {"type": "string"},
    "errors": {"type": "object", "additionalProperties": {"type": "string"},
               "description": "Per veld een Nederlandse foutmelding."}}}
_MELDING = {"type": "object", "required": ["text", "lat", "lon"], "additionalProperties": True, "properties": {
    "text": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "Wat is er aan de hand?"},
    "channel": {"type": ["string", "null"], "enum": ["app", "chat", "web", None], "default": "app"},
    "category": {"type": ["string", "null"], "description": "Subcategorie (slug); weglaten: de triage kiest."},
    "urgent": {"type": ["boolean", "null"]},
    "lat": {"type": "number", "description": "WGS84"}, "lon": {"type": "number", "description": "WGS84"},
    "address": {"type": ["string", "null"], "maxLength": 200},
    "contact": {"type": ["object", "null"], "properties": {
        "name": {"type": ["string", "null"], "maxLength": 200},
        "email": {"type": ["string", "null"], "maxLength": 200},
        "phone": {"type": ["string", "null"], "maxLength": 40}, "wants_feedback": {"type": "boolean"}}}}}
_ANSWER = {"type": "object", "required": ["reference", "status", "urgent", "advice"], "properties": {
    "reference": {"type": "string"}, "status": {"type": "string"}, "status_label": {"type": "string"},
    "category": {"type": "string"}, "category_name": {"type": "string"}, "urgent": {"type": "boolean"},
    "advice": {"type": ["string", "null"], "description": "Bij levensgevaar: 'Bel direct 112 ...'"},
    "safety_check": {"type": "boolean", "description": "De tekst noemt mogelijk iemand in gevaar: de melding staat "
                     "als spoed bovenaan de lijst tot een medewerker hem oppakt."},
    "channel": {"type": "string"}, "received_at": {"type": "string", "format": "date-time"}}}
_POST = {"type": "object", "required": ["source", "id", "text"], "properties": {
    "source": {"type": "string", "enum": ["buurtapp", "social"]},
    "id": {"oneOf": [{"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH},
                     {"type": "integer", "minimum": -MAX_ID_NUMBER, "maximum": MAX_ID_NUMBER}]},
    "text": {"type": "string", "minLength": 1, "maxLength": 4000},
    "posted_at": {"type": ["string", "null"], "format": "date-time"},
    "source_name": {"type": ["string", "null"], "maxLength": 80},
    "geotag": {"type": ["object", "null"], "required": ["lat", "lon"],
               "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}}}}}
_FEED_ANSWER = {"type": "object", "properties": {
    "id": {"type": "integer"}, "state": {"type": "string", "enum": ["te_beoordelen", "afgewezen"]},
    "is_report": {"type": "boolean"}, "reason": {"type": "string"},
    "proposed_category": {"type": ["string", "null"]}, "location_source": {"type": ["string", "null"]}}}


def _errors(*codes: int) -> dict:
    text = {400: "Onleesbaar verzoek", 403: "Ongeldige API-sleutel", 409: "Idempotency-Key al gebruikt",
            413: "Te groot", 415: "Geen application/json", 422: "Veldfouten", 429: "Te veel verzoeken"}
    return {str(c): {"description": text[c], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for c in codes}


def openapi_document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "HNM intake-API", "version": "1.0.0",
                 "description": "Meldingen en buurtberichten aanleveren bij het HNM Dashboard."},
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
            "schemas": {"Error": _ERROR, "Melding": _MELDING, "Answer": _ANSWER,
                        "FeedPost": _POST, "FeedAnswer": _FEED_ANSWER}},
        "security": [{"apiKey": []}],
        "paths": {
            "/api/v1/meldingen": {"post": {
                "summary": "Een melding doen", "operationId": "submitReport",
                "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                                "schema": {"type": "string", "maxLength": 120},
                                "description": "Zelfde sleutel en inhoud: hetzelfde antwoord, geen tweede melding."}],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Melding"}}}},
                "responses": {"201": {"description": "Opgeslagen", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Answer"}}}},
                    **_errors(400, 403, 409, 413, 415, 422, 429)}}},
            "/api/v1/feed": {"post": {
                "summary": "Een bericht uit een buurtapp of sociale media aanleveren", "operationId": "submitPost",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/FeedPost"}}}},
                "responses": {"201": {"description": "Ontvangen", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/FeedAnswer"}}}},
                    "200": {"description": "Al eerder ontvangen", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/FeedAnswer"}}}},
                    **_errors(400, 403, 413, 415, 422, 429)}}},
        },
    }
