"""Reading amounts and currencies as shops print them, with price-parser's known traps handled.

price-parser takes the first number it sees ("2 pairs from $349" -> 2), so a text is first cut
to the number printed next to a currency sign. A lone "34.000" is a thousands group unless the
currency has three minor digits (KWD 34.000 is thirty-four).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_territory_currencies
from price_parser import Price

from pricing.currency import is_currency, minor_unit

# Signs that name exactly one currency whatever the page's country.
_UNAMBIGUOUS = {
    "€": "EUR",
    "£": "GBP",
    "US$": "USD",
    "USD": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "NT$": "TWD",  # Taiwanese shops: "NT$880"
    "S$": "SGD",
    "R$": "BRL",
    "MX$": "MXN",
    "CHF": "CHF",
    "Fr.": "CHF",
    "SFr.": "CHF",
    "zł": "PLN",
    "Kč": "CZK",
    "Ft": "HUF",
    "lei": "RON",
    "Lei": "RON",  # "2.599,99 Lei": Romanian shops capitalise the word
    "TL": "TRY",  # "1.299,90 TL": Turkish shops print the lira's abbreviation, not ₺
    "원": "KRW",  # "8,990원": Korean shops print the won's word, not ₩
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "₽": "RUB",
    "₴": "UAH",
    "₪": "ILS",
    "฿": "THB",
    "₫": "VND",
    "₱": "PHP",
    # Arabic abbreviations Gulf shops print ("د.إ 679.00"); a bare lang="ar" would say Egypt.
    "د.إ": "AED",
    "ر.س": "SAR",
    "ر.ق": "QAR",
    "د.ك": "KWD",
}
# Signs shared by several currencies; the page's country decides.
_AMBIGUOUS = {
    "$": ("USD", {"CA", "AU", "NZ", "MX", "SG", "HK", "AR", "CL", "CO"}),
    "kr": ("SEK", {"SE", "NO", "DK", "IS"}),
    "kr.": ("DKK", {"DK", "SE", "NO", "IS"}),
    "¥": ("JPY", {"CN", "JP"}),
    "円": ("JPY", {"JP"}),
    "元": ("CNY", {"CN"}),
}
# A number (with group/decimal separators) or a currency sign/code, for cutting texts.
_SIGN = (
    r"US\$|C\$|CA\$|A\$|AU\$|NZ\$|HK\$|S\$|R\$|MX\$|SFr\.|Fr\.|CHF|zł|Kč|Ft|lei|kr\.?|"
    r"د\.إ|ر\.س|ر\.ق|د\.ك|"
    r"[€£$¥₹₩₺₽₴₪฿₫₱円元]|\b[A-Z]{3}\b"
)
_SIGN_RE = re.compile(_SIGN)
_ARABIC_SIGN = re.compile(r"د\.إ|ر\.س|ر\.ق|د\.ك")
_NUMBER_RE = re.compile(r"\d[\d.,'’\u00a0\u202f ]*(?:[.,](?:\d+|-|–))?")
_AMBIGUOUS_GROUP = re.compile(r"^\d{1,3}([.,])\d{3}$")
# A code printed right before or after the number ("0.00098 BTC", "ETH 1.2").
_UNIT_BY_NUMBER = re.compile(r"(?:^|\s)([A-Z]{3,5})\s?\d|\d\s?([A-Z]{3,5})(?:$|[\s.,;:)])")
# Tax, list-price and quantity labels shops print beside a bare price.
_NOT_A_UNIT = {"TTC", "HT", "HTVA", "TVAC", "TVA", "VAT", "MWST", "IVA", "BTW", "INCL", "EXCL"}
_NOT_A_UNIT |= {"NET", "RRP", "UVP", "MSRP", "PVP", "SRP", "EACH", "FROM", "ONLY", "NOW", "WAS"}
_NOT_A_UNIT |= {"SALE", "PCS", "QTY", "AB", "NUR", "DES", "VON", "DESDE", "DA", "VANAF"}
# "kr." printed before the amount; after it the dot may end the sentence.
_KR_DOT = re.compile(r"\bkr\.\s?\d")
# "129€99" (French hypermarkets): the sign sits where the decimal separator would be.
_SIGN_AS_SEPARATOR = re.compile(r"(\d[\d .,]*?)\s?([€£$])\s?(\d{2})(?!\d)")


def _sign_as_separator(match: re.Match[str]) -> str:
    whole, sign, cents = match.groups()
    return f"{whole}{',' if '.' in whole else '.'}{cents} {sign}"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str | None  # ISO 4217 when known
    shown: str | None  # the sign as printed


@dataclass(frozen=True)
class PageLocale:
    """Language and country of a page, from <html lang>, og:locale or the URL's domain."""

    language: str | None = None
    territory: str | None = None

    @classmethod
    def parse(cls, tag: str | None, tld: str | None = None) -> PageLocale:
        return cls(*_locale_parts(tag, tld))

    def default_currency(self) -> str | None:
        if not self.territory:
            return None
        try:
            codes = get_territory_currencies(self.territory, tender=True)
        except Exception:  # babel raises bare errors for unknown territories
            return None
        return codes[0] if codes else None


