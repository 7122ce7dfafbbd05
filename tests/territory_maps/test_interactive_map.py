"""The HTML map opened in headless Chromium, served from 127.0.0.1, with no other network."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from territory.layers import label_points, territory_frame
from territory.maps.interactive import build_map, number, save_html
from territory.planfile import PlanFile

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(plan_file: PlanFile, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The map page on an ephemeral loopback port, plus the map's JS name."""
    folder = tmp_path_factory.mktemp("site")
    m = build_map(plan_file)
    save_html(m, folder / "map.html")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", m.get_name(), folder / "map.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def page(site: tuple) -> Iterator:
    from playwright.sync_api import sync_playwright

    base, _, _ = site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.outside = []  # type: ignore[attr-defined]
        page.errors = []  # type: ignore[attr-defined]

        def only_loopback(route) -> None:  # tiles and anything else off-box are refused
            if route.request.url.startswith(base + "/"):
                route.continue_()
            else:
                page.outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_loopback)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(f"{base}/map.html")
        page.wait_for_selector(".leaflet-territories-pane path")
        yield page
        browser.close()


def test_page_is_self_contained(site: tuple):
    html = site[2].read_text()
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "Leaflet 1.9.3" in html


def test_one_path_per_territory_without_any_network(page, plan_file: PlanFile):
    assert page.errors == []
    # the only requests leaving 127.0.0.1 are base-map tiles, and the map draws without them
    assert all("tile.openstreetmap.org" in url for url in page.outside)
    assert page.locator(".leaflet-territories-pane path").count() == plan_file.plan.k
    assert page.locator(".leaflet-units-pane path").count() == len(plan_file.plan.units)
    fills = page.eval_on_selector_all(
        ".leaflet-territories-pane path", "els => els.map(e => e.getAttribute('fill'))"
    )
    assert len(set(fills)) == plan_file.plan.k
    homes = page.locator(".rep-home").count()
    assert homes == sum(h is not None for h in plan_file.plan.reps.home_lonlat)
    layers = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [t.strip() for t in layers] == ["Territories", "Units", "Rep labels", "Rep homes"]


def test_hovering_each_territory_shows_its_tooltip(page, site: tuple, plan_file: PlanFile):
    _, map_name, _ = site
    terr = territory_frame(plan_file)
    points = label_points(terr.geometry)
    import geopandas as gpd

    lonlat = gpd.GeoSeries(points, crs=terr.crs).to_crs(4326)
    box = page.locator(".folium-map").bounding_box()
    for k, p in enumerate(lonlat):
        xy = page.evaluate(f"{map_name}.latLngToContainerPoint([{p.y}, {p.x}])")
        page.mouse.move(box["x"] + xy["x"] + 25, box["y"] + xy["y"] + 12)  # beside the label
        tip = page.locator(".leaflet-tooltip").last
        tip.wait_for(state="visible")
        text = tip.inner_text()
        row = terr.iloc[k]
        assert f"{row['rep_id']} {row['rep_name']}" in text
        for m in plan_file.plan.balance:
            assert f"{m}: {number(row[m])} ({row[f'{m}_dev']:+.1%} vs target" in text
        page.mouse.move(1, 1)


def test_clicking_a_unit_opens_its_popup(page, site: tuple, plan_file: PlanFile):
    import numpy as np

    _, map_name, _ = site
    units = plan_file.plan.units
    # a unit well away from labels and home markers, which sit on top of the units
    spots = [p for p in label_points(territory_frame(plan_file).geometry)]
    xy = np.array([[p.x, p.y] for p in spots])
    far = ((units.xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2).min(axis=1)
    i = int(np.argmax(far))
    uid, name = units.ids[i], plan_file.unit_names[i]
    p = units.geometry.iloc[[i]].representative_point().to_crs(4326).iloc[0]
    point = page.evaluate(f"{map_name}.latLngToContainerPoint([{p.y}, {p.x}])")
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    text = popup.inner_text()
    assert f"{name} ({uid})" in text
    assert f"rep: {plan_file.plan.rep_of(uid)}" in text
    assert f"leads: {number(units.measure('leads')[i])}" in text
