"""Which triage model is in use, the models kept for rollback, and each model's register entry.

Two places hold models:
- the shipped model(s) in ``services/triage/model/`` (in git; a fresh clone works with them);
- the registry directory (``$HNM_TRIAGE_MODEL_DIR``, default ``<instance>/triage-models``), where
  retraining writes new candidates. Every model that was ever promoted stays there for rollback.

The registry directory's ``active.json`` names the model in use and the ones before it (the
history a rollback walks back). Without it the newest shipped model is in use. Several processes
or hosts share one registry directory (a shared volume); each process notices a promotion within
a minute (model.get_model).

Next to every model file ``triage-<version>.joblib`` lie ``.json`` (its metadata: training data,
thresholds, measured scores) and ``.algoritmeregister.json``: the model's entry for the Dutch
Algoritmeregister, generated from that metadata, rewritten when the model is trained, promoted,
retired or its scores are recorded.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .model import REPO_DIR, SHIPPED_DIR, TriageError

DIR_ENV = "HNM_TRIAGE_MODEL_DIR"
ACTIVE_FILE = "active.json"
REGISTER_SUFFIX = ".algoritmeregister.json"
REGISTER_STANDARD = "Algoritmeregister Publicatiestandaard 1.0.10"


# the model's decision thresholds, named for a reader of the model page and the Algoritmeregister
_THRESHOLD_LABELS = (
    ("urgent", "spoed vanaf {}"),
    ("urgent_calmed", "spoed als de tekst zegt dat het voorbij is vanaf {}"),
    ("emergency", "vraag 'Is er nu iemand in gevaar?' vanaf {}"),
    ("review", "categorie laten controleren onder {}"),
    ("overig", "categorie 'overig' onder {}"),
    ("police_calmed", "politiecategorie bij een gekalmeerde tekst vanaf {}"),
)


def threshold_text(thresholds: dict) -> str:
    """'spoed vanaf 50%, ...': the thresholds in Dutch, each as the exact percentage stored."""
    return ", ".join(label.format(f"{thresholds[key] * 100:g}%") for key, label in _THRESHOLD_LABELS
                     if key in thresholds)


def model_dir() -> Path:
    """The registry directory (created on first write)."""
    env = os.environ.get(DIR_ENV)
    if env:
        return Path(env)
    return Path(os.environ.get("HNM_INSTANCE_DIR", str(REPO_DIR / "instance"))) / "triage-models"


@dataclass(frozen=True)
class ModelInfo:
    version: str
    path: Path
    meta: dict
    shipped: bool
    active: bool


def _meta(path: Path) -> dict:
    side = path.with_suffix(".json")
    if side.is_file():
        return json.loads(side.read_text(encoding="utf-8"))
    return {"version": path.stem.removeprefix("triage-")}


def _files() -> list[tuple[Path, bool]]:
    shipped = [(p, True) for p in sorted(SHIPPED_DIR.glob("triage-*.joblib"))]
    trained = [(p, False) for p in sorted(model_dir().glob("triage-*.joblib"))] if model_dir().is_dir() else []
    return shipped + trained


def _state() -> dict:
    path = model_dir() / ACTIVE_FILE
    if not path.is_file():
        return {"version": None, "history": []}
    return json.loads(path.read_text(encoding="utf-8"))


def _write_state(state: dict) -> None:
    folder = model_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{ACTIVE_FILE}.{os.getpid()}"
    tmp.write_text(json.dumps(state, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, folder / ACTIVE_FILE)      # atomic: a reader sees the old or the new state


def find(version: str) -> Path:
    for path, _ in _files():
        if path.stem == f"triage-{version}":
            return path
    raise TriageError(f"Model {version} bestaat niet. Zie `flask --app app triage-models list`.")


def active_path() -> Path:
    """The model in use: the registry's active one, else the newest shipped model."""
    version = _state().get("version")
    if version:
        try:
            return find(version)
        except TriageError:
            pass        # a removed file never leaves the app without a model
    shipped = sorted(SHIPPED_DIR.glob("triage-*.joblib"))
    if not shipped:
        raise FileNotFoundError(f"Geen triagemodel in {SHIPPED_DIR}; train er een met `triage-train`.")
    return shipped[-1]


