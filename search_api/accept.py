"""The media types an `Accept` header asks for, most wanted first (RFC 9110 q-values)."""

from __future__ import annotations


def preferred(accept: str) -> list[str]:
    """Lower-cased types by q-value, then by their order in the header; `q=0` means not wanted."""
    choices = []
    for position, part in enumerate(accept.split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for parameter in pieces[1:]:
            if parameter.startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if pieces[0] and quality > 0:
            choices.append((-quality, position, pieces[0].lower()))
    return [media_type for _, _, media_type in sorted(choices)]
