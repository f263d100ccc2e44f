"""The audit report as JSON: the report's data, as is."""

from __future__ import annotations

import json
from dataclasses import asdict

from .model import Report


def render_json(report: Report) -> str:
    return json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n"
