"""What the pictures of symconv.plots write, by role, and the same put into Chinese through the catalogue."""

from __future__ import annotations

from _chinese import by_catalogue

from symconv.plots import ReceptivePicture


def texts_of(picture) -> dict:
    """Every text the figures write, by role."""
    ax = picture.ax
    legend = ax.get_legend()
    return {
        "title": ax.get_title(loc="left") or ax.get_title(),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "legend": [text.get_text() for text in legend.get_texts()] if legend else [],
        "rows": [tick.get_text() for tick in ax.get_yticklabels()] if isinstance(picture, ReceptivePicture) else [],
        "labels": [text.get_text() for text in picture.labels],
    }


def in_chinese(english: dict) -> dict:
    """The English figure's texts put into Chinese through the catalogue, piece by piece."""
    title = english["title"].split("\n")
    title[1:] = ["，".join(map(by_catalogue, line.split(", "))) for line in title[1:]]  # the geometry line is a list
    return {
        "title": "\n".join([by_catalogue(title[0]), *title[1:]]),
        "xlabel": by_catalogue(english["xlabel"]) if english["xlabel"] else "",
        "ylabel": by_catalogue(english["ylabel"]) if english["ylabel"] else "",
        "legend": [by_catalogue(text) for text in english["legend"]],
        "rows": [by_catalogue(text) if " " in text or text == "input" else text for text in english["rows"]],
        "labels": [
            text if text.startswith("$") or text.isdigit() else by_catalogue(text) for text in english["labels"]
        ],
    }
