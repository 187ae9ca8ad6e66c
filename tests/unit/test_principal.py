"""Role rules of the Principal: who reads, who handles, who sees personal data."""

from auth.principal import Principal


def p(org, *roles, areas=()):
    return Principal(1, "u", "U", org, 1 if org == "politie" else 2, frozenset(roles), frozenset(areas))


def test_reading_and_handling_roles():
    assert p("politie", "meldkamer").handles_reports
    assert p("politie", "manager").reads_reports and not p("politie", "manager").handles_reports
    assert p("politie", "wall").reads_reports and not p("politie", "wall").handles_reports
    assert not p("gemeente", "beheerder").reads_reports


def test_personal_data_only_for_handling_staff_of_the_owning_organisation():
    assert p("politie", "meldkamer").may_see_personal_data_of(1)
    assert not p("politie", "meldkamer").may_see_personal_data_of(2)
    assert not p("gemeente", "manager").may_see_personal_data_of(2)
    assert not p("politie", "wall").may_see_personal_data_of(1)


def test_wijkagent_is_limited_to_areas_unless_also_control_room():
    assert p("politie", "wijkagent", areas=["WK051840"]).limited_to_areas
    assert not p("politie", "wijkagent", "meldkamer").limited_to_areas
