"""Content themes: what a thread, post or room message talks about, so readers can choose what to fold.

Authors tag their words with themes from this fixed list; each reader picks the themes they want
collapsed (forum/services/preferences.py). Stored as a short comma-separated text, in list order.
"""
from __future__ import annotations

from forum.services.errors import Invalid

# Labels are worded gently: they are what a reader sees on a folded item.
THEMES = {
    "self_harm": "Self-harm",
    "suicide": "Suicidal thoughts",
    "substance_use": "Substance use",
    "trauma": "Trauma",
    "abuse": "Abuse",
    "eating": "Eating and food",
    "grief": "Grief and loss",
}


def clean_themes(value: object, field: str = "themes") -> list[str]:
    """A list of known theme keys from what a client sent (None: no themes), in THEMES order."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise Invalid("Themes are a list of theme names.", field=field)
    unknown = sorted(set(value) - THEMES.keys())
    if unknown:
        raise Invalid(f"Unknown theme: {', '.join(unknown)[:100]}. Themes are {', '.join(THEMES)}.", field=field)
    return [key for key in THEMES if key in value]


def to_text(themes: list[str]) -> str:
    return ",".join(themes)


def from_text(text: str | None) -> list[str]:
    return [key for key in (text or "").split(",") if key in THEMES]


def labels(themes: list[str]) -> list[str]:
    return [THEMES[key] for key in themes]
