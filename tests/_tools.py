"""External tools some tests drive: a TeX engine and mermaid in headless Chromium.

CI installs them and sets ``SYMCONV_REQUIRE_TOOLS=1``; then a missing tool
fails the test.  On a machine without them (and without the variable) the
tests skip with the reason.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MERMAID_JS = Path(
    os.environ.get("SYMCONV_MERMAID_JS", ROOT / ".ci" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
    "--virtual-time-budget=60000",
    "--dump-dom",
]


def tools_required() -> bool:
    return os.environ.get("SYMCONV_REQUIRE_TOOLS", "") not in ("", "0")


def need(available: bool, what: str) -> None:
    """Fail when CI requires the tool and it is missing; skip otherwise."""
    if available:
        return
    message = f"{what} is not installed (CI installs it: see .ci/run)"
    if tools_required():
        pytest.fail(f"SYMCONV_REQUIRE_TOOLS is set but {message}")
    pytest.skip(message)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="{script}"></script>
<pre id="out">PENDING</pre>
<script>
const diagrams = {diagrams};
mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
(async () => {{
  const results = [];
  for (let i = 0; i < diagrams.length; i++) {{
    try {{
      const {{svg}} = await mermaid.render("diagram" + i, diagrams[i]);
      results.push({{ok: true, svg: svg}});
    }} catch (error) {{
      results.push({{ok: false, error: String(error && error.message || error)}});
    }}
  }}
  document.getElementById("out").textContent = JSON.stringify(results);
}})();
</script></body></html>
"""


def render_mermaid(diagrams: list[str]) -> list[dict]:
    """Render Mermaid sources with the real mermaid library in headless Chromium.

    Returns one ``{"ok": bool, "svg" | "error": str}`` per diagram.
    """
    browser = chromium()
    need(browser is not None and MERMAID_JS.is_file(), "headless Chromium with the npm package mermaid")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "render.html"
        page.write_text(
            _PAGE.format(script=MERMAID_JS.as_uri(), diagrams=json.dumps(diagrams)), encoding="utf-8"
        )
        profile = Path(tmp) / "profile"
        proc = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=300,
        )
    match = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
    assert match, f"chromium printed no result (exit {proc.returncode}): {proc.stderr[-2000:]}"
    text = html.unescape(match.group(1))
    assert text != "PENDING", "mermaid did not finish rendering within the virtual time budget"
    return json.loads(text)


