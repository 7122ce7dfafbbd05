"""Competitors, products and listings: CRUD, filters, paging, deactivation and file imports."""

from __future__ import annotations

import io

import pytest
from api_helpers import assert_problem, seed_catalog
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import Engine, func, select

from pricing import db
from pricing.models import Listing, Product
from salesops.settings import get_settings

CATALOG = b"""sku,name,brand,gtin,mpn,price,currency
A-1,Kettle,Acme,4006381333931,K1,19.99,EUR
A-2,Toaster,Acme,,T2,29.50,EUR
"""


def _all_pages(client: TestClient, url: str, headers: dict[str, str]) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        sep = "&" if "?" in url else "?"
        page = client.get(url + (f"{sep}cursor={cursor}" if cursor else ""), headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert pages < 100


def test_competitor_lifecycle(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    body = {"name": "acme", "base_domain": "acme.example", "delay_seconds": "2.5"}
    made = client.post("/competitors", headers=keys.admin, json=body)
    assert made.status_code == 201
    cid = made.json()["id"]
    assert made.json()["delay_seconds"] == "2.5" and made.json()["render_mode"] == "static"
    assert_problem(client.post("/competitors", headers=keys.admin, json=body), 409, "acme")
    changed = client.patch(f"/competitors/{cid}", headers=keys.admin, json={"max_concurrency": 4})
    assert changed.json()["max_concurrency"] == 4 and changed.json()["name"] == "acme"
    assert_problem(
        client.patch(f"/competitors/{cid}", headers=keys.admin, json={"name": None}),
        422,
        "name cannot be null",
    )
    assert_problem(
        client.patch(f"/competitors/{cid}", headers=keys.admin, json={"colour": "red"}),
        422,
        "colour",
    )
    got = client.get(f"/competitors/{cid}", headers=keys.viewer).json()
    assert got["max_concurrency"] == 4
    found = client.get("/competitors?name=CM", headers=keys.viewer).json()["items"]
    assert [c["name"] for c in found] == ["acme"]
    assert client.get("/competitors?name=zzz", headers=keys.viewer).json()["items"] == []
    assert_problem(client.get("/competitors/424242", headers=keys.viewer), 404, "424242")


def test_product_create_update_validate(client: TestClient, keys) -> None:  # noqa: ANN001
    body = {"sku": "K-1", "name": "Kettle", "our_price": "19.99", "currency": "eur"}
    made = client.post("/products", headers=keys.admin, json=body)
    assert made.status_code == 201, made.text
    product = made.json()
    assert product["currency"] == "EUR" and product["our_price"] == "19.99"
    pid = product["id"]
    assert_problem(client.post("/products", headers=keys.admin, json=body), 409, "K-1")
    bad = {**body, "sku": "K-2", "currency": "XXQ"}
    assert_problem(client.post("/products", headers=keys.admin, json=bad), 422, "XXQ")
    bad = {**body, "sku": "K-2", "gtin": "4006381333932"}
    assert_problem(client.post("/products", headers=keys.admin, json=bad), 422, "check digit")
    bad = {**body, "sku": "K-2", "our_price": "-1"}
    assert_problem(client.post("/products", headers=keys.admin, json=bad), 422, "our_price")
    bad = {**body, "sku": "K-2", "our_price": "1.123456"}
    assert_problem(client.post("/products", headers=keys.admin, json=bad), 422, "our_price")
    patched = client.patch(
        f"/products/{pid}", headers=keys.admin, json={"our_price": "17.5", "brand": None}
    )
    assert patched.json()["our_price"] == "17.5" and patched.json()["brand"] is None
    assert client.get("/products?sku=K-1", headers=keys.viewer).json()["items"][0]["id"] == pid
    assert client.get("/products?q=ettl", headers=keys.viewer).json()["items"][0]["sku"] == "K-1"


def test_listings_filter_page_and_deactivate(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    seed_catalog(store_env, products=7, competitors=3)  # 21 listings
    everything = _all_pages(client, "/listings?limit=4", keys.viewer)
    assert len(everything) == 21 and len({item["id"] for item in everything}) == 21
    assert [i["id"] for i in everything] == sorted(i["id"] for i in everything)
    shop2 = _all_pages(client, "/listings?competitor=shop2&limit=2", keys.viewer)
    assert len(shop2) == 7 and {i["competitor"] for i in shop2} == {"shop2"}
    p3 = client.get("/listings?sku=P-3", headers=keys.viewer).json()["items"]
    assert len(p3) == 3 and {i["sku"] for i in p3} == {"P-3"}

    gone = client.post(f"/listings/{p3[0]['id']}/deactivate", headers=keys.admin).json()
    assert gone["active"] is False
    inactive = client.get("/listings?active=false", headers=keys.viewer).json()["items"]
    assert [i["id"] for i in inactive] == [p3[0]["id"]]
    back = client.patch(f"/listings/{p3[0]['id']}", headers=keys.admin, json={"active": True})
    assert back.json()["active"] is True

    shop1 = client.get("/competitors?name=shop1", headers=keys.viewer).json()["items"][0]
    done = client.post(f"/competitors/{shop1['id']}/deactivate", headers=keys.admin).json()
    assert done == {"listings_deactivated": 7}
    product = client.get("/products?sku=P-2", headers=keys.viewer).json()["items"][0]
    done = client.post(f"/products/{product['id']}/deactivate", headers=keys.admin).json()
    assert done == {"listings_deactivated": 2}  # shop1's was already inactive
    with db.session_scope(store_env) as s:
        assert s.scalar(select(func.count()).select_from(Listing).where(Listing.active)) == 12
    limit = client.get("/listings?limit=501", headers=keys.viewer)
    assert_problem(limit, 422, "limit")
    assert_problem(client.get("/listings?cursor=bm9wZQ", headers=keys.viewer), 422, "cursor")


def test_listing_create_and_update_by_names(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    seed_catalog(store_env, products=2, competitors=2)
    body = {"competitor": "shop1", "sku": "P-2", "url": "https://shop1.example/new"}
    made = client.post("/listings", headers=keys.admin, json=body)
    assert made.status_code == 201, made.text
    assert made.json()["match_method"] == "manual" and made.json()["active"] is True
    assert_problem(client.post("/listings", headers=keys.admin, json=body), 409, "already")
    unknown = {**body, "url": "https://x.example/1", "competitor": "nobody"}
    assert_problem(client.post("/listings", headers=keys.admin, json=unknown), 404, "nobody")
    unknown = {**body, "url": "https://x.example/1", "sku": "ZZ-9"}
    assert_problem(client.post("/listings", headers=keys.admin, json=unknown), 404, "ZZ-9")
    bad_url = {**body, "url": "ftp://x.example/1"}
    assert_problem(client.post("/listings", headers=keys.admin, json=bad_url), 422, "http")
    lid = made.json()["id"]
    moved = client.patch(
        f"/listings/{lid}", headers=keys.admin, json={"competitor": "shop2", "render_mode": "auto"}
    )
    assert moved.json()["competitor"] == "shop2" and moved.json()["render_mode"] == "auto"


def test_catalog_import_matches_the_cli(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    files = {"file": ("catalog.csv", CATALOG, "text/csv")}
    report = client.post("/products/import", headers=keys.admin, files=files).json()
    assert (report["created"], report["updated"], report["problems"]) == (2, 0, [])
    again = client.post("/products/import", headers=keys.admin, files=files).json()
    assert (again["created"], again["unchanged"]) == (0, 2)
    broken = CATALOG + b"A-3,Fridge,Acme,123,F3,abc,EUR\nA-1,Dup,Acme,,,1,EUR\n"
    files = {"file": ("catalog.csv", broken, "text/csv")}
    rejected = client.post("/products/import", headers=keys.admin, files=files)
    body = assert_problem(rejected, 422, "2 bad row(s)", "nothing imported")
    lines = {(p["line"], p["column"]) for p in body["problems"]}
    assert {(4, "gtin"), (4, "price"), (5, "sku")} <= lines
    with db.session_scope(store_env) as s:
        assert s.scalar(select(func.count()).select_from(Product)) == 2  # nothing written
    skipped = client.post(
        "/products/import?skip_invalid=true", headers=keys.admin, files=files
    ).json()
    assert skipped["rejected_lines"] == [4, 5] and skipped["unchanged"] == 2


def test_watchlist_import_xlsx_by_content(client: TestClient, keys, store_env: Engine) -> None:  # noqa: ANN001
    client.post("/products/import", headers=keys.admin, files={"file": ("c.csv", CATALOG)})
    wb = Workbook()
    ws = wb.active
    ws.append(["competitor", "url", "sku"])
    ws.append(["acme", "https://acme.example/k", "A-1"])
    ws.append(["acme", "https://acme.example/t", "A-2"])
    ws.append(["acme", "not a url", "A-9"])
    buf = io.BytesIO()
    wb.save(buf)
    # Named .csv and sent as text/csv: the content (an XLSX workbook) decides how it is read.
    files = {"file": ("watch.csv", buf.getvalue(), "text/csv")}
    body = assert_problem(client.post("/listings/import", headers=keys.admin, files=files), 422)
    assert {p["line"] for p in body["problems"]} == {4}
    ok = client.post("/listings/import?skip_invalid=true", headers=keys.admin, files=files)
    assert ok.json()["created"] == 2 and ok.json()["competitors_created"] == ["acme"]


def test_uploads_checked_by_content_and_size(
    client: TestClient,
    keys,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    files = {"file": ("catalog.csv", png, "text/csv")}
    assert_problem(client.post("/products/import", headers=keys.admin, files=files), 415, "CSV")
    files = {"file": ("catalog.csv", b"", "text/csv")}
    assert_problem(client.post("/products/import", headers=keys.admin, files=files), 422, "empty")
    monkeypatch.setenv("SALESOPS_MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    big = CATALOG + b"B-1,x,,,,1,EUR\n" * 80_000  # ~1.2 MB
    files = {"file": ("catalog.csv", big, "text/csv")}
    assert_problem(client.post("/products/import", headers=keys.admin, files=files), 413, "1 MB")

    def chunks():  # no Content-Length: the limit is enforced while streaming
        for _ in range(20):
            yield b"x" * 100_000

    streamed = client.post(
        "/products/import",
        headers={**keys.admin, "Content-Type": "multipart/form-data; boundary=b"},
        content=chunks(),
    )
    assert_problem(streamed, 413, "1 MB")


def test_errors_are_problem_json(client: TestClient, keys) -> None:  # noqa: ANN001
    assert_problem(client.get("/nowhere", headers=keys.viewer), 404)
    wrong = client.delete("/competitors", headers=keys.admin)
    assert_problem(wrong, 405)
    assert "GET" in wrong.headers["allow"]
    body = assert_problem(
        client.post("/competitors", headers=keys.admin, content=b"{nope", params={}), 422
    )
    assert body["errors"]
    body = assert_problem(client.get("/products/abc", headers=keys.viewer), 422, "product_id")
    assert body["errors"][0]["location"] == "path parameter 'product_id'"
