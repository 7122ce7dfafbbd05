"""Availability: schema.org/OpenGraph values, and stock phrases shoppers see (en de fr es it nl
pl sv da no, some fi cs pt)."""

from __future__ import annotations

import re
from functools import lru_cache

from pricing.models import Availability

_MARKUP = {
    "instock": Availability.InStock,
    "in stock": Availability.InStock,
    "onlineonly": Availability.InStock,
    "available": Availability.InStock,
    "outofstock": Availability.OutOfStock,
    "out of stock": Availability.OutOfStock,
    "oos": Availability.OutOfStock,
    "soldout": Availability.OutOfStock,
    "sold out": Availability.OutOfStock,
    # Sold over the counter, not online: in stock for a shopper at the store (the labelling
    # convention), unless the page shows the shop's stock otherwise.
    "instoreonly": Availability.InStock,
    "limitedavailability": Availability.LimitedAvailability,
    "preorder": Availability.PreOrder,
    "pre-order": Availability.PreOrder,
    "presale": Availability.PreOrder,
    "pending": Availability.PreOrder,
    "backorder": Availability.BackOrder,
    "madetoorder": Availability.BackOrder,
    "available for order": Availability.BackOrder,
    "discontinued": Availability.Discontinued,
}


def markup_availability(value: object) -> str | None:
    """'https://schema.org/InStock', 'InStock', 'in stock', 'oos' -> an Availability value."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("@value")
    if not isinstance(value, str) or not value.strip():
        return None
    key = value.strip().rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].rsplit(":", 1)[-1]
    key = key.lower()
    key = key.replace("_", " ")
    found = _MARKUP.get(key) or _MARKUP.get(key.replace(" ", ""))
    return found.value if found else None


# Order matters: negative and specific phrases are matched (and removed) before the generic
# positive ones they contain ("nicht verfügbar" before "verfügbar").
_PHRASES: list[tuple[Availability, tuple[str, ...]]] = [
    (
        Availability.Discontinued,
        (
            "discontinued",
            "no longer available",
            "no longer sold",
            "nicht mehr erhältlich",
            "nicht mehr lieferbar",
            "nicht mehr verfügbar",
            "n'est plus disponible",
            "plus commercialisé",
            "descatalogado",
            "ya no está disponible",
            "fuori produzione",
            "non più disponibile",
            "uit het assortiment",
            "niet meer leverbaar",
            "uit ons assortiment",
            "nicht mehr im sortiment",
            "nicht mehr in unserem sortiment",
            "no longer in our range",
            "retiré de la vente",
            "fuera de catálogo",
            "non più a catalogo",
            # da/no/sv/pl/cs: "Udgået – varen kan ikke længere bestilles", "Utgått".
            "udgået",
            "kan ikke længere bestilles",
            "kan ikke lenger bestilles",
            "utgått ur sortimentet",
            "går inte längre att beställa",
            "wycofany ze sprzedaży",
            "produkt wycofany",
            "již se nevyrábí",
            "ukončený prodej",
            "can no longer be ordered",
            # de-AT/CH "no longer produced, can no longer be ordered"; nb/fi kin.
            "nicht mehr produziert",
            "nicht mehr hergestellt",
            "nicht mehr bestellt werden",
            "nicht mehr bestellbar",
            "produseres ikke lenger",
            "ei enää valmisteta",
            "poistunut valikoimasta",
        ),
    ),
    (
        Availability.PreOrder,
        (
            "pre-order",
            "preorder",
            "pre order",
            "vorbestellen",
            "vorbestellbar",
            "précommande",
            "précommander",
            "en preventa",
            "reservar ahora",
            "preordina",
            "in preordine",
            "voorbestellen",
            "pre-orderen",
            "reserveer nu",
            "förbeställ",
            "förhandsbeställ",
            "förhandsbokning",
            "förhandsboka",
            "przedsprzedaż",
            "zamów przedpremierowo",
            "forudbestil",
            "forhåndsbestil",
            "forhåndsbestill",
            "pré-commande",
            "pre-commande",
            "precommande",
            "preventa",
            "prevendita",
            "vorbestellung",
            "pré-venda",
            "předobjednávka",
            "ennakkotilaa",
            "ennakkotilaus",
            # ja "accepting reservations" / "reserve" (a preorder's cart button), ko/zh "presale".
            "予約受付中",
            "予約する",
            "予約販売",
            "예약판매",
            "예약 판매",
            "预售",
            "預購",
        ),
    ),
    (
        Availability.BackOrder,
        (
            "backorder",
            "back-order",
            "back order",
            "made to order",
            "ships in 4-6 weeks",
            "auf bestellung",
            "bestellartikel",
            "sur commande",
            "bajo pedido",
            "su ordinazione",
            "op bestelling",
            "nabestelling",
            "wel te bestellen",
            "nabestellen",
            "beställningsvara",
            "na zamówienie",
            "nachbestellt",
            "wird nachgeliefert",
            "réapprovisionnement",
            "order now and we'll",
            "order now and we will",
            "ordina ora e ti invieremo",
            "pídelo ya y te lo enviaremos",
            "commande possible",
            "restordre",
            "bestillingsvare",
            "skaffevare",
            "restnoterad",
            "por encargo",
            "tilaustuote",
            "na objednávku",
            # "Nicht an Lager – wird beim Lieferanten bestellt": ordered in from the supplier.
            "beim lieferanten bestellt",
            "vom lieferanten bestellt",
            "ordered from the supplier",
            "ordered from our supplier",
            "bestilles fra leverandør",
            "tilataan toimittajalta",
        ),
    ),
    (
        Availability.OutOfStock,
        (
            "out of stock",
            "out-of-stock",
            "sold out",
            "currently unavailable",
            "temporarily unavailable",
            "not available",
            "unavailable",
            "notify me when available",
            "email me when available",
            "ausverkauft",
            "nicht auf lager",
            "nicht vorrätig",
            "nicht verfügbar",
            "nicht lieferbar",
            "derzeit nicht",
            "vergriffen",
            "benachrichtigen, wenn",
            "rupture de stock",
            "en rupture",
            "épuisé",
            "indisponible",
            "me prévenir",
            "agotado",
            "sin stock",
            "sin existencias",
            "fuera de stock",
            "no disponible",
            "avísame",
            "esaurito",
            "non disponibile",
            "non disponible",
            "avvisami",
            "uitverkocht",
            "niet op voorraad",
            "niet leverbaar",
            "niet beschikbaar",
            "tijdelijk niet",
            "slutsåld",
            "tillfälligt slut",
            "ej i lager",
            "slut i lager",
            "bevaka produkt",
            "brak towaru",
            "brak w magazynie",
            "niedostępny",
            "produkt niedostępny",
            "wyprzedany",
            "powiadom o dostępności",
            "powiadom mnie",
            "bald wieder verfügbar",
            "wieder verfügbar ist",
            "bientôt de retour",
            "binnenkort weer",
            "back soon",
            "sin fecha prevista",
            "slut i webblager",
            "slut i webblagret",
            "udsolgt",
            "utsolgt",
            "ikke på lager",
            "midlertidigt udsolgt",
            "finns ej i lager",
            "inte i lager",
            "loppu varastosta",
            "ei varastossa",
            "vyprodáno",
            "není skladem",
            "esgotado",
            "indisponível",
            "sem estoque",
            # de-CH "nicht an Lager"; nb "ikke tilgjengelig"; fi "ei saatavilla", "loppu".
            "nicht an lager",
            "ikke tilgjengelig",
            "ei saatavilla",
            "tilapäisesti loppu",
            # ko "sold out" (일시품절: for now), "out of stock"; ar "not available", "sold out".
            "품절",
            "재고 없음",
            "재고없음",
            "غير متوفر",
            "نفدت الكمية",
            "نفذت الكمية",
            # ja "sold out" (品切れ, 売り切れ, 完売), "out of stock" (在庫切れ, 在庫なし),
            # "awaiting stock" (入荷待ち); zh-TW/zh-CN/HK "out of stock", "sold out".
            "品切れ",
            "品切中",
            "売り切れ",
            "売切れ",
            "完売",
            "在庫切れ",
            "在庫なし",
            "在庫がありません",
            "入荷待ち",
            "缺貨",
            "缺货",
            "已售完",
            "售完",
            "售罄",
            "暫無存貨",
            "暂无库存",
            "無庫存",
            "无库存",
        ),
    ),
    (
        Availability.LimitedAvailability,
        (
            "low stock",
            "few left",
            "only 1 left",
            "nur noch wenige",
            "plus que quelques",
            "últimas unidades",
            "ultimi pezzi",
            "bijna uitverkocht",
            "få kvar",
            "ostatnie sztuki",
            "ostatnia sztuka",
            "letzter artikel",
            "last one",
            "last item",
            "dernier article",
            "dernier exemplaire",
            "última unidad",
            "ultimo pezzo",
            "laatste exemplaar",
            "sista exemplaret",
            "low in stock",
            # PrestaShop's stock line under its "last items" threshold, in its shipped locales.
            # Whole lines: "Derniers articles vus" / "Ultimi articoli visti" head recently
            # viewed products.
            "derniers articles en stock",
            "last items in stock",
            "ultimi articoli in magazzino",
            "letzte artikel auf lager",
            "laatste artikelen op voorraad",
            "laatste items op voorraad",
            # Japanese shops: "only a few left" (残りわずか), "low stock" (在庫わずか, 在庫僅少).
            "残りわずか",
            "残り僅か",
            "在庫わずか",
            "在庫僅少",
            # zh "low stock", "only a few left".
            "庫存緊張",
            "库存紧张",
            "僅剩少量",
            "仅剩少量",
        ),
    ),
    (
        Availability.InStock,
        (
            "in stock",
            "add to cart",
            "add to bag",
            "add to basket",
            "buy now",
            "available now",
            "ready to ship",
            "auf lager",
            "sofort lieferbar",
            "lieferbar",
            "vorrätig",
            "in den warenkorb",
            "sofort verfügbar",
            "en stock",
            "ajouter au panier",
            "disponible",
            "añadir al carrito",
            "añadir a la cesta",
            "comprar",
            "disponibile",
            "aggiungi al carrello",
            "in magazzino",
            "op voorraad",
            "in winkelwagen",
            "in winkelmand",
            "leverbaar",
            "direct leverbaar",
            "verfügbar",
            "buy it now",
            "sofort-kaufen",
            "sofort kaufen",
            "jetzt kaufen",
            "einkaufswagen",
            "in winkelmandje",
            "nu kopen",
            "compra ora",
            "i lager",
            "finns i lager",
            "lägg i varukorgen",
            "köp nu",
            "dostępny",
            "w magazynie",
            "na stanie",
            "do koszyka",
            "kup teraz",
            "available to reserve",
            "available for collection",
            "disponible para recoger",
            "hämta idag",
            "disponibilità immediata",
            "disponible immédiatement",
            "immediately available",
            "på lager",
            "læg i kurv",
            "læg i kurven",
            "tilføj til kurv",
            "legg i handlekurv",
            "kjøp nå",
            "køb nu",
            "varastossa",
            "skladem",
            "em estoque",
            "disponível",
        ),
    ),
]
# More of the same, by language group: how shops there word each state in stock lines and
# buttons. Merged into the table above, so each state stays one combined pattern.
_D, _P, _B = Availability.Discontinued, Availability.PreOrder, Availability.BackOrder
_O, _L = Availability.OutOfStock, Availability.LimitedAvailability
_I = Availability.InStock
_WESTERN: dict[Availability, tuple[str, ...]] = {
    _D: (
        "no longer in production",
        "no longer produced",
        "no longer manufactured",
        "aus dem sortiment genommen",
        "ausgelistet",
        "produit arrêté",
        "épuisé définitivement",
        "définitivement épuisé",
        "définitivement indisponible",
        "n'est plus fabriqué",
        "n'est plus vendu",
        "arrêt de commercialisation",
        "descontinuado",
        "ya no se fabrica",
        "fuori catalogo",
        "uit assortiment",
        "niet meer verkrijgbaar",
        "niet meer beschikbaar",
        "niet langer leverbaar",
        "niet langer verkrijgbaar",
        "niet langer beschikbaar",
        "fora de linha",
        "fora de catálogo",
        "já não está disponível",
        "não está mais disponível",
        "não é mais vendido",
        "nie jest już dostępny",
        "niedostępny na stałe",
        "wycofany z produkcji",
        "produkten har utgått",
        "varan har utgått",
        "finns inte längre",
        "ej längre i sortimentet",
        "inte längre i sortimentet",
        "säljs inte längre",
        "ikke længere i sortiment",
        "ikke lenger tilgjengelig",
        "utgått fra sortimentet",
        "ikke lenger i salg",
        "varen er utgått",
        "ei ole enää saatavilla",
        "ei enää myynnissä",
        "valmistus lopetettu",
        "poistunut tuote",
    ),
    _P: (
        "vorverkauf",
        "precompra",
        "pre-venta",
        "reserva ya",
        "preordine",
        "pre-ordine",
        "prenota ora",
        "prenotalo",
        "nu te reserveren",
        "pré-encomenda",
        "pre-encomenda",
        "pré-reserva",
        "förboka",
        "forsalg",
        "forhåndssalg",
        "forhåndskjøp",
        "ennakkomyynti",
        "tilaa ennakkoon",
    ),
    _B: (
        "special order",
        "für sie bestellt",
        "sobre pedido",
        "besteld bij leverancier",
        "nalevering",
        "bestelproduct",
        "sob encomenda",
        "por encomenda",
        "beställs från leverantör",
        "beställs hem",
        "bestilles hjem",
        "leveres på bestilling",
        "jälkitoimitus",
    ),
    _O: (
        "notify me when back",
        "notify me when in stock",
        "notify me when it's back",
        "email me when back",
        "email me when in stock",
        "not in stock",
        "back in stock soon",
        "nicht lagernd",
        "e-mail bei verfügbarkeit",
        "m'alerter",
        "m'avertir",
        "prévenez-moi",
        "hors stock",
        "victime de son succès",
        "notificarme cuando",
        "houd me op de hoogte",
        "mail mij als",
        "niet meer op voorraad",
        "sem stock",
        "fora de estoque",
        "fora de stock",
        "avise-me quando",
        "wyprzedane",
        "brak na stanie",
        "meddela mig när",
        "ej tillgänglig",
        "bevaka lagerstatus",
        "ikke tilgængelig",
        "giv mig besked",
        "få besked når",
        "varsle meg når",
        "gi meg beskjed når",
        "tomt på lager",
        "loppuunmyyty",
        "loppunut",
        "tuote on loppu",
        "ilmoita kun saatavilla",
        "ilmoita kun tuote",
        "ilmoita saapumisesta",
        "tilapäisesti poissa",
    ),
    _L: (
        "geringer bestand",
        "knapper bestand",
        "niedriger lagerbestand",
        "geringer lagerbestand",
        "derniers exemplaires",
        "dernières pièces",
        "pocas unidades",
        "pochi pezzi",
        "scorte limitate",
        "ultime disponibilità",
        "laatste stuks",
        "laatste exemplaren",
        "nog enkele op voorraad",
        "estoque limitado",
        "últimas peças",
        "poucas unidades",
        "mała ilość",
        "niski stan",
        "dostępność: mała",
        "mało sztuk",
        "få i lager",
        "fåtal i lager",
        "få på lager",
        "få stk",
        "få tilbage",
        "lavt lager",
        "få igjen",
        "lav lagerbeholdning",
        "siste eksemplar",
        "vähän varastossa",
        "viimeiset kappaleet",
        "muutama jäljellä",
        "vähissä",
    ),
}
_CENTRAL_EASTERN: dict[Availability, tuple[str, ...]] = {
    # cs sk sl hr hu ro bg el tr et lv lt uk ru
    _D: (
        "vyřazeno z prodeje",
        "již nedostupn",
        "již není v nabídce",
        "již není v prodeji",
        "se již neprodává",
        "prodej ukončen",
        "už sa nevyrába",
        "ukončený predaj",
        "už nie je v ponuke",
        "vyradené z predaja",
        "sa už nepredáva",
        "predaj ukončený",
        "ni več na voljo",
        "ni več v prodaji",
        "ni več v ponudbi",
        "više nije dostup",
        "nem forgalmazzuk",
        "продуктът е спрян",
        "спрян продукт",
        "καταργήθηκε",
        "αποσύρθηκε",
        "enam ei toodeta",
        "не постачається",
        "više nije u prodaji",
        "izbačeno iz ponude",
        "više se ne proizvodi",
        "nije više u ponudi",
        "már nem kapható",
        "kifutott termék",
        "megszűnt termék",
        "gyártása megszűnt",
        "forgalmazása megszűnt",
        "nem forgalmazott",
        "nu se mai fabrică",
        "nu se mai comercializează",
        "nu mai este disponibil",
        "retras din vânzare",
        "produs retras",
        "scos din fabricație",
        "produs discontinuat",
        "спрян от производство",
        "спрян от продажба",
        "вече не се предлага",
        "извън производство",
        "δεν διατίθεται πλέον",
        "δεν κυκλοφορεί πλέον",
        "δεν είναι πλέον διαθέσιμο",
        "δεν παράγεται πλέον",
        "εκτός κυκλοφορίας",
        "üretimi durduruldu",
        "satıştan kaldırıldı",
        "artık satılmıyor",
        "artık mevcut değil",
        "üretimden kalktı",
        "satışı durduruldu",
        "müügist maas",
        "müügilt eemaldatud",
        "enam ei müüda",
        "tootmine lõpetatud",
        "ei ole enam saadaval",
        "pole enam saadaval",
        "vairs netiek ražots",
        "vairs nav pieejam",
        "izņemts no pārdošanas",
        "vairs netiek pārdots",
        "ražošana pārtraukta",
        "nebegaminama",
        "nebeprekiaujama",
        "išimta iš prekybos",
        "nebetiekiama",
        "nebeparduodama",
        "знято з виробництва",
        "знятий з виробництва",
        "більше не випускається",
        "знято з продажу",
        "знятий з продажу",
        "снят с производства",
        "снято с производства",
        "больше не производится",
        "снят с продажи",
        "выведен из ассортимента",
        "больше не продается",
        "больше не продаётся",
        "производство прекращено",
    ),
    _P: (
        "předprodej",
        "předobjednat",
        "predobjednávka",
        "predpredaj",
        "predobjednať",
        "prednaročil",
        "prednaroči",
        "predprodaja",
        "prednarudžb",
        "prednaruči",
        "pretprodaj",
        "előrendel",
        "precomand",
        "pre-comandă",
        "предварителна поръчка",
        "предпоръчка",
        "поръчай предварително",
        "предварителна продажба",
        "προπαραγγελ",
        "προ-παραγγελ",
        "ön sipariş",
        "ön satış",
        "eeltellimus",
        "eeltelli",
        "ettetellimine",
        "eelmüük",
        "priekšpasūtījum",
        "iepriekšpasūtījum",
        "pasūtīt iepriekš",
        "priekšpārdošana",
        "išankstinis užsakymas",
        "užsakyti iš anksto",
        "išankstinis pardavimas",
        "išankstinė prekyba",
        "telli ette",
        "передзамовлення",
        "попереднє замовлення",
        "передпродаж",
        "предзаказ",
        "предварительный заказ",
    ),
    _B: (
        "na dotaz",
        "na objednanie",
        "po naročilu",
        "na naročilo",
        "pri dobavitelju",
        "po narudžbi",
        "od dobavljača",
        "rendelésre",
        "utánrendelés",
        "beszerzés alatt",
        "la comandă",
        "la comanda",
        "по поръчка",
        "κατόπιν παραγγελίας",
        "με παραγγελία",
        "sipariş üzerine",
        "siparişe özel",
        "tellimisel",
        "tellimuse alusel",
        "pēc pasūtījuma",
        "pasūtāms",
        "pasūtāma",
        "pagal užsakymą",
        "užsakoma prekė",
        "prekė užsakoma",
        "під замовлення",
        "под заказ",
    ),
    _O: (
        "nedostupné",
        "hlídat dostupnost",
        "hlídací pes",
        "nie je skladom",
        "nie je na sklade",
        "vypredané",
        "strážiť dostupnosť",
        "ni na zalogi",
        "razprodano",
        "ni na voljo",
        "obvesti me",
        "nema na stanju",
        "nema na zalihi",
        "rasprodano",
        "nije dostupno",
        "nedostupno",
        "obavijesti me",
        "nincs raktáron",
        "nincs készleten",
        "elfogyott",
        "nem elérhető",
        "értesítést kérek",
        "értesítsen",
        "készlethiány",
        "stoc epuizat",
        "indisponibil",
        "nu este în stoc",
        "nu este pe stoc",
        "epuizat",
        "anunță-mă",
        "anunta-ma",
        "fără stoc",
        "lipsă stoc",
        "изчерпан",
        "няма наличност",
        "няма в наличност",
        "не е наличен",
        "не е налично",
        "не е наличен",
        "уведоми ме",
        "липсва наличност",
        "разпродаден",
        "εξαντλήθηκε",
        "εξαντλημένο",
        "μη διαθέσιμο",
        "εκτός αποθέματος",
        "ενημέρωσέ με",
        "ενημέρωση διαθεσιμότητας",
        "satışa kapalı",
        "teavita, kui",
        "ειδοποίησέ με",
        "δεν είναι διαθέσιμο",
        "χωρίς απόθεμα",
        "tükendi",
        "stokta yok",
        "stok yok",
        "gelince haber ver",
        "gelince bildir",
        "stokta bulunmamaktadır",
        "stokta bulunmuyor",
        "temin edilemiyor",
        "stoklarımızda kalmamıştır",
        "läbi müüdud",
        "välja müüdud",
        "laost otsas",
        "ajutiselt otsas",
        "hetkel otsas",
        "ei ole laos",
        "pole laos",
        "teavita mind",
        "pole saadaval",
        "ei ole saadaval",
        "nav noliktavā",
        "izpārdot",
        "nav pieejam",
        "ziņot, kad",
        "paziņot par pieejamību",
        "išparduot",
        "nėra sandėlyje",
        "prekės nėra",
        "šiuo metu nėra",
        "laikinai neturime",
        "pranešti, kai atsiras",
        "немає в наявності",
        "нема в наявності",
        "закінчився",
        "закінчилися",
        "повідомити про наявність",
        "повідомити, коли",
        "тимчасово відсутній",
        "розпродано",
        "немає на складі",
        "нет в наличии",
        "распродано",
        "товар закончился",
        "закончился",
        "нет на складе",
        "сообщить о поступлении",
        "уведомить о поступлении",
        "сообщить о появлении",
        "ожидается поступление",
        "временно отсутствует",
        "отсутствует в наличии",
        "нет в продаже",
    ),
    _L: (
        "omezené množství",
        "poslední kus",
        "obmedzené množstvo",
        "posledný kus",
        "posledné kusy",
        "zadnji kos",
        "omejena zaloga",
        "malo na zalogi",
        "posljednji komad",
        "zadnji komadi",
        "ograničena količina",
        "mala količina",
        "utolsó darab",
        "utolsó db",
        "korlátozott készlet",
        "kevés raktáron",
        "kevés van raktáron",
        "alacsony készlet",
        "ultimul produs",
        "ultima bucată",
        "ultimele produse în stoc",
        "последни бройки",
        "последен брой",
        "ограничено количество",
        "ограничена наличност",
        "малко количество",
        "ниска наличност",
        "λίγα τεμάχια",
        "τελευταίο τεμάχιο",
        "περιορισμένη διαθεσιμότητα",
        "sınırlı stok",
        "sınırlı sayıda",
        "tükenmek üzere",
        "tükeniyor",
        "az stok",
        "viimased tükid",
        "viimane tükk",
        "vähe laos",
        "laos vähe",
        "piiratud kogus",
        "pēdējās preces",
        "pēdējie gabali",
        "pēdējais gabals",
        "ierobežots daudzums",
        "palicis maz",
        "paskutiniai vienetai",
        "paskutinis vienetas",
        "ribotas kiekis",
        "liko nedaug",
        "liko mažai",
        "закінчується",
        "мало в наявності",
        "обмежена кількість",
        "останній товар",
        "лишилось мало",
        "залишилось мало",
        "заканчивается",
        "осталось мало",
        "последний товар",
        "последний экземпляр",
        "ограниченное количество",
        "мало в наличии",
    ),
    _I: (
        "skladom",
        "na sklade",
        "ihned k odeslání",
        "na zalogi",
        "takoj na voljo",
        "na stanju",
        "na zalihi",
        "dostupno odmah",
        "raktáron",
        "készleten",
        "azonnal szállítható",
        "în stoc",
        "in stoc",
        "в наличност",
        "наличен",
        "налично",
        "σε απόθεμα",
        "άμεσα διαθέσιμο",
        "stokta",
        "laos olemas",
        "kaup on laos",
        "saadaval",
        "ir noliktavā",
        "noliktavā",
        "yra sandėlyje",
        "prekė yra",
        "в наявності",
        "є на складі",
        "в наличии",
        "на складе",
    ),
}
_ASIAN_MIDDLE_EAST: dict[Availability, tuple[str, ...]] = {
    # ja ko zh th vi id ms he ar
    _D: (
        "販売終了",
        "生産終了",
        "取扱終了",
        "取り扱い終了",
        "販売を終了",
        "廃番",
        "廃盤",
        "製造終了",
        "단종",
        "판매 종료",
        "판매종료",
        "생산 중단",
        "생산중단",
        "판매가 종료",
        "已下架",
        "停产",
        "停產",
        "停止销售",
        "停止販售",
        "停售",
        "绝版",
        "絕版",
        "เลิกผลิต",
        "ยกเลิกการจำหน่าย",
        "เลิกจำหน่าย",
        "หยุดจำหน่าย",
        "ไม่มีจำหน่ายแล้ว",
        "ngừng kinh doanh",
        "ngừng sản xuất",
        "ngừng bán",
        "không còn kinh doanh",
        "tidak diproduksi lagi",
        "discontinue",
        "sudah tidak diproduksi",
        "sudah tidak dijual",
        "tidak dijual lagi",
        "produk dihentikan",
        "tidak lagi dijual",
        "tidak lagi tersedia",
        "tidak lagi dikeluarkan",
        "הופסק",
        "לא נמכר יותר",
        "אינו זמין עוד",
        "לא זמין יותר",
        "הוצא משיווק",
        "הפסקת ייצור",
        "לצמיתות",
        "تم إيقاف المنتج",
        "توقف إنتاجه",
        "لم يعد متوفر",
        "لم يعد متاح",
        "متوقف عن",
        "المنتج متوقف",
        "توقف عن البيع",
    ),
    _P: (
        "予約商品",
        "予約注文",
        "予約受付",
        "予約購入",
        "ご予約",
        "사전예약",
        "사전 예약",
        "예약구매",
        "예약 구매",
        "프리오더",
        "사전주문",
        "사전 주문",
        "预订",
        "預訂",
        "预购",
        "支付定金",
        "付定金",
        "พรีออเดอร์",
        "พรีออร์เดอร์",
        "สั่งจอง",
        "จองสินค้า",
        "đặt trước",
        "đặt hàng trước",
        "pra-pesan",
        "pra-pemesanan",
        "pra-tempah",
        "pratempah",
        "tempahan awal",
        "prapesanan",
        "הזמנה מוקדמת",
        "טרום הזמנה",
        "קדם הזמנה",
        "פרי-אורדר",
        "פרי אורדר",
        "طلب مسبق",
        "الطلب المسبق",
        "حجز مسبق",
        "اطلب مسبقا",
        "اطلب مسبقاً",
        "لطلب المسبق",
        "預售",
    ),
    _B: (
        "取り寄せ商品",
        "取り寄せ品",
        "メーカー取り寄せ",
        "メーカーお取り寄せ",
        "取り寄せ（",
        "受注生産",
        "入荷次第",
        "주문 후 제작",
        "주문제작",
        "입고 후 발송",
        "발주 후 발송",
        "해외 주문",
        "需订货",
        "需訂貨",
        "需调货",
        "需調貨",
        "调货中",
        "調貨中",
        "客订",
        "客訂",
        "接单生产",
        "接單生產",
        "สั่งผลิต",
        "สินค้าตามสั่ง",
        "hàng order",
        "đặt hàng theo yêu cầu",
        "hàng đặt theo yêu cầu",
        "barang inden",
        "produk inden",
        "status inden",
        "atas tempahan",
        "barang tempahan",
        "dipesan khusus",
        "בהזמנה מיוחדת",
        "זמין בהזמנה",
        "מוצר בהזמנה",
        "בהזמנה מהספק",
        "عند الطلب",
        "حسب الطلب",
    ),
    _O: (
        "再入荷のお知らせ",
        "再入荷お知らせ",
        "入荷お知らせ",
        "再入荷通知",
        "欠品",
        "在庫：×",
        "在庫:×",
        "재입고 알림",
        "입고 알림",
        "구매 불가",
        "구매불가",
        "无货",
        "無貨",
        "到货通知",
        "到貨通知",
        "貨到通知",
        "到货提醒",
        "到貨提醒",
        "已抢光",
        "已搶光",
        "补货中",
        "補貨中",
        "已完售",
        "สินค้าหมด",
        "หมดสต็อก",
        "หมดชั่วคราว",
        "ไม่มีสินค้า",
        "แจ้งเตือนเมื่อมีสินค้า",
        "แจ้งเมื่อสินค้าเข้า",
        "ไม่พร้อมจำหน่าย",
        "hết hàng",
        "tạm hết",
        "liên hệ khi có hàng",
        "báo khi có hàng",
        "thông báo khi có hàng",
        "không có sẵn",
        "không còn hàng",
        "stok habis",
        "habis stok",
        "terjual habis",
        "sedang habis",
        "barang habis",
        "produk habis",
        "habis dijual",
        "kehabisan stok",
        "tidak tersedia",
        "stok kosong",
        "sedang kosong",
        "telah habis",
        "tiada stok",
        "beritahu saya",
        "ingatkan saya",
        "kabari saya",
        "אזל מהמלאי",
        "לא במלאי",
        "חסר במלאי",
        "אין במלאי",
        "לא זמין",
        "עדכנו אותי",
        "עדכן אותי",
        "המוצר אזל",
        "אזל זמנית",
        "نفد من المخزون",
        "نفذ من المخزون",
        "نفد المخزون",
        "غير متاح",
        "أعلمني",
        "أبلغني عند",
        "نبهني عند",
    ),
    _L: (
        "在庫少",
        "在庫：△",
        "在庫:△",
        "남은 수량",
        "잔여수량",
        "소량 재고",
        "少量库存",
        "少量现货",
        "少量現貨",
        "数量有限",
        "數量有限",
        "เหลือน้อย",
        "เหลือชิ้นสุดท้าย",
        "จำนวนจำกัด",
        "còn ít hàng",
        "số lượng có hạn",
        "מלאי מוגבל",
        "כמות מוגבלת",
        "יחידות אחרונות",
        "עומד לאזול",
        "מלאי אחרון",
        "كمية محدودة",
        "الكمية محدودة",
        "آخر قطعة",
        "مخزون محدود",
    ),
    _I: (
        "在庫あり",
        "在庫有り",
        "即納",
        "재고 있음",
        "재고있음",
        "有货",
        "有貨",
        "现货",
        "現貨",
        "库存充足",
        "庫存充足",
        "มีสินค้า",
        "พร้อมส่ง",
        "còn hàng",
        "có sẵn",
        "sẵn hàng",
        "stok tersedia",
        "ready stock",
        "dalam stok",
        "ada stok",
        "sedia ada",
        "במלאי",
        "متوفر",
        "في المخزون",
    ),
}
_GROUPS = (_WESTERN, _CENTRAL_EASTERN, _ASIAN_MIDDLE_EAST)
# A state said in one or two words that mean something else inside a longer text ("Slut",
# "Loppu", "Utgått": "Kampanjen har utgått" is an offer's end): read only as the whole text.
_WHOLE: dict[str, Availability] = {
    "slut": _O,
    "loppu": _O,
    "utgått": _D,
    "kończy się": _L,
    "varsle meg": _O,
    "laos": _I,
    "otsas": _O,
    "yra": _I,
    "turime": _I,
    "nėra": _O,
    "neturime": _O,
    "baigiasi": _L,
    "beidzies": _O,
    "pieejams": _I,
    "mevcut": _I,
    "мало": _L,
    "на заказ": _B,
    "на замовлення": _B,
    "ожидается": _O,
    "очікується": _O,
    "отсутствует": _O,
    "відсутній": _O,
    "kifutott": _D,
    "haber ver": _O,
    "取り寄せ": _B,
    "お取り寄せ": _B,
    "หมด": _O,
    "habis": _O,
    "inden": _B,  # "Lindenhof", "mindennapi" hold it: a word of its own only
    "indent": _B,
    "tersedia": _I,
    "dihentikan": _D,
    "אזל": _O,
    "نفد": _O,
    "نفدت": _O,
    "نفذت": _O,
    "متوقف": _D,
}


def _trie_pattern(phrases: set[str]) -> str:
    """One regex for a set of phrases, their common starts factored out ("nicht (?:auf
    lager|lieferbar|...)"): with ~1,000 phrases in 35 languages the matcher tries each start
    once instead of each phrase at each position, 3x faster than a flat alternation. Only
    whether a phrase occurs is asked, so a phrase that another one extends ends the branch."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        alts = [re.escape(char) + emit(node[char]) for char in sorted(node)]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


