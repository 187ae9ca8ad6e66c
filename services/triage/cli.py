"""Command-line access to the triage classifier and its models.

    flask --app app triage "tekst" ["tekst" ...]      one JSON proposal per text
    flask --app app triage-train [--corrections FILE]  retrain; promote only when not worse
    flask --app app triage-models list|promote VERSION|rollback

services/cli.py registers `triage_cli_commands`. Without the app: ``python -m services.triage.cli
triage "tekst"`` (or one text per line on standard input).
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click


@click.command("triage", help="Stel categorie, urgentie en behandelaar voor bij een of meer meldteksten. "
                              "Zonder argumenten: één tekst per regel op standaardinvoer. "
                              "Uitvoer: één JSON-voorstel per tekst per regel (hoofd- en subcategorie, "
                              "urgentie, zekerheid, gevaar en de woorden waarop het voorstel rust).")
@click.argument("texts", nargs=-1)
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False),
              help="Een specifiek modelbestand (triage-<versie>.joblib).")
def triage_command(texts: tuple[str, ...], model_path: str | None) -> None:
    from .model import TriageError, classify, load_model

    model = load_model(model_path) if model_path else None
    source = texts if texts else (line.rstrip("\r\n") for line in sys.stdin)
    failed = False
    for text in source:
        if not texts and not text.strip():
            continue  # blank lines on stdin are skipped
        try:
            proposal = classify(text, model=model)
        except TriageError as exc:
            click.echo(json.dumps({"error": str(exc), "text": text}, ensure_ascii=False))
            failed = True
            continue
        click.echo(json.dumps(proposal.to_dict(), ensure_ascii=False))
    if failed:
        sys.exit(1)


def read_corrections(path: str | Path) -> list[tuple[str, str, bool]]:
    """Read a CSV with columns text,sub_slug,urgent (urgent: 1/0, true/false, ja/nee)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        missing = {"text", "sub_slug", "urgent"} - set(reader.fieldnames or [])
        if missing:
            raise click.BadParameter(f"kolommen ontbreken in {path}: {', '.join(sorted(missing))}")
        for r in reader:
            rows.append((r["text"], r["sub_slug"].strip(),
                         str(r["urgent"]).strip().lower() in ("1", "true", "ja", "yes", "spoed")))
    return rows


def _sessions():
    from flask import current_app

    return current_app.extensions["hnm_sessions"]


def _scores_line(label: str, scores: dict) -> str:
    main, urgent, false_urgent = (scores[k] for k in ("main_accuracy", "urgent_recall", "false_urgent"))
    return (f"  {label:22} hoofdcategorie {main['value']:.1%} (n={main['n']}), spoed-recall "
            f"{urgent['value']:.1%} (n={urgent['n']}), onterecht spoed {false_urgent['value']:.1%} (n={false_urgent['n']})")


@click.command("triage-train", help="Train een kandidaat-model op corpus, dev-set en de correcties van "
                                    "medewerkers (en geïmporteerde historie met tekst); neem het alleen in "
                                    "gebruik als het niet slechter is (zie docs/triage.md).")
@click.option("--corrections", type=click.Path(exists=True, dir_okay=False),
              help="Een CSV met extra correcties (kolommen text,sub_slug,urgent), naast die uit de database.")
@click.option("--no-imports", is_flag=True, help="Geïmporteerde historie niet meenemen.")
def triage_train_command(corrections: str | None, no_imports: bool) -> None:
    from .model import TriageError
    from .retrain import retrain_and_maybe_promote

    extra = read_corrections(corrections) if corrections else []
    try:
        result = retrain_and_maybe_promote(_sessions(), include_imports=not no_imports, extra=extra)
    except TriageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"kandidaat {result.candidate_version} tegen huidig {result.current_version} "
               f"(getraind met {result.trained_on}):")
    for label, comparison in (("huidig", result.current), ("kandidaat", result.candidate)):
        click.echo(f" {label}")
        click.echo(_scores_line("vaste evaluatieset", comparison.fixed))
        click.echo(_scores_line("recente correcties", comparison.recent))
    click.echo(("IN GEBRUIK GENOMEN: " if result.promoted else "niet in gebruik genomen: ") + result.reason)


@click.group("triage-models", help="De triagemodellen: tonen, in gebruik nemen, terugzetten.")
def triage_models_group() -> None:
    """Model registry commands."""


@triage_models_group.command("list", help="Alle modellen met hun versie, training en gemeten scores.")
def list_command() -> None:
    from .registry import list_models

    for info in list_models():
        meta = info.meta
        scores = meta.get("evaluation") or {}
        fixed = scores.get("vaste_evaluatieset") or scores.get("holdout") or {}
        main = fixed.get("main_accuracy", {}).get("value")
        flag = "*" if info.active else " "
        where = "meegeleverd" if info.shipped else "register"
        click.echo(f"{flag} {info.version:28} {where:11} getraind {meta.get('trained_at', '?'):25} "
                   f"correcties {meta.get('extra_rows', 0):5} "
                   + (f"hoofdcategorie {main:.1%}" if main is not None else "niet gemeten"))
    click.echo("(* = in gebruik)")


def _audit(action: str, version: str, detail: str) -> None:
    from data_access.db import transaction
    from data_access.models import AuditLog

    with transaction(_sessions()) as session:
        session.add(AuditLog(username="cli", action=action, object_type="triage_model", object_id=version[:40],
                             detail=detail))


@triage_models_group.command("promote", help="Neem een model in gebruik (het vorige blijft bewaard).")
@click.argument("version")
def promote_command(version: str) -> None:
    from .model import TriageError
    from .registry import promote

    try:
        promote(version, reason="handmatig via triage-models promote")
    except TriageError as exc:
        raise click.ClickException(str(exc)) from exc
    _audit("triage_model_promote", version, "handmatig in gebruik genomen")
    click.echo(f"Model {version} is in gebruik (elk proces neemt het binnen een minuut over).")


@triage_models_group.command("rollback", help="Zet het model terug dat hiervoor in gebruik was.")
def rollback_command() -> None:
    from .model import TriageError
    from .registry import rollback

    try:
        path = rollback()
    except TriageError as exc:
        raise click.ClickException(str(exc)) from exc
    version = path.stem.removeprefix("triage-")
    _audit("triage_model_rollback", version, "teruggezet")
    click.echo(f"Teruggezet: model {version} is weer in gebruik.")


triage_cli_commands = [triage_command, triage_train_command, triage_models_group]


@click.group()
def main() -> None:
    """Triage classifier (HNM Dashboard)."""


main.add_command(triage_command)


if __name__ == "__main__":
    main()