_LAYOUT_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="{script}"></script>
<div id="stage"></div>
<pre id="out">PENDING</pre>
<script>
const diagrams = {diagrams};
mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
const box = (element) => {{ const r = element.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }};
(async () => {{
  const results = [];
  const stage = document.getElementById("stage");
  for (let i = 0; i < diagrams.length; i++) {{
    try {{
      const {{svg}} = await mermaid.render("diagram" + i, diagrams[i]);
      stage.innerHTML = svg;
      const drawn = stage.querySelector("svg");
      drawn.style.maxWidth = "none";
      const prefix = "diagram" + i + "-";
      const nodes = {{}};
      for (const node of drawn.querySelectorAll("g.node")) {{
        const shape = node.querySelector("circle, rect, path, polygon");
        const label = node.querySelector(".nodeLabel, text") || node;
        const match = node.id.match(/flowchart-(.+)-\\d+$/);
        nodes[match ? match[1] : node.id.slice(prefix.length)] = {{
          box: box(node), fill: shape ? getComputedStyle(shape).fill : null, color: getComputedStyle(label).color,
          text: label.textContent,
        }};
      }}
      const clusters = {{}};
      for (const cluster of drawn.querySelectorAll("g.cluster")) {{
        clusters[cluster.id.slice(prefix.length)] = box(cluster.querySelector("rect") || cluster);
      }}
      const edges = [];
      for (const path of drawn.querySelectorAll("path.flowchart-link")) {{
        const style = getComputedStyle(path);
        edges.push({{id: path.dataset.id || path.id.slice(prefix.length), stroke: style.stroke,
                     width: parseFloat(style.strokeWidth), box: box(path), d: path.getAttribute("d")}});
      }}
      results.push({{ok: true, nodes: nodes, clusters: clusters, edges: edges}});
    }} catch (error) {{
      results.push({{ok: false, error: String(error && error.message || error)}});
    }}
  }}
  stage.innerHTML = "";
  document.getElementById("out").textContent = JSON.stringify(results);
}})();
</script></body></html>
"""


def mermaid_layout(diagrams: list[str]) -> list[dict]:
    """Where mermaid put things: render each source in headless Chromium and measure the drawn SVG.

    Returns one dict per diagram: ``ok``; ``nodes`` ``{id: {"box": [x, y, w, h], "fill", "color", "text"}}``
    (the flowchart id, e.g. ``x11``; the fill of its shape and the computed colour of its label, as CSS
    ``rgb(...)``); ``clusters`` ``{subgraph id: [x, y, w, h]}``; ``edges``, in drawing order, each
    ``{"id": "L_x11_s11_0", "stroke": "rgb(...)", "width": px, "box", "d"}``.  Boxes are the browser's
    client rectangles, in page pixels, y pointing down.
    """
    browser = chromium()
    need(browser is not None and MERMAID_JS.is_file(), "headless Chromium with the npm package mermaid")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "layout.html"
        page.write_text(_LAYOUT_PAGE.format(script=MERMAID_JS.as_uri(), diagrams=json.dumps(diagrams)), encoding="utf-8")
        proc = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=300,
        )
    match = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
    assert match, f"chromium printed no result (exit {proc.returncode}): {proc.stderr[-2000:]}"
    text = html.unescape(match.group(1))
    assert text != "PENDING", "mermaid did not finish rendering within the virtual time budget"
    return json.loads(text)


def mermaid_png(source: str, path: Path, width: int = 1400, height: int = 900) -> Path:
    """A screenshot of one Mermaid source as mermaid draws it in headless Chromium (to look at)."""
    browser = chromium()
    need(browser is not None and MERMAID_JS.is_file(), "headless Chromium with the npm package mermaid")
    page_text = (
        f'<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:white">'
        f'<script src="{MERMAID_JS.as_uri()}"></script><div id="stage"></div><script>'
        f'mermaid.initialize({{startOnLoad: false}});'
        f'mermaid.render("d", {json.dumps(source)}).then(r => {{ document.getElementById("stage").innerHTML = r.svg; }});'
        f"</script></body></html>"
    )
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "shot.html"
        page.write_text(page_text, encoding="utf-8")
        flags = [flag for flag in CHROMIUM_FLAGS if flag != "--dump-dom"]
        subprocess.run(
            [browser, *flags, f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={width},{height}",
             f"--screenshot={Path(path).resolve()}", page.as_uri()],
            capture_output=True,
            timeout=300,
        )
    return Path(path)


def svg_counts(svg: str) -> tuple[int, int]:
    """Number of flowchart nodes and edges in an SVG that mermaid drew."""
    nodes = len(re.findall(r'<g[^>]*class="node[ "]', svg))
    edges = len(re.findall(r'<path[^>]*class="[^"]*flowchart-link', svg))
    return nodes, edges


def tex_engine(name: str = "pdflatex") -> str | None:
    return shutil.which(name)


def compile_latex(source: str, engine: str = "pdflatex", files=()) -> bytes:
    """Compile a standalone LaTeX document; return the PDF bytes (skip or fail as :func:`need` says).

    ``files`` are paths inside the repository (the figures a page includes) copied beside the document.
    """
    program = tex_engine(engine)
    need(program is not None, engine)
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, Path(tmp) / name)
        path = Path(tmp) / "document.tex"
        path.write_text(source, encoding="utf-8")
        proc = subprocess.run(
            [program, "-interaction=nonstopmode", "-halt-on-error", path.name],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stdout[-3000:]
        return (Path(tmp) / "document.pdf").read_bytes()


def need_module(name: str):
    """``import name`` for a test that needs an optional package (torch, onnx, IPython, ...).

    Like ``pytest.importorskip``, but through :func:`need`: under ``SYMCONV_REQUIRE_TOOLS`` a missing package
    fails the test (CI installs it), elsewhere the test skips with the reason.
    """
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        need(False, f"the Python package {name}")
