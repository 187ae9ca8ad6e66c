"""Command-line access to the triage classifier.

The app owner registers ``triage_cli_commands`` with Flask (``flask --app app triage "tekst"``);
for local use: ``python -m services.triage.cli triage "tekst"`` or
``echo "tekst" | python -m services.triage.cli triage``.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click


@click.command("triage", help="Stel categorie, urgentie en behandelaar voor bij een of meer meldteksten. "
                              "Zonder argumenten: één tekst per regel op standaardinvoer. "
                              "Uitvoer: één JSON-voorstel per tekst per regel.")
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


@click.command("triage-train", help="Train het triagemodel opnieuw op het corpus plus correcties "
                                    "van medewerkers; schrijft een nieuw versiebestand.")
@click.option("--corrections", type=click.Path(exists=True, dir_okay=False),
              help="CSV met kolommen text,sub_slug,urgent (correcties van medewerkers).")
@click.option("--out-dir", type=click.Path(file_okay=False), default=None,
              help="Map voor het nieuwe model (standaard: services/triage/model).")
def triage_train_command(corrections: str | None, out_dir: str | None) -> None:
    from .evaluate import evaluate
    from .model import HOLDOUT_PATH, TriageError, load_model, read_corpus, train_model

    extra = read_corrections(corrections) if corrections else []
    try:
        path = train_model(extra, out_dir=out_dir)
    except TriageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"nieuw model: {path}")
    scores = evaluate(load_model(path), read_corpus(HOLDOUT_PATH))
    click.echo(f"hold-out ({scores.n} handgeschreven teksten, nooit getraind): "
               f"hoofdcategorie {scores.main_accuracy:.1%}, subcategorie {scores.sub_accuracy:.1%}, "
               f"spoed-recall {scores.urgent_recall:.1%}")


triage_cli_commands = [triage_command, triage_train_command]


@click.group()
def main() -> None:
    """Triage classifier (HNM Dashboard)."""


for _cmd in triage_cli_commands:
    main.add_command(_cmd)


if __name__ == "__main__":
    main()
