"""Labels of the data-use register's controlled values, French then English (pages and templates)."""

from __future__ import annotations

KINDS = {
    "project": ("Projet", "Project"),
    "pilot": ("Projet pilote", "Pilot"),
    "challenge": ("Challenge", "Challenge"),
}
STATUSES = {
    "requested": ("Demandé", "Requested"),
    "authorised": ("Autorisé", "Authorised"),
    "running": ("En cours", "Running"),
    "finished": ("Terminé", "Finished"),
}
OUTPUTS = {
    "publication": ("Publication", "Publication"),
    "code": ("Code", "Code"),
    "results": ("Résultats", "Results"),
    "report": ("Rapport", "Report"),
    "other": ("Autre", "Other"),
}
