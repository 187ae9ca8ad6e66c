"""Scoping is structural (issue 16, item 2): outside data_access no query over a model that holds
report content is built by hand. Such queries go through data_access's scoped helpers (the
registry in data_access/scoping.py applies the Principal's rule), or, for system work that must
see everything, through `unscoped_select`, allowed only in the modules listed below with why.

The test reads the source tree (ast), so it fails as soon as someone adds a raw select(Report)
in a callback or a service, or an unscoped query where it does not belong.
"""

from __future__ import annotations

import ast
from pathlib import Path

from data_access.scoping import SCOPE_RULES

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("api", "auth", "callbacks", "components", "pages", "services")
SCOPED = {model.__name__ for model in SCOPE_RULES}
BUILDERS = {"select", "update", "delete"}     # an INSERT reveals nothing
# Modules that may read or write every row: system work without a user, or a resident who proves a
# claim with a token. Each entry says why; anything else goes through a Principal's scope.
UNSCOPED_ALLOWED = {
    "services/areas.py": "re-locates every report after a new area map (administrative command)",
    "services/chat_intake.py": "the resident's own draft, found by its draft key",
    "services/cli.py": "administrative commands (revoke a tracking link by reference)",
    "services/detection_queue.py": "early warning after the intake's commits (system job)",
    "services/early_warning.py": "detection counts every report per audience (system job)",
    "services/nearby_reports.py": "detection reads a batch's places once per area, for every audience (system job)",
    "services/feeds.py": "the feed intake stores posts; a decision updates the post it loaded in scope",
    "services/importers/base.py": "bulk imports: idempotency over every report",
    "services/incident_grouping.py": "proposals for new reports (system job); decisions load in scope first",
    "services/live_demo.py": "the demo's live arrivals",
    "services/outbox.py": "delivers queued feedback (system job)",
    "services/privacy/retention.py": "the nightly retention job removes personal data past its term (system job)",
    "services/satisfaction.py": "a resident's answer through the tracking link (the token is the claim)",
    "services/tracking.py": "a resident's tracking link: the token is the claim",
    "services/triage/demo_history.py": "the demo's triage history",
}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _calls(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func      # select(...) or sa.select(...); not a dict's or set's .update(...)
            if isinstance(func, ast.Name):
                yield func.id, node
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    and func.value.id in {"sa", "sqlalchemy"}:
                yield func.attr, node


def _sources():
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path


def test_no_query_over_report_content_is_built_outside_data_access():
    found = []
    for name, path in _sources():
        for call, node in _calls(path):
            if call in BUILDERS and _names(node) & SCOPED:
                found.append(f"{name}:{node.lineno} {call}({', '.join(sorted(_names(node) & SCOPED))})")
    assert not found, ("Bouw geen query over meldinginhoud buiten data_access; gebruik de scoped helpers "
                       "of unscoped_select in een toegestane module:\n" + "\n".join(found))


def test_unscoped_queries_only_where_allowed():
    found = [f"{name}:{node.lineno}" for name, path in _sources() for call, node in _calls(path)
             if call in {"unscoped_select", "unscoped_update", "unscoped_delete"} and name not in UNSCOPED_ALLOWED]
    assert not found, "unscoped_select buiten de lijst met systeemtaken:\n" + "\n".join(found)


def test_the_allowlist_names_only_modules_that_need_it():
    using = {name for name, path in _sources() for call, _ in _calls(path) if call.startswith("unscoped_")}
    assert set(UNSCOPED_ALLOWED) == using


def test_the_registry_covers_every_model_with_report_content():
    assert SCOPED >= {"Report", "Incident", "Alert", "IncidentProposal", "FeedPost", "ReportPhoto", "ReportEvent"}
