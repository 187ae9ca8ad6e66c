"""Who is asking: built on the server from the logged-in user, never from browser input."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("meldkamer", "wijkagent", "handhaving", "gemeente", "manager", "beheerder", "wall", "privacy")
ROLE_LABELS = {
    "meldkamer": "Meldkamer", "wijkagent": "Wijkagent", "handhaving": "Handhaving (BOA)",
    "gemeente": "Gemeente", "manager": "Manager", "beheerder": "Beheerder", "wall": "Wandscherm",
    "privacy": "Privacyfunctionaris",
}
# Roles that work reports: they may change them and see the reporter of their own organisation's.
HANDLING_ROLES = frozenset({"meldkamer", "wijkagent", "handhaving", "gemeente"})
# Roles that read report data at all (beheerder manages users and settings only).
READING_ROLES = HANDLING_ROLES | {"manager", "wall"}


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    organisation: str                  # politie | gemeente
    organisation_id: int
    roles: frozenset[str]
    area_codes: frozenset[str] = field(default_factory=frozenset)
    team_id: int | None = None

    def has_any(self, roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_police(self) -> bool:
        return self.organisation == "politie"

    @property
    def reads_reports(self) -> bool:
        return self.has_any(READING_ROLES)

    @property
    def handles_reports(self) -> bool:
        return self.has_any(HANDLING_ROLES)

    @property
    def limited_to_areas(self) -> bool:
        """A wijkagent without a control-room or manager role sees only the assigned wijken."""
        return "wijkagent" in self.roles and not self.has_any({"meldkamer", "manager", "wall"})

    def may_see_personal_data_of(self, organisation_id: int) -> bool:
        """Reporter contact: only the handling organisation's staff; managers and walls never."""
        return self.handles_reports and organisation_id == self.organisation_id

# Which roles use which view (the navigation and the guard both read these).
STAFF = frozenset({"meldkamer", "wijkagent", "handhaving", "gemeente"})
MAP_ROLES = STAFF | {"manager"}
ANALYSIS_ROLES = STAFF | {"manager"}
WALL_ROLES = frozenset({"wall", "meldkamer", "manager"})
LIVE_ROLES = MAP_ROLES | WALL_ROLES     # the live map on /kaart and on /wall
MANAGER_ROLES = frozenset({"manager"})
ADMIN_ROLES = frozenset({"beheerder"})
MODEL_ROLES = MANAGER_ROLES | ADMIN_ROLES     # the Triagemodel page (figures stay in the report scope)
# The privacy officer (per organisation) answers residents' requests: /privacy finds, exports and
# erases one resident's data (police-only data only for the police's officer) and reads no report
# otherwise; /audit shows who viewed personal data (also for beheerder).
PRIVACY_ROLES = frozenset({"privacy"})
AUDIT_ROLES = PRIVACY_ROLES | ADMIN_ROLES