@lru_cache(maxsize=1024)
def _locale_parts(tag: str | None, tld: str | None) -> tuple[str | None, str | None]:
    """Language and country for ``PageLocale.parse``: a crawl's pages repeat a few lang tags
    and domains, and babel's Locale.parse costs ~7 us a page."""
    language = territory = None
    if tag:
        try:
            loc = Locale.parse(tag.strip().replace("-", "_"))
            language, territory = loc.language, loc.territory
        except (ValueError, UnknownLocaleError, TypeError):
            language = tag.strip()[:2].lower() or None
    if territory is None and tld and len(tld) == 2 and tld.isalpha():
        territory = {"uk": "GB"}.get(tld.lower(), tld.upper())
    return language, territory


def currency_for_sign(sign: str | None, locale: PageLocale) -> str | None:
    """ISO code for a printed sign ("€", "US$", "kr", "CHF"), using the page's country."""
    if not sign:
        return None
    sign = sign.strip()
    if sign in _UNAMBIGUOUS:
        return _UNAMBIGUOUS[sign]
    if len(sign) == 3 and sign.isalpha() and is_currency(sign.upper()):
        return sign.upper()
    if sign in _AMBIGUOUS:
        fallback, countries = _AMBIGUOUS[sign]
        if locale.territory is None and locale.language:
            # <html lang="da"> with no country: "kr" is the Danish krone, not the Swedish one.
            locale = PageLocale(locale.language, likely_territory(locale.language))
        local = locale.default_currency()
        if locale.territory in countries and local:
            return local
        return fallback
    return None


def likely_territory(language: str) -> str | None:
    """The country a language is most likely written in ("da" -> "DK"), per CLDR."""
    likely = get_global("likely_subtags").get(language)
    return likely.split("_")[-1] if likely else None


def _cut_to_priced_number(text: str) -> str:
    """Keep only the number printed next to a currency sign, when the text has several."""
    numbers = list(_NUMBER_RE.finditer(text))
    if len(numbers) <= 1:
        return text
    signs = [m for m in _SIGN_RE.finditer(text) if currency_for_sign(m.group(), PageLocale())]
    if not signs:
        return text
    best = min(
        numbers,
        key=lambda n: min(max(s.start() - n.end(), n.start() - s.end(), 0) for s in signs),
    )
    sign = min(signs, key=lambda s: max(s.start() - best.end(), best.start() - s.end(), 0))
    lo, hi = min(best.start(), sign.start()), max(best.end(), sign.end())
    return text[lo:hi]


def _word_sign(sign: str, text: str) -> bool:
    """Whether a sign made of letters stands as a word of its own, not inside a longer one."""
    pattern = rf"(?<![^\W\d_]){re.escape(sign)}(?![^\W\d_])"
    return re.search(pattern, text, re.I) is not None


def parse_money(
    text: str | None, locale: PageLocale | None = None, currency: str | None = None
) -> Money | None:
    """A shown price ("1.234,56 €", "2 pairs from $349", "CHF 1'299.–") or None."""
    if not text:
        return None
    locale = locale or PageLocale()
    text = " ".join(text.replace("’", "'").replace("ʼ", "'").split())[:200]
    if not any(c.isdigit() for c in text):
        return None
    text = _SIGN_AS_SEPARATOR.sub(_sign_as_separator, text)
    cut = _cut_to_priced_number(text)
    price = Price.fromstring(cut, currency_hint=currency)
    if price.amount is None:
        return None
    shown = price.currency
    if shown and shown.isalpha() and not _word_sign(shown, cut):
        # price-parser finds "kr" inside "Hochdruckreiniger K 4": letters inside a word are
        # no currency sign, and a model number beside them is no price.
        return None
    if shown is None and (arabic := _ARABIC_SIGN.search(cut)):
        shown = arabic.group()  # price-parser knows no Arabic abbreviation
    iso = currency_for_sign(shown, locale) if shown else None
    if shown and len(shown) == 3 and shown.isalpha():
        # "$89.00 USD": the code names the currency, the sign is what the shopper reads.
        signs = [m.group() for m in _SIGN_RE.finditer(cut) if not m.group().isalpha()]
        shown = signs[0] if signs else shown
    if shown == "kr" and _KR_DOT.search(cut):
        shown = "kr."  # "kr. 7.499,-" (Danish shops): the sign as printed, dot and all
    iso = iso or (currency.upper() if currency and is_currency(currency.upper()) else None)
    if iso is None and shown is None:
        # "0,00098 BTC": a unit that is no ISO 4217 currency is still the price's currency;
        # keep it as shown so nothing guesses the page's currency for it.
        unit = _UNIT_BY_NUMBER.search(cut)
        code = unit and (unit.group(1) or unit.group(2))
        shown = code if code and code.upper() not in _NOT_A_UNIT else None
    amount = price.amount
    digits = _NUMBER_RE.search(cut)
    grouped = _AMBIGUOUS_GROUP.match(digits.group().strip()) if digits else None
    if grouped and iso and minor_unit(iso) == 3 and grouped.group(1) == ".":
        amount = Decimal(digits.group().strip()) if digits else amount
    if amount < 0:
        return None
    return Money(amount, iso, shown)


def markup_amount(value: object) -> Decimal | None:
    """A price from structured data: normally "49.99", sometimes "49,99" or "€ 1.299,00"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
        return amount if amount.is_finite() and amount >= 0 else None
    except InvalidOperation:
        money = parse_money(text)
        return money.amount if money else None
