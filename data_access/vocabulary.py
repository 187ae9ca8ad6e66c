"""The domain's words, defined once: report statuses and their transitions, alert, feed, proposal
and message states, channels, feedback kinds, and the time zone, each with its Dutch label.

The bottom of the project: this module imports nothing from it, and every layer (data_access,
services, components, callbacks, api) takes its words from here. Two copies drift; they did: the
wall once counted dismissed alerts as open because it kept its own list of closed alert states.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

# --- time -----------------------------------------------------------------------------------------
TIMEZONE_NAME = "Europe/Amsterdam"     # stored moments are UTC; people see this zone
LOCAL_TZ = ZoneInfo(TIMEZONE_NAME)

# --- reports (Signalen's Dutch statuses) ----------------------------------------------------------
STATUS_LABELS = {
    "gemeld": "Gemeld",
    "in_behandeling": "In behandeling",
    "ingepland": "Ingepland",
    "reactie_gevraagd": "Reactie gevraagd",
    "doorgezet": "Doorgezet",
    "afgehandeld": "Afgehandeld",
    "geannuleerd": "Geannuleerd",
    "heropend": "Heropend",
}
NEW_STATUS = "gemeld"
CLOSED_STATUSES = frozenset({"afgehandeld", "geannuleerd"})
OPEN_STATUSES = frozenset(STATUS_LABELS) - CLOSED_STATUSES
# Listed in label order (not "NOT IN closed") so that open-report queries use the status index.
OPEN_STATUS_LIST = tuple(s for s in STATUS_LABELS if s not in CLOSED_STATUSES)
CLOSED_STATUS_LIST = tuple(s for s in STATUS_LABELS if s in CLOSED_STATUSES)

_WORKING = {"in_behandeling", "ingepland", "reactie_gevraagd", "doorgezet"}
TRANSITIONS: dict[str, frozenset[str]] = {
    "gemeld": frozenset(_WORKING | CLOSED_STATUSES),
    "in_behandeling": frozenset((_WORKING - {"in_behandeling"}) | CLOSED_STATUSES),
    "ingepland": frozenset({"in_behandeling", "reactie_gevraagd"} | CLOSED_STATUSES),
    "reactie_gevraagd": frozenset({"in_behandeling", "ingepland"} | CLOSED_STATUSES),
    "doorgezet": frozenset({"in_behandeling"} | CLOSED_STATUSES),
    "afgehandeld": frozenset({"heropend"}),
    "geannuleerd": frozenset({"heropend"}),
    "heropend": frozenset(_WORKING | CLOSED_STATUSES),
}

# --- channels a report comes in through ----------------------------------------------------------
CHANNELS = {"app": "App", "chat": "Chat", "web": "Website", "social": "Sociale media",
            "buurtapp": "Buurtapp", "telefoon": "Telefoon", "open311": "Open311-app",
            "import": "Import"}

# --- early-warning alerts -------------------------------------------------------------------------
ALERT_STATE_LABELS = {"nieuw": "Nieuw", "bevestigd": "Bevestigd", "afgewezen": "Afgewezen",
                      "afgehandeld": "Afgehandeld"}
ALERT_STATES = tuple(ALERT_STATE_LABELS)
ALERT_KIND_LABELS = {"piek": "Piek", "hotspot": "Hotspot", "herhaling": "Herhaalde locatie"}
OPEN_ALERT_STATES = ("nieuw", "bevestigd")          # dismissed (afgewezen) and closed ones are not open

# --- incident grouping proposals ------------------------------------------------------------------
PROPOSAL_STATES = ("voorgesteld", "bevestigd", "afgewezen")

# --- social-media feed posts ----------------------------------------------------------------------
FEED_STATES = {"te_beoordelen": "Te beoordelen", "geaccepteerd": "Geaccepteerd", "afgewezen": "Afgewezen"}

# --- outgoing messages (feedback, buurtberichten, staff notifications) ----------------------------
QUEUED, SENT, FAILED = "wachtrij", "verzonden", "mislukt"
MESSAGE_STATE_LABELS = {QUEUED: "in de wachtrij", SENT: "verzonden", FAILED: "mislukt"}

# --- terugkoppeling to the reporter ---------------------------------------------------------------
FEEDBACK_KINDS = {
    "ontvangstbevestiging": "Ontvangstbevestiging",
    "tussenbericht": "Tussenbericht",
    "afloopbericht": "Afloopbericht",
}

# --- a report's timeline --------------------------------------------------------------------------
EVENT_LABELS = {
    "ontvangen": "Ontvangen", "triage": "Automatische triage", "status": "Status gewijzigd",
    "toewijzing": "Toegewezen", "correctie": "Correctie", "notitie": "Notitie",
    "incident": "Incident", "overdracht": "Overgedragen", "zichtbaarheid": "Zichtbaarheid",
    "terugkoppeling": "Terugkoppeling", "bron": "Bron vastgelegd", "foto toegevoegd": "Foto toegevoegd",
    "aanvulling melder": "Aanvulling van de melder", "tevredenheid": "Tevredenheid",
}
VISIBILITY_LABELS = {"gedeeld": "gedeeld", "politie": "alleen politie"}


def value_label(value: str | None) -> str | None:
    """The Dutch label of any code above (a status, channel, feedback kind, state...), else the value."""
    for labels in (STATUS_LABELS, CHANNELS, FEEDBACK_KINDS, ALERT_STATE_LABELS, MESSAGE_STATE_LABELS,
                   VISIBILITY_LABELS):
        if value in labels:
            return labels[value]
    return value
