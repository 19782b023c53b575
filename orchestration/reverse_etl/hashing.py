"""Hashed identifiers for ad platforms: each platform normalises before SHA-256 differently.

- Google (Customer Match): trim, lower-case; Gmail/Googlemail addresses lose the dots and any
  +tag of the local part; phones in E.164 with the leading `+`.
- Meta (Custom Audiences): trim, lower-case, no Gmail folding; phones as digits only with the
  country code and no `+`.
"""

from __future__ import annotations

import hashlib
from typing import Literal

import phonenumbers

Platform = Literal["google", "meta"]
GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def normalise_email(value: str, platform: Platform) -> str:
    email = value.strip().lower()
    if platform == "google" and "@" in email:
        local, _, domain = email.rpartition("@")
        if domain in GMAIL_DOMAINS:
            local = local.split("+", 1)[0].replace(".", "")
            email = f"{local}@{domain}"
    return email


def normalise_phone(value: str, platform: Platform, region: str | None = None) -> str:
    raw = value.strip()
    try:
        number = phonenumbers.parse(raw, None if raw.startswith("+") else region)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        digits = "".join(ch for ch in raw if ch.isdigit())
        e164 = "+" + digits
    return e164 if platform == "google" else e164.lstrip("+")


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def hashed_identifier(kind: str, value: str, platform: Platform) -> str:
    if kind == "email":
        return sha256_hex(normalise_email(value, platform))
    if kind == "phone":
        return sha256_hex(normalise_phone(value, platform))
    raise ValueError(
        f"No {platform} normalisation for identifier kind {kind!r}: use email or phone."
    )
