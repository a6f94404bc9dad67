"""`preview -o html`: the fleet matrix, parsed as HTML and run in a real headless browser.

The browser tests need Debian's `chromium`. Without it they are skipped, with the reason
in pytest's summary, so that `pytest` on a laptop without a browser stays green; CI sets
ARGOCD_FLEET_REQUIRE_BROWSER=1 (`.ci/run` installs chromium), and then a missing browser
is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from helpers import GOLDEN, REFERENCE_FLEET, run_cli

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Matrix(HTMLParser):
    """The cells of `table#matrix`: header components and, per row, the text of each cell."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, str] = {}
        self.body_attributes: dict[str, str] = {}
        self.components: list[tuple[str, str]] = []
        self.rows: dict[str, dict[str, str]] = {}
        self.hidden_rows: set[str] = set()
        self.counts: dict[str, str] = {}
        self.group_spans: list[tuple[str, str]] = []  # shown group headers: (group, colspan)
        self.texts: dict[str, str] = {}  # the text of the paragraphs #summary and #legend
        self._paragraph: str | None = None
        self._paragraph_text: list[str] = []
        self._in_table = False
        self._row: str | None = None
        self._cells: list[str] = []
        self._text: list[str] | None = None
        self._count: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.body_attributes = attributes
        if tag == "table" and attributes.get("id") == "matrix":
            self._in_table = True
            self.attributes = attributes
        if tag == "p" and attributes.get("id") in ("summary", "legend"):
            self._paragraph = attributes["id"]
            self._paragraph_text = []
        group_header = tag == "th" and "group" in attributes.get("class", "").split()
        if group_header and "hidden" not in attributes:
            self.group_spans.append((attributes["data-group"], attributes["colspan"]))
        if tag == "span" and attributes.get("id") in ("visible-count", "visible-components"):
            self._count = attributes["id"]
            self._text = []
        if not self._in_table:
            return
        if tag == "th" and "component" in attributes.get("class", ""):
            self.components.append((attributes["data-group"], attributes["data-component"]))
        elif tag == "tr" and "data-cluster" in attributes:
            self._row = attributes["data-cluster"]
            self._cells = []
            if "hidden" in attributes:
                self.hidden_rows.add(self._row)
        elif tag == "td" and self._row is not None:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._paragraph is not None:
            self.texts[self._paragraph] = " ".join("".join(self._paragraph_text).split())
            self._paragraph = None
        if tag == "span" and self._count is not None:
            self.counts[self._count] = "".join(self._text or [])
            self._count = None
            self._text = None
        elif tag == "td" and self._text is not None and self._row is not None:
            self._cells.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._row is not None:
            names = [component for _, component in self.components]
            self.rows[self._row] = dict(zip(names, self._cells, strict=True))
            self._row = None
        elif tag == "table":
            self._in_table = False

    def handle_data(self, data: str) -> None:
        if self._paragraph is not None:
            self._paragraph_text.append(data)
        if self._text is not None:
            self._text.append(data)


def parse(html: str) -> Matrix:
    matrix = Matrix()
    matrix.feed(html)
    matrix.close()
    return matrix


@pytest.fixture
def page(tmp_path: Path) -> Path:
    case = yaml.safe_load((GOLDEN / "e2e" / "e2e-hub-addons" / "case.yaml").read_text())
    hub = case["cluster"]
    hub["labels"]["argocd.argoproj.io/secret-type"] = "cluster"
    hub_file = tmp_path / "hub.yaml"
    hub_file.write_text(yaml.safe_dump(hub))
    result = run_cli(
        "preview", "--repo", str(REFERENCE_FLEET), "--hub", str(hub_file), "-o", "html"
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "fleet.html"
    path.write_text(result.stdout)
    return path


EXPECTED_ROWS = {
    # hub: addonsRelease=default, no monitoringRelease label (so no monitoring). The case's
    # metadata has no addons_repo_url annotation, so each Application is marked as failing.
    "hub-cluster-np": {
        "argocd": "8.1.2 default !",
        "aws-efs-csi-driver": "3.0.7 default !",
        "external-dns": "1.16.1 default !",
        "external-secrets": "0.17.0 default !",
        "metrics-server": "3.11.0 default !",
        "cni-metrics-helper": "",
        "cw-prometheus": "",
        "kube-prometheus-stack": "",
    },
    # spoke: addonsRelease=dev names no release (no addons), monitoringRelease=default
    "spoke-dev-workload1": {
        "argocd": "",
        "aws-efs-csi-driver": "",
        "external-dns": "",
        "external-secrets": "",
        "metrics-server": "",
        # Failing Applications are still shown, marked "!" (a missing annotation).
        "cni-metrics-helper": "1.18.5 default !",
        "cw-prometheus": "? default",  # a directory source has no version
        "kube-prometheus-stack": "56.21.0 default",
    },
}


def test_matrix_cells(page: Path) -> None:
    html = page.read_text()
    matrix = parse(html)
    assert sorted(matrix.components) == [
        ("addons", "argocd"),
        ("addons", "aws-efs-csi-driver"),
        ("addons", "external-dns"),
        ("addons", "external-secrets"),
        ("addons", "metrics-server"),
        ("monitoring", "cni-metrics-helper"),
        ("monitoring", "cw-prometheus"),
        ("monitoring", "kube-prometheus-stack"),
    ]
    assert matrix.rows == EXPECTED_ROWS
    assert matrix.attributes["data-clusters"] == "2"
    assert matrix.attributes["data-components"] == "8"
    # Each column sits under the header of its group; the legend says what a cell holds and
    # what an empty one means.
    assert matrix.group_spans == [("addons", "5"), ("monitoring", "3")]
    assert matrix.texts["summary"].startswith("2 clusters, 8 components, 8 Applications.")
    legend = matrix.texts["legend"]
    assert "component of the group named above it" in legend
    assert "empty cell means the cluster gets no Application of that component" in legend
    # Self-contained: no external script, style sheet or image.
    assert "src=" not in html and "<link" not in html


REQUIRE_BROWSER = "ARGOCD_FLEET_REQUIRE_BROWSER"


def chromium() -> str:
    """The browser; without one, a skip that says why (a failure when CI requires it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = (
            "chromium is not installed: the HTML fleet matrix is tested in a real browser "
            "(install it with: apt-get install -y chromium)"
        )
        if os.environ.get(REQUIRE_BROWSER) == "1":
            pytest.fail(f"{reason}; {REQUIRE_BROWSER}=1 requires it")
        pytest.skip(reason)
    return found


def dump_dom(url: str, profile: Path) -> str:
    result = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_matrix_after_its_script_ran(page: Path, tmp_path: Path) -> None:
    dom = parse(dump_dom(page.as_uri(), tmp_path / "profile"))
    assert dom.body_attributes.get("data-ready") == "true", "the page's script did not run"
    assert dom.attributes["data-visible-clusters"] == "2"
    assert dom.attributes["data-visible-components"] == "8"
    assert dom.counts == {"visible-count": "2", "visible-components": "8"}
    assert dom.rows == EXPECTED_ROWS
    assert dom.hidden_rows == set()


def test_filters_in_the_browser(page: Path, tmp_path: Path) -> None:
    dom = parse(dump_dom(page.as_uri() + "#cluster=spoke&group=monitoring", tmp_path / "p"))
    assert dom.body_attributes.get("data-ready") == "true"
    assert dom.hidden_rows == {"hub-cluster-np"}
    assert dom.counts == {"visible-count": "1", "visible-components": "3"}
    assert dom.texts["summary"].endswith("Showing 1 cluster and 3 components.")
    assert dom.group_spans == [("monitoring", "3")]
