"""The connectivity figures of ``figures/``: the seed notes' four and their generalisations.

These join builders and renderers for ``symconv build``:

- :data:`SEED_FIGURES`: each of the seed's four figures is one call of a
  diagram builder with the seed's arguments; the highlights are computed
  from the graphs (:func:`seed_diagram`, :func:`seed_diagrams`,
  :func:`seed_figure`, :func:`seed_figure_bytes`);
- :data:`DIAGRAMS`: every diagram the build writes -- the four seed figures
  and their generalisations (kernel 3 with stride 2, a dilated stack, three
  layers) -- each a :class:`~symconv.graphs.Diagram` in English or Chinese
  (:func:`diagram`), written in every format the renderer registry marks as
  built (:mod:`symconv.graphs.renderers`).

Nothing here computes a size or writes a file.

References
----------
.. [1] Seed note 000 (sparse interactions, parameter sharing, indirect
   interaction), after I. Goodfellow, Y. Bengio, A. Courville, *Deep
   Learning*, figs. 9.2-9.5.
"""

from __future__ import annotations

from .._errors import SymconvError
from .._i18n import check_lang, translate
from .._validate import short
from .diagrams import (
    Diagram,
    inputs_affecting_diagram,
    outputs_affected_diagram,
    parameter_sharing_diagram,
    receptive_field_diagram,
)

__all__ = [
    "SEED_FIGURES",
    "seed_diagram",
    "seed_diagrams",
    "seed_figure",
    "seed_figure_bytes",
    "DIAGRAMS",
    "diagram",
    "diagram_mermaid",
    "diagram_figure",
]

# name -> (builder, the seed's arguments, English titles, the notes' own titles)
SEED_FIGURES = {
    "sparse_from_below": (
        outputs_affected_diagram,
        dict(n_inputs=5, layers=[(3, 1, 1)], node="x3"),
        ("sparse connectivity", "full connectivity"),
        ("稀疏连接", "全连接"),
    ),
    "sparse_from_above": (
        inputs_affecting_diagram,
        dict(n_inputs=5, layers=[(3, 1, 1)], node="s3"),
        ("sparse connectivity", "full connectivity"),
        ("稀疏连接", "全连接"),
    ),
    "receptive_field": (
        receptive_field_diagram,
        dict(n_inputs=5, layers=[(3, 1, 1), (3, 1, 1)], node="g3"),
        ("indirect interaction",),
        ("间接交互",),
    ),
    "parameter_sharing": (
        parameter_sharing_diagram,
        dict(n_inputs=5, layers=[(3, 1, 1)], tap=1),
        ("parameter sharing", "full connectivity"),
        ("参数共享", "全连接"),
    ),
}


def seed_diagram(name: str, *, language: str = "en") -> Diagram:
    """One of the seed's four diagrams, by name (see :data:`SEED_FIGURES`).

    Parameters
    ----------
    name : {"sparse_from_below", "sparse_from_above", "receptive_field", "parameter_sharing"}
    language : {"en", "zh"}, default "en"
        Panel titles in English or as in the notes (Chinese).

    Returns
    -------
    Diagram

    Raises
    ------
    SymconvError
        An unknown name or language.

    Examples
    --------
    >>> [p.title for p in seed_diagram("parameter_sharing", language="zh").panels]
    ['参数共享', '全连接']
    """
    if name not in SEED_FIGURES:
        raise SymconvError(f"name: expected one of {sorted(SEED_FIGURES)}, got {name!r}", parameter="name")
    if not isinstance(language, str) or language not in ("en", "zh"):
        raise SymconvError(f"language: expected 'en' or 'zh', got {short(language)}", parameter="language")
    builder, arguments, english, chinese = SEED_FIGURES[name]
    titles = english if language == "en" else chinese
    if builder is receptive_field_diagram:
        return builder(**arguments, title=titles[0])
    return builder(**arguments, titles=titles)


def seed_diagrams(*, language: str = "zh") -> dict[str, str]:
    """The four seed figures as Mermaid text, titled as in the notes by default.

    Parameters
    ----------
    language : {"zh", "en"}, default "zh"

    Returns
    -------
    dict
        ``{name: Mermaid text}`` for the names of :data:`SEED_FIGURES`.

    Examples
    --------
    >>> texts = seed_diagrams()
    >>> sorted(texts)
    ['parameter_sharing', 'receptive_field', 'sparse_from_above', 'sparse_from_below']
    >>> texts["receptive_field"].splitlines()[6:8]  # after the front matter
    ['graph TD', '    subgraph 间接交互']
    """
    from .mermaid import to_mermaid

    return {name: to_mermaid(seed_diagram(name, language=language)) for name in SEED_FIGURES}