_PATTERNS = [
    (avail, re.compile(_trie_pattern({*ph, *(x for g in _GROUPS for x in g.get(avail, ()))})))
    for avail, ph in _PHRASES
]
# "Only 3 left", "Nur noch 2 Stück", "plus que 2", "solo 2 disponibili", "nog maar 2".
_FEW_LEFT = re.compile(
    r"\b(?:only|just) \d+ (?:\w+ )?left|nur noch \d+|plus que \d+|quedan \d+|"
    r"solo \d+ (?:rimast|disponibil)|"
    r"nog maar \d+|nog \d+ op voorraad|últimas? \d+|\bnoch \d+ (?:stück|stk)|"
    r"\bkun \d+ (?:stk\.? )?(?:tilbage|igjen|på lager)|\b(?:endast|bara) \d+ (?:st\.? )?kvar|"
    r"zostało (?:tylko )?\d+|zostały (?:tylko )?\d+|\bostatnie \d+ (?:szt|sztuk)|"
    # it "Ultimi 2 pezzi", "Rimangono solo 2"; nl "Nog slechts 3", "Nog 1 beschikbaar", "Nog 3
    # stuks"; pt "Resta apenas 1"; fi "Vain 2 jäljellä"; sv "Färre än 5 i lager".
    r"\bultimi \d+ pezzi|\brimangono (?:solo )?\d+|\bnog slechts \d+|"
    r"\bnog \d+ (?:beschikbaar|stuks?)|\bresta (?:apenas )?\d+|\b\d+ jäljellä|"
    r"\bfärre än \d+ i lager|"
    # cs/sk "Již jen 2 ks", "Už len 2 ks"; sl "Le še 2"; bg "Само 2 броя", "Остават 2"; el "Μόνο
    # 2 τεμάχια", "Απομένουν 2"; et "Ainult 2 tk", "Viimased 2 tk"; lv "Tikai 2 gab.",
    # "Atlikuši 2"; lt "Liko 2 vnt."; uk "Залишилось 2 шт.", "Останні 2 шт."; ru "Осталось 2
    # шт.", "Последние 2 шт.".
    r"\b(?:již|už) (?:jen|len|iba) \d+|\ble še \d+|\bсамо \d+ бр|\bостават (?:само )?\d+|"
    r"μόνο \d+ τεμάχι|απομένουν \d+|\b(?:ainult|viimased) \d+ tk|\btikai \d+ gab|"
    r"\b(?:atlikuši|atlicis|palikuši|palicis) \d+|\bliko (?:tik )?\d+|"
    r"залишил(?:ось|ося|ися) (?:лише |всього |тільки )?\d+|останні \d+ шт|"
    r"осталось (?:всего |только |лишь )?\d+|последние \d+ шт|"
    r"\btylko \d+ (?:szt|sztuk)|\b\d+ left in stock|"
    r"il ne reste (?:plus )?que \d+|solo quedan \d+|残り\s?\d+\s?(?:点|個|つ)(?!\s?以上)|"
    # es "¡Solo queda 1!", "Solo hay 3 disponibles"; pt "Restam 2", "Só restam 3", "Apenas 2
    # em estoque"; ja "あと2点"; zh "僅剩 3 件", "仅剩3件", "剩餘 2 件".
    r"\bqueda \d+|\bs[oó]lo hay \d+|\brestam (?:apenas )?\d+|\bapenas \d+ (?:em estoque|unidade)|"
    r"あと\s?\d+\s?(?:点|個|つ)|(?:僅剩|仅剩|剩餘|剩余|只剩)\s?\d+\s?(?:件|個|个)|"
    # fi "Vain 3 kpl jäljellä", "Enää 2 kpl"; nb "Bare 3 igjen", "Kun 2 stk. igjen".
    r"\b(?:vain|enää) \d+ kpl|\bbare \d+ (?:stk\.? )?igjen|"
    # ar "باقي 3 فقط" / "تبقى 3 فقط" (only 3 left); ko "3개 남음" (3 left).
    r"(?:باقي|تبقى|متبقي|بقي) \d+ فقط|\d+\s?개 남(?:음|았)|잔여 \d+|"
    # zh "最後2件"; th "เหลือเพียง 3 ชิ้น"; vi "Chỉ còn 2"; id/ms "Sisa 2", "Hanya 2 lagi"; he
    # "נותרו 2 יחידות".
    r"(?:最后|最後)\s?\d+\s?(?:件|個|个)|เหลือ(?:เพียง|แค่)?\s?\d+\s?ชิ้น|\bchỉ còn (?:lại )?\d+|"
    r"\bcòn \d+ sản phẩm|\b(?:sisa|tersisa|tinggal|baki) \d+(?! hari| jam| menit)|"
    r"\bhanya (?:tersisa |tinggal )?\d+ (?:lagi|unit|pcs|buah)|"
    r"(?:נותרו|נשארו|נותר|נשאר) (?:רק )?\d+|"
    # ro "Ultimele 2 bucăți", "Doar 3 bucăți în stoc", "Au mai rămas 2"; hu "Utolsó 2 db",
    # "Már csak 2 db"; cs/sk "Posledné 2 ks", "Poslední 3 kusy"; el "Τελευταία 2 τεμάχια";
    # tr "Son 2 ürün"; hr/sl "Još samo 2", "Samo še 2"; bg "Последни 2 бр.".
    r"\bultimel?e \d+|\b(?:doar|numai) \d+ (?:buc|produs)|\bau mai rămas \d+|"
    r"\butolsó \d+ (?:db|darab)|\b(?:már )?csak \d+ (?:db|darab)|"
    r"\bposledn(?:í|é|ích|ých) \d+ (?:ks|kus)|τελευταία \d+|\bson \d+ (?:ürün|adet)|"
    r"\bjoš samo \d+|\bsamo še \d+|последни \d+|"
    # "Disponibilità: solo 2 — ordina subito": a count straight after the stock label.
    r"(?:disponibilità|availability|verfügbarkeit|disponibilité|disponibilidad|beschikbaarheid)"
    r"\W+(?:solo|only|nur|seulement|sólo|slechts) \d+\b"
)
# "Almost sold out" holds "sold out": read before the out-of-stock words it contains.
_ALMOST_GONE = re.compile(
    r"\b(?:almost|nearly) (?:sold out|gone)|selling fast|fast ausverkauft|beinahe ausverkauft|"
    r"presque épuisé|bientôt épuisé|casi agotado|quasi esaurit|bijna uitverkocht|"
    r"nästan slut|næsten udsolgt|nesten utsolgt|prawie wyprzedan|lähes loppu|"
    # "Limited stock", "Stock limité", "Beperkte voorraad": few left, said without a count.
    r"limited stock|stock limité|stock limitado|disponibilità limitata|beperkte voorraad|"
    r"begrenzte stückzahl|begrenzter vorrat|begränsat lager|begrænset lager|"
    r"begrenset lager|ograniczona (?:ilość|dostępność)|wenige auf lager|품절\s?임박|"
    # ro/hu/cs/el: "Ultimele bucăți", "Stoc limitat", "Utolsó darabok", "Poslední kusy",
    # "Τελευταία τεμάχια" ("Ultimele produse", "Son ürünler" head lists of new products).
    r"ultimele (?:bucăți|bucăţi|bucati)|stoc (?:limitat|redus)|utolsó darabok|"
    r"posledn(?:í|é) kusy|τελευταία τεμάχια|περιορισμένο απόθεμα|"
    # pt "Quase esgotado" and sv "Snart slut" hold their out-of-stock words; fr "Plus qu'un
    # exemplaire".
    r"quase esgotad|snart slut|即将售罄|即將售罄|即将售完|即將售完|ใกล้หมด|sắp hết|hampir habis|"
    r"stok terhad|stok terbatas|stok menipis|أوشك على النفاد|أوشكت الكمية|"
    r"plus qu'(?:un|une) (?:seul|exemplaire|article|pièce)"
)


