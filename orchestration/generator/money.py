"""Currencies and prices: list prices are kept in EUR, converted with seeds/reference/currencies.csv
rates (rate_to_base: EUR per unit of the currency)."""

from __future__ import annotations

import numpy as np

from orchestration.generator.vocab import COUNTRIES

RATE_TO_EUR = {
    "AUD": 0.605, "CAD": 0.67, "CHF": 1.065, "CNY": 0.127, "EUR": 1.0, "GBP": 1.18,
    "SEK": 0.088, "USD": 0.915,
}  # fmt: skip
CURRENCIES = sorted(RATE_TO_EUR)
COUNTRY_CURRENCY = np.array([CURRENCIES.index(c.currency) for c in COUNTRIES])
RATES = np.array([RATE_TO_EUR[c] for c in CURRENCIES])


def local_price(eur: np.ndarray, currency: np.ndarray) -> np.ndarray:
    """A EUR list price in the currency (index into CURRENCIES), rounded to .x9 / .x5 endings
    the way shops price: 2 decimals, never below 0.95."""
    amount = eur / RATES[currency]
    rounded = np.floor(amount) + np.where(amount % 1 < 0.5, 0.49, 0.95)
    return np.round(np.maximum(rounded, 0.95), 2)
