"""Stock wording by language: how shops in each language word the six states in stock lines
and buttons, read on a minimal buy box (heading, price, one stock line). Each case was read
wrong before the phrase tables knew it."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product


def _page(lang: str, line: str) -> str:
    return (
        f'<html lang="{lang}"><head><title>Testprodukt X200 | Shop</title></head><body><main>'
        '<div class="product"><h1>Testprodukt X200</h1><div class="price">129,00 €</div>'
        f'<p class="stock">{line}</p></div></main></body></html>'
    )


# (language, the shop's stock line, the state it states)
WESTERN = [
    ("en", "Notify me when back in stock", "OutOfStock"),
    ("en", "Special order item", "BackOrder"),
    ("en", "Just 2 left", "LimitedAvailability"),
    ("en", "No longer in production", "Discontinued"),
    ("de", "Nicht lagernd", "OutOfStock"),
    ("de", "Im Vorverkauf", "PreOrder"),
    ("de", "Nicht auf Lager – bestellbar, Lieferzeit 3-4 Wochen", "BackOrder"),
    ("de", "Geringer Bestand", "LimitedAvailability"),
    ("de", "Ausgelistet", "Discontinued"),
    ("fr", "M'alerter quand disponible", "OutOfStock"),
    ("fr", "Derniers exemplaires", "LimitedAvailability"),
    ("fr", "Plus qu'un exemplaire", "LimitedAvailability"),
    ("fr", "Épuisé définitivement", "Discontinued"),
    ("es", "Notificarme cuando esté disponible", "OutOfStock"),
    ("es", "Precompra", "PreOrder"),
    ("es", "Disponible sobre pedido", "BackOrder"),
    ("es", "Quedan pocas unidades", "LimitedAvailability"),
    ("es", "Producto descontinuado", "Discontinued"),
    ("it", "Prenota ora", "PreOrder"),
    ("it", "Disponibile in 2-3 settimane", "BackOrder"),
    ("it", "Ultimi 2 pezzi", "LimitedAvailability"),
    ("it", "Articolo fuori catalogo", "Discontinued"),
    ("nl", "Niet meer op voorraad", "OutOfStock"),
    ("nl", "Nu te reserveren", "PreOrder"),
    ("nl", "Wordt besteld bij leverancier", "BackOrder"),
    ("nl", "Nog 1 beschikbaar", "LimitedAvailability"),
    ("nl", "Niet meer verkrijgbaar", "Discontinued"),
    ("pt", "Fora de estoque", "OutOfStock"),
    ("pt", "Pré-encomenda", "PreOrder"),
    ("pt", "Disponível sob encomenda", "BackOrder"),
    ("pt", "Quase esgotado", "LimitedAvailability"),
    ("pt", "Produto fora de linha", "Discontinued"),
    ("pl", "Brak na stanie", "OutOfStock"),
    ("pl", "Czas realizacji 2-3 tygodnie", "BackOrder"),
    ("pl", "Zostały 2 sztuki", "LimitedAvailability"),
    ("pl", "Nie jest już dostępny", "Discontinued"),
    ("sv", "Meddela mig när varan finns i lager", "OutOfStock"),
    ("sv", "Slut", "OutOfStock"),
    ("sv", "Förboka", "PreOrder"),
    ("sv", "Beställs från leverantör", "BackOrder"),
    ("sv", "Få i lager", "LimitedAvailability"),
    ("sv", "Produkten har utgått", "Discontinued"),
    ("da", "Giv mig besked når varen er på lager", "OutOfStock"),
    ("da", "Bestilles hjem", "BackOrder"),
    ("da", "Få på lager", "LimitedAvailability"),
    ("da", "Ikke længere i sortiment", "Discontinued"),
    ("nb", "Tomt på lager", "OutOfStock"),
    ("nb", "Forhåndssalg", "PreOrder"),
    ("nb", "Leveres på bestilling", "BackOrder"),
    ("nb", "Få igjen", "LimitedAvailability"),
    ("nb", "Ikke lenger tilgjengelig", "Discontinued"),
    ("fi", "Loppuunmyyty", "OutOfStock"),
    ("fi", "Loppu", "OutOfStock"),
    ("fi", "Tilaa ennakkoon", "PreOrder"),
    ("fi", "Jälkitoimitus", "BackOrder"),
    ("fi", "Vähän varastossa", "LimitedAvailability"),
    ("fi", "Ei enää myynnissä", "Discontinued"),
]


@pytest.mark.parametrize(("lang", "line", "state"), WESTERN)
def test_western_and_nordic_stock_lines(lang: str, line: str, state: str) -> None:
    assert extract_product(_page(lang, line)).availability == state


CENTRAL_EASTERN = [
    ("cs", "Dočasně nedostupné", "OutOfStock"),
    ("cs", "Předprodej", "PreOrder"),
    ("cs", "Dodání do 3 týdnů", "BackOrder"),
    ("cs", "Již jen 2 ks", "LimitedAvailability"),
    ("cs", "Produkt se již neprodává", "Discontinued"),
    ("sk", "Nie je skladom", "OutOfStock"),
    ("sk", "Predobjednávka", "PreOrder"),
    ("sk", "Dodanie 2-3 týždne", "BackOrder"),
    ("sk", "Už len 2 ks", "LimitedAvailability"),
    ("sk", "Tovar už nie je v ponuke", "Discontinued"),
    ("sl", "Ni na zalogi", "OutOfStock"),
    ("sl", "Prednaročilo", "PreOrder"),
    ("sl", "Po naročilu", "BackOrder"),
    ("sl", "Zadnji kosi", "LimitedAvailability"),
    ("sl", "Izdelek ni več v prodaji", "Discontinued"),
    ("hr", "Nema na stanju", "OutOfStock"),
    ("hr", "Prednarudžba", "PreOrder"),
    ("hr", "Isporuka 2-3 tjedna", "BackOrder"),
    ("hr", "Posljednji komadi", "LimitedAvailability"),
    ("hr", "Proizvod više nije dostupan", "Discontinued"),
    ("hu", "Nincs raktáron", "OutOfStock"),
    ("hu", "Előrendelhető", "PreOrder"),
    ("hu", "Szállítási idő 3-4 hét", "BackOrder"),
    ("hu", "Kevés raktáron", "LimitedAvailability"),
    ("hu", "Már nem kapható", "Discontinued"),
    ("ro", "Stoc epuizat", "OutOfStock"),
    ("ro", "Precomandă", "PreOrder"),
    ("ro", "Disponibil la comandă", "BackOrder"),
    ("ro", "Ultimul produs în stoc", "LimitedAvailability"),
    ("ro", "Nu se mai fabrică", "Discontinued"),
    ("bg", "Изчерпан", "OutOfStock"),
    ("bg", "Предварителна поръчка", "PreOrder"),
    ("bg", "Срок на доставка 2-3 седмици", "BackOrder"),
    ("bg", "Последни бройки", "LimitedAvailability"),
    ("bg", "Спрян от производство", "Discontinued"),
    ("el", "Εξαντλήθηκε", "OutOfStock"),
    ("el", "Προπαραγγελία", "PreOrder"),
    ("el", "Κατόπιν παραγγελίας", "BackOrder"),
    ("el", "Απομένουν 2 τεμάχια", "LimitedAvailability"),
    ("el", "Δεν διατίθεται πλέον", "Discontinued"),
    ("tr", "Tükendi", "OutOfStock"),
    ("tr", "Ön siparişe açık", "PreOrder"),
    ("tr", "Tedarik süresi 2-3 hafta", "BackOrder"),
    ("tr", "Tükenmek üzere", "LimitedAvailability"),
    ("tr", "Üretimi durduruldu", "Discontinued"),
    ("et", "Laost otsas", "OutOfStock"),
    ("et", "Eeltellimus", "PreOrder"),
    ("et", "Tarneaeg 2-3 nädalat", "BackOrder"),
    ("et", "Viimased tükid", "LimitedAvailability"),
    ("et", "Müügist maas", "Discontinued"),
    ("lv", "Nav noliktavā", "OutOfStock"),
    ("lv", "Priekšpasūtījums", "PreOrder"),
    ("lv", "Pieejams pēc pasūtījuma", "BackOrder"),
    ("lv", "Atlikuši 2 gab.", "LimitedAvailability"),
    ("lv", "Vairs netiek ražots", "Discontinued"),
    ("lt", "Išparduota", "OutOfStock"),
    ("lt", "Išankstinis užsakymas", "PreOrder"),
    ("lt", "Pristatymas per 2-3 savaites", "BackOrder"),
    ("lt", "Liko 2 vnt.", "LimitedAvailability"),
    ("lt", "Nebegaminama", "Discontinued"),
    ("uk", "Немає в наявності", "OutOfStock"),
    ("uk", "Передзамовлення", "PreOrder"),
    ("uk", "Під замовлення", "BackOrder"),
    ("uk", "Закінчується", "LimitedAvailability"),
    ("uk", "Знято з виробництва", "Discontinued"),
    ("ru", "Нет в наличии", "OutOfStock"),
    ("ru", "Предзаказ", "PreOrder"),
    ("ru", "Срок поставки 3-4 недели", "BackOrder"),
    ("ru", "Осталось 2 шт.", "LimitedAvailability"),
    ("ru", "Снят с производства", "Discontinued"),
]


@pytest.mark.parametrize(("lang", "line", "state"), CENTRAL_EASTERN)
def test_central_and_eastern_european_stock_lines(lang: str, line: str, state: str) -> None:
    assert extract_product(_page(lang, line)).availability == state


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("cs", "Není skladem – lze objednat, dodání 2-3 týdny"),
        ("ru", "Нет в наличии, можно заказать: поставка 2-3 недели"),
    ],
)
def test_an_empty_shelf_that_takes_orders_weeks_away_is_a_backorder(lang: str, line: str) -> None:
    assert extract_product(_page(lang, line)).availability == "BackOrder"


ASIAN_MIDDLE_EAST = [
    ("ja", "一時欠品中", "OutOfStock"),
    ("ja", "予約商品", "PreOrder"),
    ("ja", "メーカー取り寄せ（2〜3週間で発送）", "BackOrder"),
    ("ja", "在庫：△", "LimitedAvailability"),
    ("ja", "販売終了しました", "Discontinued"),
    ("ja", "在庫あり（残り10点以上）", "InStock"),
    ("ko", "재입고 알림 신청", "OutOfStock"),
    ("ko", "사전예약", "PreOrder"),
    ("ko", "주문 후 제작 (배송 2~3주 소요)", "BackOrder"),
    ("ko", "잔여 2개", "LimitedAvailability"),
    ("ko", "단종된 상품입니다", "Discontinued"),
    ("zh-CN", "到货通知", "OutOfStock"),
    ("zh-CN", "立即预订", "PreOrder"),
    ("zh-CN", "需调货，预计2-3周发货", "BackOrder"),
    ("zh-CN", "即将售罄", "LimitedAvailability"),
    ("zh-CN", "该商品已下架", "Discontinued"),
    ("zh-TW", "補貨中", "OutOfStock"),
    ("zh-TW", "預售", "PreOrder"),
    ("zh-TW", "需調貨", "BackOrder"),
    ("zh-TW", "最後2件", "LimitedAvailability"),
    ("zh-TW", "已絕版", "Discontinued"),
    ("th", "สินค้าหมด", "OutOfStock"),
    ("th", "พรีออเดอร์", "PreOrder"),
    ("th", "สินค้าสั่งผลิต", "BackOrder"),
    ("th", "เหลือเพียง 3 ชิ้น", "LimitedAvailability"),
    ("th", "เลิกจำหน่าย", "Discontinued"),
    ("vi", "Hết hàng", "OutOfStock"),
    ("vi", "Đặt trước", "PreOrder"),
    ("vi", "Hàng order 2-3 tuần", "BackOrder"),
    ("vi", "Sắp hết hàng", "LimitedAvailability"),
    ("vi", "Ngừng kinh doanh", "Discontinued"),
    ("id", "Stok habis", "OutOfStock"),
    ("id", "Pra-pesan", "PreOrder"),
    ("id", "Inden", "BackOrder"),
    ("id", "Stok menipis", "LimitedAvailability"),
    ("id", "Tidak diproduksi lagi", "Discontinued"),
    ("ms", "Kehabisan stok", "OutOfStock"),
    ("ms", "Pra-tempah", "PreOrder"),
    ("ms", "Atas tempahan", "BackOrder"),
    ("ms", "Stok terhad", "LimitedAvailability"),
    ("ms", "Tidak lagi dijual", "Discontinued"),
    ("he", "אזל מהמלאי", "OutOfStock"),
    ("he", "הזמנה מוקדמת", "PreOrder"),
    ("he", "בהזמנה מיוחדת", "BackOrder"),
    ("he", "נותרו 2 יחידות", "LimitedAvailability"),
    ("he", "המוצר הופסק", "Discontinued"),
    ("ar", "نفد من المخزون", "OutOfStock"),
    ("ar", "طلب مسبق", "PreOrder"),
    ("ar", "متوفر عند الطلب", "BackOrder"),
    ("ar", "كمية محدودة", "LimitedAvailability"),
    ("ar", "لم يعد متوفرا", "Discontinued"),
]


@pytest.mark.parametrize(("lang", "line", "state"), ASIAN_MIDDLE_EAST)
def test_asian_and_middle_eastern_stock_lines(lang: str, line: str, state: str) -> None:
    assert extract_product(_page(lang, line)).availability == state


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("de-AT", "Weingut Lindenhof"),  # holds the Indonesian backorder word 'inden'
        ("hu", "Mindennapi otthon"),
        ("id", "Tinggal 2 hari lagi"),  # a sale's days left, not stock
        ("ja", "在庫あり（残り10点以上）"),  # ten or more
    ],
)
def test_words_inside_other_words_state_no_stock(lang: str, line: str) -> None:
    assert extract_product(_page(lang, line)).availability == "InStock"