def _top_level_alternatives(pattern: str) -> list[str]:
    """A pattern's branches outside any group: "a|b(?:c|d)" -> ["a", "b(?:c|d)"]."""
    alts: list[str] = []
    depth = start = i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        depth += 1 if char == "(" else -1 if char == ")" else 0
        if char == "|" and depth == 0:
            alts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*alts, pattern[start:]]


# The counts written in Greek, Cyrillic, Hebrew, Arabic, Thai, CJK or Hangul letters are
# searched only in texts that hold a character past ASCII: most texts a walk reads are ASCII,
# and those branches were half the cost of the search.
_FEW_LEFT_ALTS = _top_level_alternatives(_FEW_LEFT.pattern)
_FEW_LEFT_SCRIPTS = re.compile(
    "|".join(a for a in _FEW_LEFT_ALTS if any(ord(c) >= 0x370 for c in a))
)
_FEW_LEFT = re.compile("|".join(a for a in _FEW_LEFT_ALTS if all(ord(c) < 0x370 for c in a)))
_DIGIT = re.compile(r"\d")
_PLENTY = 10  # "only N left" with more than this many says nothing of a shortage


# Delivery weeks away ("Lieferzeit 2-3 Wochen", "ships in 3-4 weeks", "expédition sous 3
# semaines"): the item is ordered in for the shopper, i.e. on backorder. Days are stock.
_WEEKS_AWAY = re.compile(
    r"\b(\d+)\s*(?:(?:-|–|~|〜|～|to|bis|à|a|tot|till|til|do)\s*\d+\s*)?"
    r"(?:weeks?|wochen|semaines|semanas|settimane|weken|veckor|uger|uker|tygodni|tygodnie|viikkoa|"
    # cs sk sl hr hu ro bg el tr et lv lt uk ru
    r"týdn\w*|týžd\w*|tedn\w*|tjedn\w*|tjedana|hét|săptămân\w*|saptamani|седмиц\w*|"
    r"εβδομάδ\w*|hafta|nädala\w*|nedēļ\w*|savait\w*|тижн\w*|тиждень|недел\w*|недель|"
    r"tuần|minggu|שבועות|أسابيع)\b|"
    # ja ko zh th: no word boundary after the unit ("2〜3週間で発送").
    r"\b(\d+)\s*(?:(?:-|–|~|〜|～)\s*\d+\s*)?(?:週間|週|周|주|สัปดาห์)"
)
# "In stock, delivery in 2 weeks" says the shelf has it: the weeks are the carrier's.
_ON_SHELF = re.compile(
    r"(?<!not )in stock|(?<!nicht )auf lager|en stock|(?<!niet )op voorraad|(?<!ej )\bi lager|"
    r"(?<!ikke )på lager|na stanie|in magazzino|(?<!nicht )vorrätig|en existencia|"
    r"(?<!není )skladem|(?<!je )skladom|(?<!ni )na zalogi|(?<!nema )na stanju|"
    r"(?<!nincs )raktáron|(?<!este )în stoc|(?<!няма )в наличност|σε απόθεμα|stokta(?! yok)|"
    r"(?<!nav )noliktavā|(?<!nėra )sandėlyje|(?<!немає )в наявності|(?<!нет )в наличии|"
    r"(?<!нет )на складе|在庫あり|재고 있음|现货|現貨|有货|有貨|(?<!ไม่)มีสินค้า|còn hàng|"
    r"stok tersedia|ready stock|dalam stok|(?<!לא )במלאי|في المخزون"
)
_DELIVERY = re.compile(
    r"liefer|versand|ship|deliver|dispatch|expédi|livraison|délai|entrega|envío|consegna|"
    r"spedizion|spedit|lever|wysył|dostaw|toimitus|realizac|envio|"
    # "Available in 2-3 weeks", "Disponibile in 2-3 settimane": the stock line is the date.
    r"available in|disponibil\w* (?:in|en|em)|verfügbar in|beschikbaar in|"
    r"dodání|dodac|doruč|dodanie|dodáv|dobav|isporuk|dostava|szállít|livrare|доставк|"
    r"срок|παράδοση|αποστολ|kargo|tedarik|temin|teslim|tarne|piegād|pristaty|atgabenam|"
    r"поставк|відправ|отгруз|dostupn[éý] do|rendelhető|"
    r"発送|お届け|出荷|納期|배송|발송|출고|소요|发货|發貨|出貨|出货|到货|到貨|จัดส่ง|รอสินค้า|"
    r"\binden\b|giao hàng|hàng về|pengiriman|dikirim|penghantaran|אספקה|משלוח|توصيل|الشحن|شحن"
)
# "Nicht an Lager – bestellbar": the shelf is empty, but the shop takes the order.
_ORDERABLE = re.compile(
    r"(?<!nicht )(?<!nicht mehr )\bbestellbar|(?<!not )can be ordered|(?<!not )orderable|"
    r"(?<!pas )commandable|(?<!non )ordinabile|(?<!niet )bestelbaar|(?<!ikke )kan bestilles|"
    r"(?<!nelze )objednat|(?<!nem )rendelhető|poate fi comandat|sipariş verilebilir|tellitav|"
    r"pasūtām|galima užsakyti|(?<!нельзя )заказать|(?<!не можна )замовити|tilattavissa"
)
# "No longer available online for the moment": out of stock for now, not discontinued.
_FOR_NOW = re.compile(
    r"for (?:the|a) moment|at the moment|for now|pour le moment|momentanément|"
    r"actuellement|zur zeit|zurzeit|derzeit|por el momento|de momento|al momento|"
    r"momentaneamente|op dit moment|momenteel|tijdelijk"
)


