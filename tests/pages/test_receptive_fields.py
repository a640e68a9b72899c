"""The page receptive-fields: the published receptive fields of LeNet-5, AlexNet and VGG-16."""

from __future__ import annotations


def test_receptive_field_page_has_the_published_tables(render):
    text = render("receptive-fields")
    # Araujo et al. (Distill 2019) and the networks' own docs: VGG-16 pool5 212 / 32 / 90 on 224
    assert "| pool5 | pool | 7 | 212 | 32 | 90 |" in text
    assert "| C5 | conv | 1 | 32 | 4 | 0 |" in text  # LeNet-5
    assert "| conv1 | conv | 55 | 11 | 4 | 2 |" in text  # torchvision AlexNet
    assert "| pool5 | 池化 | 7 | 212 | 32 | 90 |" in render("receptive-fields", "zh")


def test_the_receptive_field_is_a_span_and_the_inputs_that_count_are_shown():
    from symconv.pages import receptive_fields

    page = receptive_fields.make()
    table = next(step.table for step in page if step.title == "Span and inputs that count")
    rows = {row[0]: row[1:] for row in table.rows}
    # two 3-tap layers with dilation 2: span 9 (closed form and graph), but only every other input is read
    assert rows["(3, 1, 0, 2), (3, 1, 0, 2)"] == (9, 9, 5)
    assert rows["(3, 1, 0, 1), (3, 1, 0, 2), (3, 1, 0, 4)"] == (15, 15, 15)  # dilations 1, 2, 4: no gaps
    assert rows["(2, 3, 0), (2, 1, 0)"] == (5, 5, 4)  # a stride larger than the kernel leaves gaps too
    checks = page.check()
    assert checks["two 3-tap layers with dilation 2: span 9, 5 inputs"]
    assert checks["inputs that count < span for [(3, 1, 0, 2), (3, 1, 0, 2)]"]
    assert "every input element that can affect it" not in render_text(page)
    assert "*span*" in render_text(page)


def render_text(page):
    return page.to_markdown()
