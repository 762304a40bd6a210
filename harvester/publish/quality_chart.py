"""The score's axes as a small inline SVG bar chart, drawn here (nothing to vendor, works offline),
always next to its text equivalent: the same figures in a list screen readers and printers read."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from harvester.quality.dqv import dimension_labels

_BAR, _GAP, _LABEL, _WIDTH = 14, 6, 170, 140  # pixels: bar height, gap, label column, bar length


def axes_chart(dimensions: Mapping[str, Mapping[str, int]]) -> Markup:
    """`dimensions`: {name: {"points": got, "max": possible}}, as in build/quality.json."""
    labels = dimension_labels()
    rows = [(name, labels.get(name, (name, name)), _share(value)) for name, value in dimensions.items()]
    height = len(rows) * (_BAR + _GAP)
    width = _LABEL + _WIDTH + 40
    parts = [
        Markup(
            '<figure class="hdc-axes"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
            'aria-label="Axes du score de qualité / quality score axes" width="{0}" height="{1}" '
            'viewBox="0 0 {0} {1}">'
        ).format(width, height)
    ]
    for index, (name, (label, _), share) in enumerate(rows):
        y = index * (_BAR + _GAP)
        parts.append(
            Markup(
                '<g class="hdc-axis hdc-axis-{}"><text x="0" y="{}" font-size="11">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#e0e0e0"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{} %</text></g>'
            ).format(
                name,
                y + _BAR - 3,
                label,
                _LABEL,
                y,
                _WIDTH,
                _BAR,
                _LABEL,
                y,
                round(_WIDTH * share / 100),
                _BAR,
                _colour(share),
                _LABEL + _WIDTH + 4,
                y + _BAR - 3,
                share,
            )
        )
    parts.append(Markup("</svg>"))
    # The text equivalent: the same figures, with the points.
    parts.append(Markup('<figcaption><ul class="hdc-axes-text">'))
    for name, (label, label_en), share in rows:
        points = dimensions[name]
        parts.append(
            Markup('<li>{} <span lang="en">({})</span> : {} % ({}/{} points)</li>').format(
                label, label_en, share, points.get("points", 0), points.get("max", 0)
            )
        )
    parts.append(Markup("</ul></figcaption></figure>"))
    return Markup("").join(parts)


def _share(value: Mapping[str, int]) -> int:
    possible = value.get("max", 0)
    return round(100 * value.get("points", 0) / possible) if possible else 0


def _colour(share: int) -> str:
    # Colour repeats what the length and the figure say; it is never the only cue.
    return "#2e7d32" if share >= 80 else "#f9a825" if share >= 50 else "#c62828"
