"""Product extraction: a pure function from a page's HTML to the product it shows.

Spiders call it on responses, ``salesops extract`` on saved files, tests on the corpus.
"""

from scrapers.extract.blocking import detect_block_page
from scrapers.extract.model import (
    ExtractedProduct,
    ExtractedVariant,
    ExtractionError,
    FieldEvidence,
    SelectorError,
)
from scrapers.extract.product import extract_product
from scrapers.extract.selectors import validate_selectors

__all__ = [
    "ExtractedProduct",
    "ExtractedVariant",
    "ExtractionError",
    "FieldEvidence",
    "SelectorError",
    "detect_block_page",
    "extract_product",
    "validate_selectors",
]