# "Nur noch wenige Größen verfügbar", "Only a few sizes left": the range of sizes or colours
# is thinning, which says nothing of the one selected (its own line or button does).
_FEW_VARIANTS = re.compile(
    r"(?:wenige|few|peu de|pocas|poche|weinig|få|nieliczne|niewiele) "
    r"(?:größen|grössen|sizes|tailles|tallas|taglie|maten|storlekar|størrelser|rozmiar\w*|"
    r"farben|colou?rs|couleurs|colores|colori|kleuren|färger|farver|kolor\w*|varianten|variants)"
)


# "Subscribe & Save not available for this item", "Geschenkverpackung nicht verfügbar": an
# option of the purchase is unavailable, not the item.
_OPTION_UNAVAILABLE = re.compile(
    r"(?:subscribe|spar-?abo|abonnement|gift[- ]?wrap|geschenkverpackung|emballage cadeau|"
    r"protection plan|trade-?in|financing|finanzierung|installation|assembly|montageservice)"
    r".{0,40}(?:not available|unavailable|nicht verfügbar|indisponible|non disponibile|"
    r"no disponible|niet beschikbaar)"
)


# "在庫切れの場合はご連絡します" (should it be out of stock, we will write), "如遇缺貨": a shop's
# policy note about what happens if, which states no stock.
_CJK_IF = re.compile(r"の場合|の際|如遇|如果")


