"""What the generator draws from: countries, names, email domains, products, stores, campaigns.

Numbering facts (calling code, trunk and international prefixes) match
seeds/reference/country_dialing_rules.csv; a unit test keeps them in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    weight: float
    currency: str
    language: str
    calling_code: str
    trunk_prefix: str
    international_prefix: str
    # National formats of mobiles keep the trunk prefix (China writes mobiles without it).
    national_trunk: bool
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    email_domains: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COUNTRIES: tuple[Country, ...] = (
    Country(
        "DE", 0.30, "EUR", "de", "49", "0", "00", True,
        _names("Anna Lukas Sophie Maximilian Marie Paul Laura Jonas Lena Felix Julia Thomas "
               "Katharina Michael Leonie Tobias Sabine Stefan Johanna Matthias"),
        _names("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Koch "
               "Schäfer Bauer Richter Klein Wolf Neumann Schwarz Zimmermann Krüger Hartmann"),
        ("gmx.de", "web.de", "t-online.de", "gmail.com", "gmail.com", "outlook.de", "yahoo.de",
         "posteo.de", "freenet.de", "icloud.com"),
    ),
    Country(
        "AT", 0.05, "EUR", "de", "43", "0", "00", True,
        _names("Lukas Anna Tobias Lena Florian Sarah David Hannah Elias Magdalena Sebastian "
               "Theresa Johannes Katharina"),
        _names("Gruber Huber Bauer Wagner Müller Pichler Steiner Moser Mayer Hofer Leitner "
               "Berger Fuchs Eder"),
        ("gmx.at", "aon.at", "gmail.com", "chello.at", "a1.net", "outlook.com"),
    ),
    Country(
        "CH", 0.05, "CHF", "de", "41", "0", "00", True,
        _names("Luca Mia Noah Lea Leon Anna Elias Lara Nico Laura Jan Sara Reto Nadine"),
        _names("Müller Meier Schmid Keller Weber Huber Schneider Meyer Steiner Fischer "
               "Brunner Baumann Frei Zimmermann"),
        ("bluewin.ch", "gmx.ch", "gmail.com", "sunrise.ch", "hispeed.ch", "outlook.com"),
    ),
    Country(
        "GB", 0.10, "GBP", "en", "44", "0", "00", True,
        _names("Oliver Amelia George Isla Harry Olivia Jack Emily William Elizabeth Robert "
               "Charlotte James Sophie Thomas Grace"),
        _names("Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright "
               "Thompson Evans Walker White Roberts Green"),
        ("gmail.com", "gmail.com", "yahoo.co.uk", "hotmail.co.uk", "btinternet.com",
         "outlook.com", "sky.com", "icloud.com"),
    ),
    Country(
        "FR", 0.08, "EUR", "fr", "33", "0", "00", True,
        _names("Camille Louis Chloé Gabriel Léa Arthur Manon Jules Inès Hugo Sarah Lucas "
               "Nicolas Julie"),
        _names("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau "
               "Simon Laurent Lefebvre Michel"),
        ("orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr", "wanadoo.fr",
         "hotmail.fr"),
    ),
    Country(
        "NL", 0.05, "EUR", "nl", "31", "0", "00", True,
        _names("Daan Emma Sem Julia Lucas Mila Levi Tess Finn Sophie Bram Sanne Thijs Anouk"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
         "Visser", "Smit", "Meijer", "de Boer", "Mulder"),
        ("ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl", "planet.nl", "outlook.com"),
    ),
    Country(
        "US", 0.14, "USD", "en", "1", "1", "011", True,
        _names("James Mary Robert Patricia John Jennifer Michael Linda William Elizabeth "
               "David Barbara Richard Susan Joseph Jessica Christopher Sarah"),
        _names("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
               "Hernandez Lopez Wilson Anderson Taylor Moore"),
        ("gmail.com", "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com",
         "hotmail.com", "comcast.net"),
    ),
    Country(
        "CA", 0.03, "CAD", "en", "1", "1", "011", True,
        _names("Liam Olivia Noah Emma William Charlotte Benjamin Ava Lucas Amelia Ethan "
               "Chloé Daniel Sophie"),
        _names("Smith Brown Tremblay Martin Roy Wilson MacDonald Gagnon Johnson Taylor "
               "Côté Campbell Anderson Leblanc"),
        ("gmail.com", "rogers.com", "shaw.ca", "outlook.com", "sympatico.ca", "yahoo.ca"),
    ),
    Country(
        "ES", 0.04, "EUR", "es", "34", "", "00", False,
        _names("Lucía Hugo Sofía Martín María Pablo Paula Daniel Julia Alejandro Carmen "
               "Javier Elena Sergio"),
        _names("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez "
               "Martín Jiménez Ruiz Hernández Díaz"),
        ("gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"),
    ),
    Country(
        "IT", 0.04, "EUR", "it", "39", "", "00", False,
        _names("Francesco Sofia Alessandro Giulia Leonardo Aurora Lorenzo Alice Mattia "
               "Ginevra Andrea Chiara Marco Giorgia"),
        _names("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco "
               "Bruno Gallo Conti De Luca"),
        ("libero.it", "gmail.com", "virgilio.it", "tiscali.it", "alice.it", "hotmail.it"),
    ),
    Country(
        "SE", 0.02, "SEK", "sv", "46", "0", "00", True,
        _names("Elsa Oskar Alice William Maja Lucas Ella Liam Wilma Hugo Astrid Erik"),
        _names("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson "
               "Svensson Gustafsson Lindqvist Berg"),
        ("gmail.com", "telia.com", "hotmail.se", "outlook.com", "bredband.net"),
    ),
    Country(
        "IE", 0.02, "EUR", "en", "353", "0", "00", True,
        _names("Aoife Seán Saoirse Jack Ciara Conor Niamh Darragh Emma Oisín Róisín Cian"),
        _names("Murphy Kelly O'Sullivan Walsh Smith O'Brien Byrne Ryan O'Connor O'Neill "
               "Doyle McCarthy"),
        ("gmail.com", "eircom.net", "outlook.ie", "yahoo.ie", "hotmail.com"),
    ),
    Country(
        "AU", 0.04, "AUD", "en", "61", "0", "0011", True,
        _names("Charlotte Oliver Amelia Noah Isla Jack Olivia William Mia Leo Ava Thomas"),
        _names("Smith Jones Williams Brown Wilson Taylor Nguyen Johnson Martin White "
               "Anderson Walker"),
        ("gmail.com", "bigpond.com", "optusnet.com.au", "outlook.com", "icloud.com"),
    ),
    Country(
        "CN", 0.04, "CNY", "zh", "86", "0", "00", False,
        _names("Wei Fang Jing Lei Min Jun Yan Hui Tao Xiu Yong Li"),
        _names("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun"),
        ("qq.com", "163.com", "126.com", "gmail.com", "sina.com", "outlook.com"),
    ),
)  # fmt: skip

COUNTRY_CODES = [c.code for c in COUNTRIES]
COUNTRY_INDEX = {c.code: i for i, c in enumerate(COUNTRIES)}

NICKNAMES = {
    "Maximilian": "Max", "Katharina": "Kathi", "Michael": "Micha", "Matthias": "Matze",
    "Johannes": "Hannes", "Magdalena": "Leni", "Sebastian": "Basti", "Theresa": "Resi",
    "Florian": "Flo", "Elizabeth": "Liz", "William": "Bill", "Robert": "Bob",
    "Thomas": "Tom", "James": "Jim", "Jennifer": "Jenny", "Patricia": "Pat",
    "Christopher": "Chris", "Jessica": "Jess", "Richard": "Rick", "Joseph": "Joe",
    "Daniel": "Dan", "Benjamin": "Ben", "Alexander": "Alex", "Alessandro": "Sandro",
    "Francesco": "Cesco", "Alejandro": "Álex", "Nicolas": "Nico", "Charlotte": "Lotte",
    "Stefan": "Steff", "Sophie": "Sophia", "Oliver": "Olly", "Harry": "Haz",
    "Amelia": "Millie", "Olivia": "Liv", "Emily": "Em",
}  # fmt: skip

JUNK_EMAILS = (
    "test@test.com", "test@example.com", "noemail@noemail.com", "noemail@shop.invalid",
    "n/a", "null", "unknown", "none", "keine@email.de",
)  # fmt: skip
JUNK_PHONES = ("0000000000", "n/a", "null", "unknown", "000000", "-", "1234567890")
MALFORMED_EMAILS = (
    "{local}@@{domain}",
    "{local}@{domain_stem}",
    "{local}.{domain}",
    "{local}@",
    "@{domain}",
    "{local} at {domain}",
)

CATEGORIES = (
    "running", "outdoor", "fitness", "cycling", "swimming", "yoga", "hiking", "tennis",
    "football", "winter_sports", "climbing", "kids",
)  # fmt: skip
CATEGORY_WEIGHTS = (14, 12, 11, 9, 5, 6, 10, 4, 8, 6, 4, 11)
BRANDS = (
    "Northwind", "Alpina", "Stride", "Peakline", "Aqualis", "Terra", "Velox", "Kinetic",
    "Fjellstad", "Corsa", "Lumen", "Brisa",
)  # fmt: skip
PRODUCT_NOUNS = (
    "Shoe", "Jacket", "Shirt", "Shorts", "Bottle", "Backpack", "Cap", "Socks", "Gloves",
    "Tights", "Hoodie", "Mat", "Helmet", "Goggles", "Ball", "Racket",
)  # fmt: skip
PRODUCT_LINES = ("Pro", "Lite", "Trail", "Core", "Max", "Air", "Flex", "Storm", "Eco", "Classic")

# Physical stores (point of sale), with the country and currency they sell in.
STORES = (
    ("ST-BER-01", "DE"), ("ST-MUC-01", "DE"), ("ST-HAM-01", "DE"), ("ST-CGN-01", "DE"),
    ("ST-VIE-01", "AT"), ("ST-ZRH-01", "CH"), ("ST-LON-01", "GB"), ("ST-PAR-01", "FR"),
    ("ST-AMS-01", "NL"),
)  # fmt: skip
WAREHOUSES = ("WH-DE-1", "WH-DE-2", "WH-NL-1")
KIOSKS_PER_STORE = 2

CAMPAIGN_THEMES = (
    "spring-sale", "new-arrivals", "running-week", "summer-outdoor", "back-to-school",
    "autumn-trail", "black-friday", "cyber-monday", "christmas-gifts", "winter-sale",
    "loyalty-bonus", "newsletter", "win-back", "birthday", "product-care",
)  # fmt: skip
LEAD_SOURCES = ("web", "event", "referral", "partner", "store", "import", "advertisement")
TIERS = ("bronze", "silver", "gold", "platinum")
TIER_WEIGHTS = (0.55, 0.28, 0.13, 0.04)
TICKET_SUBJECTS = (
    "Where is my order?", "Return request", "Wrong size delivered", "Refund not received",
    "Question about a product", "Loyalty points missing", "Change delivery address",
    "Damaged item", "Cancel my order", "Newsletter: please unsubscribe me",
)  # fmt: skip
TICKET_CHANNELS = ("email", "phone", "chat", "web_form")
TICKET_STATUSES = ("new", "open", "pending", "solved", "closed")
TICKET_PRIORITIES = ("low", "normal", "high", "urgent")
FINANCIAL_STATUSES = ("paid", "pending", "authorized", "refunded", "partially_refunded", "voided")

USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 Chrome/125.0 Mobile",
)
TABLET_AGENT = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
KIOSK_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 NorthstarKiosk/2.1"
PAGE_PATHS = ("/", "/sale", "/account", "/cart", "/help", "/stores", "/new")
TRACK_EVENTS = ("Product Viewed", "Added to Cart", "Checkout Started", "Order Completed")

# US states for consent events' region (CCPA applies to CA).
US_STATES = ("CA", "NY", "TX", "FL", "WA", "IL", "MA")
US_STATE_WEIGHTS = (0.3, 0.2, 0.15, 0.12, 0.08, 0.08, 0.07)