def active_version() -> str:
    return active_path().stem.removeprefix("triage-")


def list_models() -> list[ModelInfo]:
    """Every model, oldest first, with its metadata and whether it is the one in use."""
    current = active_path()
    infos = [ModelInfo(path.stem.removeprefix("triage-"), path, _meta(path), shipped, path == current)
             for path, shipped in _files()]
    return sorted(infos, key=lambda i: (i.meta.get("trained_at", ""), i.version))


def promote(version: str, reason: str = "handmatig") -> Path:
    """Put a model in use; the one before it goes on the history (for rollback)."""
    path = find(version)
    state = _state()
    previous = state.get("version") or active_version()
    if previous == version:
        raise TriageError(f"Model {version} is al in gebruik.")
    state = {"version": version, "reason": reason, "since": _now(),
             "history": [*state.get("history", []), {"version": previous, "until": _now()}]}
    _write_state(state)
    write_register_entry(path)
    _refresh_entry(previous)
    return path


def rollback() -> Path:
    """Go back to the model that was in use before the current one."""
    state = _state()
    history = list(state.get("history", []))
    while history:
        previous = history.pop()["version"]
        try:
            path = find(previous)
        except TriageError:
            continue        # that file was removed by hand: go further back
        retired = state.get("version")
        _write_state({"version": previous, "reason": f"terugzetten van {retired}", "since": _now(),
                      "history": history})
        write_register_entry(path)
        _refresh_entry(retired)
        return path
    raise TriageError("Er is geen eerder model om naar terug te gaan.")


def record_evaluation(path: Path, evaluation: dict) -> None:
    """Store measured scores in a model's metadata and register entry."""
    meta = _meta(path)
    meta["evaluation"] = {**meta.get("evaluation", {}), **evaluation}
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_register_entry(path, shipped_too=True)