@lru_cache(maxsize=8192)
def phrase_availability(text: str) -> str | None:
    """The stock state a short visible text states, or None when it states none.

    Remembered per text: a page's walks ask about the same short texts more than once, and a
    crawl of one shop meets the same template texts on every page (~10 pattern scans each).
    """
    text = " ".join(text.lower().split())
    if (whole := _WHOLE.get(text.strip(" .!:;*-–—"))) is not None:
        return whole.value
    if not text or _OPTION_UNAVAILABLE.search(text) or _CJK_IF.search(text):
        return None
    digits = _DIGIT.search(text) is not None  # every count and lead time has one
    few = _FEW_LEFT.search(text) if digits else None
    if few is None and digits and not text.isascii():
        few = _FEW_LEFT_SCRIPTS.search(text)
    if few and _PLENTY < int(re.findall(r"\d+", few.group())[-1]):
        # "Pozostało 23 z 150 szt." (a flash sale's counter): a count that size is no shortage.
        return None
    if few or _ALMOST_GONE.search(text):
        return None if _FEW_VARIANTS.search(text) else Availability.LimitedAvailability.value
    away = _WEEKS_AWAY.search(text) if digits else None
    weeks = away and int(away.group(1) or away.group(2)) >= 2 and _DELIVERY.search(text)
    weeks = weeks and not _ON_SHELF.search(text)
    for avail, pattern in _PATTERNS:
        if pattern.search(text):
            if avail is Availability.Discontinued and _FOR_NOW.search(text):
                return Availability.OutOfStock.value
            if avail is Availability.InStock and weeks:
                break  # "Lieferbar in 2-3 Wochen": orderable, but not on the shelf
            if avail is Availability.OutOfStock and weeks and _ORDERABLE.search(text):
                break  # "Nicht an Lager – bestellbar, Lieferzeit 3–4 Wochen": ordered in
            if avail is not Availability.OutOfStock and _FEW_VARIANTS.search(text):
                return None  # checked only here: most texts a walk reads say no stock at all
            return avail.value
    return Availability.BackOrder.value if weeks else None
