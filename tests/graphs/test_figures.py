"""The diagrams of figures/ (symconv.graphs.figures.DIAGRAMS): highlights counted by hand, titles through the catalogue.

The seed's four figures are checked against the seed's own Mermaid in
tests/graphs/test_renderers.py; here the generalisations are checked against
receptive fields worked out by hand, and the table's functions against the
renderers they join.
"""

from __future__ import annotations

import pytest
from _chinese import by_catalogue

from symconv import SymconvError
from symconv.graphs import DIAGRAMS, SEED_FIGURES, Diagram, diagram, diagram_figure, diagram_mermaid, seed_diagram
from symconv.graphs import to_mermaid


def test_the_table_holds_the_seed_figures_and_their_generalisations():
    seeds = [name for name in DIAGRAMS if name.startswith("seed/")]
    assert sorted(DIAGRAMS[name] for name in seeds) == sorted(SEED_FIGURES)
    for name in seeds:  # a seed's path names its figure, with dashes
        assert name == "seed/" + DIAGRAMS[name].replace("_", "-")
    assert [name for name in DIAGRAMS if not name.startswith("seed/")] == [
        "diagrams/stride-2", "diagrams/dilated-stack", "diagrams/depth-3"
    ]


def test_the_seed_entries_are_the_seed_diagrams():
    for name, seed in DIAGRAMS.items():
        if isinstance(seed, str):
            for lang in ("en", "zh"):
                assert to_mermaid(diagram(name, lang)) == to_mermaid(seed_diagram(seed, language=lang))


def test_kernel_3_stride_2_reads_three_inputs_per_output():
    (sparse, full) = diagram("diagrams/stride-2").panels
    # 7 inputs, kernel 3, stride 2, padding 1: (7 + 2 - 3) // 2 + 1 = 4 outputs
    assert sparse.graph.graph["sizes"] == [7, 4] == full.graph.graph["sizes"]
    assert len(sparse.highlight) == 1 + 3  # one output and the three inputs it reads
    assert len(full.highlight) == 1 + 7  # fully connected: every input
    assert sparse.graph.number_of_edges() == 4 * 3 - 2  # two taps land in the padding


def test_the_dilated_stack_sees_the_whole_input():
    (panel,) = diagram("diagrams/dilated-stack").panels
    # dilations 1, 2, 4 without padding: 15 -> 13 -> 9 -> 1; receptive field 1 + 2 (1 + 2 + 4) = 15
    assert panel.graph.graph["sizes"] == [15, 13, 9, 1]
    by_layer = {}
    for layer, _ in panel.highlight:
        by_layer[layer] = by_layer.get(layer, 0) + 1
    # the top unit reads 3 units 4 apart, each 3 units 2 apart (7 distinct), each 3 neighbours (15)
    assert by_layer == {3: 1, 2: 3, 1: 7, 0: 15}


def test_three_layers_grow_the_receptive_field_by_two_each():
    (panel,) = diagram("diagrams/depth-3").panels
    assert panel.graph.graph["sizes"] == [7, 7, 7, 7]
    assert len(panel.highlight) == 1 + 3 + 5 + 7


@pytest.mark.parametrize("name", [name for name in DIAGRAMS if not name.startswith("seed/")])
def test_titles_come_from_the_catalogue(name):
    english, chinese = diagram(name, "en"), diagram(name, "zh")
    assert isinstance(english, Diagram) and isinstance(chinese, Diagram)
    assert [p.title for p in chinese.panels] == [by_catalogue(p.title) for p in english.panels]
    assert [p.graph.graph["sizes"] for p in chinese.panels] == [p.graph.graph["sizes"] for p in english.panels]


@pytest.mark.parametrize("name", list(DIAGRAMS))
def test_mermaid_and_figure_are_the_renderers_of_the_diagram(name):
    for lang in ("en", "zh"):
        assert diagram_mermaid(name, lang) == to_mermaid(diagram(name, lang))
    figure = diagram_figure(name)
    texts = [t.get_text() for t in figure.axes[0].texts]
    titles = [p.title for p in diagram(name).panels]
    assert [text for text in texts if text in titles] == titles  # English, one per panel
    labels = {data["label"] for p in diagram(name).panels for _, data in p.graph.nodes(data=True)}
    assert set(texts) == labels | set(titles)


def test_unknown_names_and_languages_are_refused():
    with pytest.raises(SymconvError, match=r"name: expected one of seed/sparse-from-below, .*got 'seed/nope'") as caught:
        diagram("seed/nope")
    assert caught.value.parameter == "name"
    with pytest.raises(SymconvError, match=r"lang: expected 'en' or 'zh', got 'fr'"):
        diagram("diagrams/depth-3", "fr")
    with pytest.raises(SymconvError, match=r"name: expected one of"):
        diagram_mermaid("nope")
    with pytest.raises(SymconvError, match=r"name: expected one of"):
        diagram_figure("nope")