def seed_figure(name: str, *, direction=None):
    """A seed figure drawn with matplotlib (English titles: the default fonts lack CJK glyphs).

    Parameters
    ----------
    name : str
        A key of :data:`SEED_FIGURES`.
    direction : str, optional
        Override the diagram's direction.

    Returns
    -------
    matplotlib.figure.Figure
        Nothing is shown or saved.

    Raises
    ------
    SymconvError
        An unknown name.

    Examples
    --------
    >>> seed_figure("sparse_from_below").axes[0].texts[-1].get_text()
    'full connectivity'
    """
    from .draw_mpl import draw

    return draw(seed_diagram(name, language="en"), direction=direction).figure


def seed_figure_bytes(name: str, fmt: str = "svg", *, direction=None) -> bytes:
    """A seed figure as file bytes (SVG, PNG or PDF), identical from run to run.

    Parameters
    ----------
    name : str
        A key of :data:`SEED_FIGURES`.
    fmt : {"svg", "png", "pdf"}, default "svg"
    direction : str, optional

    Returns
    -------
    bytes

    Raises
    ------
    SymconvError
        An unknown name or format.

    Examples
    --------
    >>> svg = seed_figure_bytes("receptive_field")
    >>> svg == seed_figure_bytes("receptive_field"), svg[:5]
    (True, b'<?xml')
    """
    from .._output.savefig import figure_bytes, figure_format

    figure_format(fmt)  # refused before the figure is drawn
    return figure_bytes(seed_figure(name, direction=direction), fmt)


# ----------------------------------------------------------------------------
# every diagram of figures/: the seed's four and their generalisations
# ----------------------------------------------------------------------------

_SEEDS = {
    "seed/sparse-from-below": "sparse_from_below",
    "seed/sparse-from-above": "sparse_from_above",
    "seed/receptive-field": "receptive_field",
    "seed/parameter-sharing": "parameter_sharing",
}


def _stride_2(lang):
    titles = (translate("kernel 3, stride 2", lang), translate("full connectivity", lang))
    return inputs_affecting_diagram(7, [(3, 2, 1)], titles=titles)


def _dilated_stack(lang):
    layers = [(3, 1, 0, 1), (3, 1, 0, 2), (3, 1, 0, 4)]
    return receptive_field_diagram(15, layers, title=translate("dilations 1, 2, 4", lang))


def _depth_3(lang):
    return receptive_field_diagram(7, [(3, 1, 1)] * 3, title=translate("three layers", lang))


#: Diagram name (its path under ``figures/`` without suffix) -> builder taking the language
#: (a str: the name of a seed figure of :data:`SEED_FIGURES`).
DIAGRAMS = {
    **_SEEDS,
    "diagrams/stride-2": _stride_2,
    "diagrams/dilated-stack": _dilated_stack,
    "diagrams/depth-3": _depth_3,
}


def diagram(name: str, lang: str = "en"):
    """One diagram of :data:`DIAGRAMS`, titled in ``lang``.

    The seed diagrams carry the notes' own titles in Chinese
    (:func:`seed_diagram`); the others translate theirs with
    :mod:`symconv._i18n`.

    Parameters
    ----------
    name : str
        A key of :data:`DIAGRAMS`, e.g. ``"seed/receptive-field"``.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    symconv.graphs.Diagram

    Raises
    ------
    SymconvError
        An unknown name or language.

    Examples
    --------
    >>> [p.title for p in diagram("diagrams/stride-2").panels]
    ['kernel 3, stride 2', 'full connectivity']
    >>> [p.title for p in diagram("seed/parameter-sharing", "zh").panels]
    ['参数共享', '全连接']
    """
    check_lang(lang)
    if name not in DIAGRAMS:
        raise SymconvError(f"name: expected one of {', '.join(DIAGRAMS)}, got {name!r}", parameter="name")
    builder = DIAGRAMS[name]
    if isinstance(builder, str):
        return seed_diagram(builder, language=lang)
    return builder(lang)


def diagram_mermaid(name: str, lang: str = "en") -> str:
    """The Mermaid text of :func:`diagram` ``(name, lang)``.

    Examples
    --------
    >>> diagram_mermaid("seed/receptive-field", "zh").splitlines()[6:8]
    ['graph TD', '    subgraph 间接交互']
    """
    from .mermaid import to_mermaid

    return to_mermaid(diagram(name, lang))


def diagram_figure(name: str):
    """:func:`diagram` ``(name)`` drawn with matplotlib (English: the default fonts have no CJK glyphs).

    Examples
    --------
    >>> diagram_figure("diagrams/depth-3").axes[0].texts[-1].get_text()
    'three layers'
    """
    from .draw_mpl import draw

    return draw(diagram(name, "en")).figure
