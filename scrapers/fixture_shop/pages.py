"""HTML of the fixture shop: one product page template, marked up the way each shop does it.

Modelled on how real shops build pages: navigation, breadcrumb, a price box next to the title
and the basket button, a description, a spec table, and a "related products" block with
prices of its own (the trap a careless extractor falls into).
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from functools import lru_cache
from html import escape

from babel.numbers import format_currency

from scrapers.fixture_shop.catalog import Offer, Shop, ShopProduct, products

_KEYS = ("add", "instock", "oos", "related", "gone", "disc")
_PHRASES = {
    "en": ("Add to basket", "In stock", "Out of stock", "Customers also bought",
           "Sorry, this page does not exist.", "This product is no longer available."),
    "de": ("In den Warenkorb", "Auf Lager", "Ausverkauft", "Ähnliche Produkte",
           "Diese Seite existiert nicht.", "Dieses Produkt ist nicht mehr erhältlich."),
    "fr": ("Ajouter au panier", "En stock", "Rupture de stock", "Produits similaires",
           "Page introuvable.", "Ce produit n'est plus disponible."),
    "it": ("Aggiungi al carrello", "Disponibile", "Esaurito", "Prodotti correlati",
           "Pagina non trovata.", "Questo prodotto non è più disponibile."),
    "nl": ("In winkelwagen", "Op voorraad", "Uitverkocht", "Gerelateerde producten",
           "Pagina niet gevonden.", "Dit product is niet meer leverbaar."),
}  # fmt: skip
WORDS = {lang: dict(zip(_KEYS, phrases, strict=True)) for lang, phrases in _PHRASES.items()}
SCHEMA = "https://schema.org/"
LOREM = (
    "Designed for everyday use, built to last and backed by a two-year warranty. "
    "Setup takes minutes and the companion app keeps it up to date. "
)


def money(amount: Decimal, shop: Shop) -> str:
    return format_currency(amount, shop.currency, locale=shop.locale)


def words(shop: Shop) -> dict[str, str]:
    return WORDS[shop.locale.split("_")[0]]


def shop_sku(shop: Shop, product: ShopProduct) -> str:
    """Each competitor numbers products its own way; they still carry the maker's GTIN."""
    return f"{shop.name[:2].upper()}-{product.gtin[-6:]}"


def _head(shop: Shop, title: str, extra: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{shop.locale.replace("_", "-")}"><head>'
        f'<meta charset="utf-8"><title>{escape(title)} | {escape(shop.title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/static/shop.css">'
        '<link rel="preload" href="/static/fonts/shop.woff2" as="font" crossorigin>'
        f"{extra}</head>"
    )


def _nav(shop: Shop) -> str:
    cats = "".join(f'<li><a href="/{shop.name}/c/{n}">Category {n}</a></li>' for n in range(1, 61))
    return (
        f'<header class="site-header"><a class="logo" href="/{shop.name}/">{escape(shop.title)}</a>'
        f'<nav class="main-nav"><ul>{cats}</ul></nav></header>'
    )


def _footer(shop: Shop) -> str:
    return (
        f'<footer class="site-footer"><p>&copy; 2026 {escape(shop.title)}</p>'
        '<p><a href="/legal">Legal</a> · <a href="/privacy">Privacy</a></p></footer>'
    )


def _related(shop: Shop, product: ShopProduct) -> str:
    """Other products with their own prices, lower on the page than the real price."""
    others = [p for p in products().values() if p.slug != product.slug][:4]
    items = "".join(
        f'<li class="product-tile"><a href="/{shop.name}/p/{p.slug}">{escape(p.name)}</a>'
        f'<span class="tile-price">{money(p.base_price * shop.price_factor, shop)}</span></li>'
        for p in others
    )
    return f'<section class="related"><h2>{words(shop)["related"]}</h2><ul>{items}</ul></section>'


def _description(product: ShopProduct) -> str:
    body = "".join(f"<p>{escape(product.name)}: {LOREM * 4}</p>" for _ in range(6))
    return f'<section class="description">{body}</section>'


def _specs(product: ShopProduct) -> str:
    rows = [("Brand", product.brand), ("EAN", product.gtin), ("MPN", product.mpn)]
    cells = "".join(f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="specs">{cells}</table>'


def _availability_url(offer: Offer) -> str:
    return SCHEMA + offer.availability.value


# -- structured data ---------------------------------------------------------------------------


def _jsonld_product(shop: Shop, product: ShopProduct, offer: Offer, url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "sku": shop_sku(shop, product),
        "gtin13": product.gtin,
        "mpn": product.mpn,
        "brand": {"@type": "Brand", "name": product.brand},
        "image": f"/static/img/{product.slug}.png",
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": str(offer.price),
            "priceCurrency": offer.currency,
            "availability": _availability_url(offer),
        },
    }


