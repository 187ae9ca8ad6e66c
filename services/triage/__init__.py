"""Automatic triage of residents' reports: category, urgency and routing proposals.

    from services.triage import classify
    p = classify("er wordt ingebroken bij de buren, ze zijn nu binnen!")
    p.sub_slug, p.urgent, p.life_threatening, p.to_dict()
"""
from .model import (
    TriageError,
    TriageModel,
    TriageProposal,
    classify,
    default_model_path,
    get_model,
    load_model,
    set_model,
    train_model,
)

__all__ = [
    "TriageError",
    "TriageModel",
    "TriageProposal",
    "classify",
    "default_model_path",
    "get_model",
    "load_model",
    "set_model",
    "train_model",
]