def _refresh_entry(version: str | None) -> None:
    if version:
        try:
            write_register_entry(find(version))
        except TriageError:
            pass


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------------- register entry
def register_entry(path: Path) -> dict:
    """The model's entry for the Algoritmeregister (field names of the Publicatiestandaard), one
    registration per organisation that uses it, filled from the model's own metadata."""
    meta = _meta(path)
    in_use = path == active_path()
    scores = meta.get("evaluation", {})
    started = (meta.get("trained_at") or "")[:7]
    common = {
        "Naam": "Triage van meldingen over veiligheid en leefbaarheid (Het Nieuwe Melden)",
        "Korte omschrijving": (
            "Een computer leest de tekst van een melding van een inwoner en stelt een onderwerp en een "
            "urgentie voor. Een medewerker beslist. Bij mogelijk gevaar vraagt de chat of er nu iemand in "
            "gevaar is en raadt 112 aan."),
        "Thema": "Openbare orde en veiligheid",
        "Status": "In gebruik" if in_use else "Buiten gebruik",
        "Begindatum": started,
        "Einddatum": "" if in_use else datetime.now(timezone.utc).strftime("%Y-%m"),
        "Publicatiecategorie": "Impactvolle algoritmes",
        "Doel en impact": (
            "Doel: meldingen sneller bij het juiste team krijgen en spoed nooit missen. Het voorstel bepaalt "
            "welk team de melding eerst ziet en of die bovenaan de spoedlijst staat. Het neemt geen besluit "
            "over een inwoner."),
        "Afwegingen": (
            "Een gemist noodgeval weegt zwaarder dan een melding die onnodig als spoed binnenkomt: bij twijfel "
            "over gevaar vraagt de chat het de inwoner en zet het systeem de melding bovenaan voor een "
            "medewerker. Het model ziet geen naam, adres of contactgegevens; alleen de tekst."),
        "Menselijke tussenkomst": (
            "Het model stelt voor, een medewerker beslist. Elk voorstel toont de woorden waarop het is "
            "gebaseerd; een voorstel onder de betrouwbaarheidsdrempel en elke melding met mogelijk gevaar "
            "wordt gemarkeerd voor beoordeling. De inwoner kan het voorgestelde onderwerp in de chat altijd "
            "wijzigen. Correcties van medewerkers worden vastgelegd en gebruikt om het model te verbeteren."),
        "Risicobeheer": (
            "Een vast Nederlands vangnet van patronen voor gevaar voor mensen (brand, geweld, wapens, water, "
            "vermissing, zelfdoding, medische nood, ...) werkt los van het model. Een nieuw model wordt alleen "
            "in gebruik genomen als het op een vaste evaluatieset niet slechter is in het herkennen van spoed "
            "en beter in het geheel; het vorige model blijft bewaard en kan worden teruggezet. Beheerders en "
            "managers zien de nauwkeurigheid per categorie, buurt, kanaal en tekstlengte."),
        "Wettelijke basis": "Zie docs/privacy.md (verwerkingsregister) van het project.",
        "Gegevens": (
            f"Training: een synthetisch corpus ({meta.get('corpus_rows', '?')} zelfgeschreven teksten), "
            f"{meta.get('dev_rows', 0)} onafhankelijk geschreven voorbeeldteksten en "
            f"{meta.get('extra_rows', 0)} door medewerkers gecorrigeerde meldingen (tekst, onderwerp, "
            "urgentie). Geen persoonsgegevens van melders."),
        "Technische werking": (
            "Tekst wordt genormaliseerd (kleine letters, accenten, sms-taal, tikfouten in gevaarwoorden) en "
            "omgezet in woord- en lettercombinaties (TF-IDF). Lineaire modellen (scikit-learn "
            f"{meta.get('sklearn_version', '?')}) geven de hoofdcategorie met gekalibreerde zekerheid, de "
            "subcategorie, de urgentie en de kans op een noodgeval. Drempels: "
            + threshold_text(meta.get("thresholds") or {}) + "."),
        "Gemeten nauwkeurigheid": scores or "nog niet gemeten",
        "Leverancier": "Eigen ontwikkeling (HNM Dashboard)",
        "Link naar broncode": "services/triage/ in de repository van HNM Dashboard",
        "Taal": "nl",
        "Schema": REGISTER_STANDARD,
        "Bron-ID": f"hnm-triage-{meta.get('version', path.stem)}",
        "Zoektermen": ["meldingen", "triage", "spoed", "openbare ruimte", "politie", "gemeente"],
        "Modelversie": meta.get("version", path.stem.removeprefix("triage-")),
    }
    organisations = {
        "gemeente": "Gemeente (behandelt de gedeelde meldingen over de openbare ruimte)",
        "politie": "Politie (behandelt de meldingen over veiligheid en criminaliteit)",
    }
    return {"standaard": REGISTER_STANDARD,
            "bron": "gegenereerd uit de metadata van het model (services/triage/registry.py)",
            "registraties": [{**common, "Organisatie": name, "Contactgegevens": f"privacy-{code}@example.invalid"}
                             for code, name in organisations.items()]}


def register_path(path: Path) -> Path:
    return path.with_name(path.stem + REGISTER_SUFFIX)


def write_register_entry(path: Path, *, shipped_too: bool = False) -> Path:
    """(Re)write the model's register entry. A shipped model's entry (in git) is written when it is
    trained or its scores are recorded, not when the registry's models are promoted around it."""
    out = register_path(path)
    if path.parent.resolve() == SHIPPED_DIR.resolve() and not shipped_too:
        return out
    out.write_text(json.dumps(register_entry(path), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