def _jsonld_variants(shop: Shop, product: ShopProduct, offer: Offer, url: str) -> dict:
    colours = [("Black", Decimal("1.00")), ("Silver", Decimal("1.05")), ("White", Decimal("1.10"))]
    variants = []
    for i, (colour, factor) in enumerate(colours):
        variants.append(
            {
                "@type": "Product",
                "name": f"{product.name} – {colour}",
                "sku": f"{shop_sku(shop, product)}-{i + 1}",
                "color": colour,
                "offers": {
                    "@type": "Offer",
                    "price": str((offer.price * factor).quantize(Decimal("0.01"))),
                    "priceCurrency": offer.currency,
                    "availability": _availability_url(offer),
                    "url": f"{url}?colour={colour.lower()}",
                },
            }
        )
    return {
        "@context": "https://schema.org",
        "@type": "ProductGroup",
        "name": product.name,
        "productGroupID": shop_sku(shop, product),
        "sku": shop_sku(shop, product),
        "gtin13": product.gtin,
        "mpn": product.mpn,
        "brand": {"@type": "Brand", "name": product.brand},
        "variesBy": "https://schema.org/color",
        "hasVariant": variants,
    }


def _script(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def structured_head(shop: Shop, product: ShopProduct, offer: Offer, url: str, case: str) -> str:
    if case == "js_price":
        return ""
    if shop.markup == "opengraph":
        avail = "in stock" if offer.availability.value == "InStock" else "out of stock"
        metas = {
            "og:type": "product",
            "og:title": product.name,
            "og:url": url,
            "og:image": f"/static/img/{product.slug}.png",
            "product:brand": product.brand,
            "product:retailer_item_id": shop_sku(shop, product),
            "product:price:amount": str(offer.price),
            "product:price:currency": offer.currency,
            "product:availability": avail,
        }
        return "".join(f'<meta property="{k}" content="{escape(v)}">' for k, v in metas.items())
    if shop.markup != "jsonld":
        return ""
    data = _jsonld_product(shop, product, offer, url)
    if case == "variants":
        return _script(_jsonld_variants(shop, product, offer, url))
    if case == "graph":
        crumbs = {"@type": "BreadcrumbList", "itemListElement": []}
        site = {"@type": "WebSite", "name": shop.title, "url": f"/{shop.name}/"}
        data.pop("@context")
        return _script({"@context": "https://schema.org", "@graph": [site, crumbs, data]})
    if case == "malformed_jsonld":
        # What CMS templates really emit: entities, trailing commas, a stray semicolon.
        text = json.dumps(data, indent=1, ensure_ascii=False).replace(
            '"name": "', '"name": "&quot;', 1
        )
        text = text.replace(
            '"availability"', '"itemCondition": "https://schema.org/NewCondition",\n"availability"'
        )
        text = text.replace("\n }\n}", "\n },\n};")
        return f'<script type="application/ld+json">\n{text}\n</script>'
    return _script(data)


# -- the page ----------------------------------------------------------------------------------


def _price_box(shop: Shop, offer: Offer, case: str) -> str:
    w = words(shop)
    md = shop.markup
    if case == "js_price":
        encoded = base64.b64encode(str(offer.price).encode()).decode()
        lang = shop.locale.replace("_", "-")
        return (
            '<div class="price-box">'
            f'<span class="price" id="price" data-p="{encoded}"></span></div>'
            "<script>(function(){var el=document.getElementById('price');"
            f"el.textContent=new Intl.NumberFormat('{lang}',{{style:'currency',"
            f"currency:'{offer.currency}'}}).format(Number(atob(el.dataset.p)));}})();</script>"
        )
    parts = ['<div class="price-box"']
    if md == "microdata":
        parts.append(f' itemprop="offers" itemscope itemtype="{SCHEMA}Offer"')
    elif md == "rdfa":
        parts.append(' property="offers" typeof="Offer"')
    parts.append(">")
    if md == "microdata":
        parts.append(
            f'<meta itemprop="price" content="{offer.price}">'
            f'<meta itemprop="priceCurrency" content="{offer.currency}">'
            f'<link itemprop="availability" href="{_availability_url(offer)}">'
        )
    elif md == "rdfa":
        parts.append(
            f'<meta property="price" content="{offer.price}">'
            f'<meta property="priceCurrency" content="{offer.currency}">'
            f'<link property="availability" href="{_availability_url(offer)}">'
        )
    if offer.regular_price is not None:
        parts.append(f'<del class="price-old">{money(offer.regular_price, shop)}</del> ')
    sale = " price--sale" if offer.regular_price is not None else ""
    parts.append(f'<span class="price{sale}">{money(offer.price, shop)}</span></div>')
    in_stock = offer.availability.value == "InStock"
    stock = w["instock"] if in_stock else w["oos"]
    cls = "in-stock" if in_stock else "out-of-stock"
    disabled = "" if in_stock else " disabled"
    parts.append(f'<p class="stock {cls}">{stock}</p>')
    parts.append(f'<button class="add-to-cart" type="submit"{disabled}>{w["add"]}</button>')
    return "".join(parts)


def _identity(shop: Shop, product: ShopProduct, case: str) -> tuple[str, str]:
    """Product-level attributes and the title/brand/SKU lines, in the shop's markup."""
    md = "none" if case == "js_price" else shop.markup
    sku = shop_sku(shop, product)
    if md == "microdata":
        attrs = f' itemscope itemtype="{SCHEMA}Product"'
        lines = (
            f'<h1 class="product-title" itemprop="name">{escape(product.name)}</h1>'
            f'<div class="brand" itemprop="brand" itemscope itemtype="{SCHEMA}Brand">'
            f'<span itemprop="name">{escape(product.brand)}</span></div>'
            f'<div class="sku">Art.-Nr. <span itemprop="sku">{sku}</span></div>'
            f'<meta itemprop="gtin13" content="{product.gtin}">'
            f'<meta itemprop="mpn" content="{product.mpn}">'
        )
    elif md == "rdfa":
        attrs = f' vocab="{SCHEMA}" typeof="Product"'
        lines = (
            f'<h1 class="product-title" property="name">{escape(product.name)}</h1>'
            f'<div class="brand" property="brand" typeof="Brand"><span property="name">'
            f"{escape(product.brand)}</span></div>"
            f'<div class="sku">Cod. <span property="sku">{sku}</span></div>'
            f'<meta property="gtin13" content="{product.gtin}">'
            f'<meta property="mpn" content="{product.mpn}">'
        )
    else:
        attrs = ""
        lines = (
            f'<h1 class="product-title">{escape(product.name)}</h1>'
            f'<div class="brand">{escape(product.brand)}</div><div class="sku">Ref. {sku}</div>'
        )
    return attrs, lines


def product_page(
    shop: Shop, product: ShopProduct, offer: Offer, url: str, case: str, filler: str = ""
) -> str:
    head = _head(shop, product.name, structured_head(shop, product, offer, url, case))
    attrs, identity = _identity(shop, product, case)
    if case == "no_price":
        buy = f'<p class="notice">{words(shop)["disc"]}</p>'
    else:
        buy = _price_box(shop, offer, case)
    related = "" if case == "js_price" else _related(shop, product)
    return (
        f'{head}<body>{_nav(shop)}<main class="product-page">'
        f'<nav class="breadcrumb"><a href="/{shop.name}/">Home</a> › {escape(product.brand)}</nav>'
        f'<div class="product"{attrs}><img src="/static/img/{product.slug}.png" alt="">'
        f"{identity}{buy}</div>{_description(product)}{_specs(product)}{filler}{related}</main>"
        f"{_footer(shop)}</body></html>"
    )


@lru_cache(maxsize=1)
def reviews_filler(target_bytes: int = 5 * 1024 * 1024) -> str:
    """Thousands of reviews and an inline state blob: what makes real pages weigh megabytes."""
    review = (
        '<li class="review"><span class="stars">★★★★☆</span><p>Solid build, quiet, easy to set '
        "up. Delivery took two days; the box was a little dented but everything worked.</p>"
        '<span class="author">Customer {n}</span></li>'
    )
    parts, size, n = ['<section class="reviews"><ul>'], 0, 0
    while size < target_bytes:
        chunk = review.format(n=n)
        parts.append(chunk)
        size += len(chunk.encode())
        n += 1
    parts.append("</ul></section>")
    return "".join(parts)


def shop_front(shop: Shop) -> str:
    links = "".join(
        f'<li><a href="/{shop.name}/p/{p.slug}">{escape(p.name)}</a></li>'
        for p in products().values()
    )
    return (
        f"{_head(shop, shop.title)}<body>{_nav(shop)}<ul>{links}</ul>{_footer(shop)}</body></html>"
    )


def captcha_page(shop: Shop) -> str:
    return (
        f"{_head(shop, 'Attention Required')}<body><h1>Please verify you are a human</h1>"
        "<p>Our systems have detected unusual traffic from your network. Complete the CAPTCHA "
        'to continue.</p><form action="/verify"><div class="g-recaptcha" data-sitekey="6Lc-x">'
        '</div><script src="https://www.google.com/recaptcha/api.js"></script>'
        "<button>Continue</button></form></body></html>"
    )


def challenge_page() -> str:
    return (
        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
        '<div id="challenge-running">Checking your browser before accessing the site.</div>'
        "<noscript>Enable JavaScript and cookies to continue</noscript>"
        '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
        "<p>Ray ID: 8f1c2a3b4c5d6e7f · Performance &amp; security by Cloudflare</p></body></html>"
    )


def not_found_page(shop: Shop | None) -> str:
    if shop is None:
        return "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>"
    gone = words(shop)["gone"]
    return f"{_head(shop, '404')}<body>{_nav(shop)}<h1>404</h1><p>{gone}</p></body></html>"


def server_error_page() -> str:
    return "<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>"
