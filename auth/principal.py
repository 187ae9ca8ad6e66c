"""Who is asking: built on the server from the logged-in user, never from browser input."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("meldkamer", "wijkagent", "handhaving", "gemeente", "partner", "manager", "beheerder", "wall", "privacy")
ROLE_LABELS = {
    "meldkamer": "Meldkamer", "wijkagent": "Wijkagent", "handhaving": "Handhaving (BOA)",
    "gemeente": "Gemeente", "partner": "Medewerker partner", "manager": "Manager", "beheerder": "Beheerder",
    "wall": "Wandscherm", "privacy": "Privacyfunctionaris",
}
# Roles that work reports: they may change them and see the reporter of their own organisation's.
# `partner`: staff of a partner organisation (housing corporation, youth work, ...; issue 19).
HANDLING_ROLES = frozenset({"meldkamer", "wijkagent", "handhaving", "gemeente", "partner"})
# Roles that read report data at all (beheerder manages users and settings only).
READING_ROLES = HANDLING_ROLES | {"manager", "wall"}


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    organisation: str                  # politie | gemeente | a partner's code
    organisation_id: int
    roles: frozenset[str]
    area_codes: frozenset[str] = field(default_factory=frozenset)
    team_id: int | None = None
    # the region's sharing rules (data_access/sharing.py) as they apply to this organisation: True
    # when it sees the shared reports of some categories only (a partner); the categories whose
    # personal data it sees besides its own reports'
    category_limited: bool = False
    personal_data_categories: frozenset[int] = field(default_factory=frozenset)

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

    def reads_as_written(self, organisation_id: int, category_id: int | None = None) -> bool:
        """Free text unpseudonymised: the handling organisation, and the staff who work reports at an
        organisation that a sharing rule gives this category's personal data."""
        return organisation_id == self.organisation_id or (
            self.handles_reports and category_id in self.personal_data_categories)

    def may_see_personal_data_of(self, organisation_id: int, category_id: int | None = None) -> bool:
        """Reporter contact: only staff of the handling organisation or of one a sharing rule names;
        managers and walls never."""
        return self.handles_reports and self.reads_as_written(organisation_id, category_id)

# Which roles use which view (the navigation and the guard both read these).
STAFF = frozenset({"meldkamer", "wijkagent", "handhaving", "gemeente", "partner"})
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
