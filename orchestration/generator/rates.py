"""How much of each kind of real-world mess the generator writes.

Every rate is a share in [0, 1] of a stated population (the field's description says which);
0 removes that kind of mess entirely. `--mess-scale` multiplies them all, `--mess name=rate`
sets one.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field


def _rate(default: float, description: str) -> float:
    return Field(default, ge=0.0, le=1.0, description=description)


class MessRates(BaseModel):
    """The rate of every kind of mess; see each field's description for its population."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Emails as people and staff type them (share of email values written).
    email_case: float = _rate(0.08, "emails typed in mixed or upper case")
    email_whitespace: float = _rate(0.03, "emails with stray leading/trailing blanks or tabs")
    gmail_variant: float = _rate(
        0.3, "Gmail addresses typed with dots, a +tag or @googlemail.com (share of Gmail values)"
    )
    # Phones (share of phone values written).
    phone_national: float = _rate(
        0.35, "phones in national format (where the record's region is the person's country)"
    )
    phone_idd: float = _rate(0.08, "phones with the international prefix (00, 011, 0011)")
    phone_punctuated: float = _rate(0.3, "phones with dashes, dots, slashes or brackets")
    phone_trunk_bracket: float = _rate(
        0.04, "phones like '+49 (0)151 ...' (countries with trunk prefix 0)"
    )
    # Names (share of name pairs written).
    name_typo: float = _rate(0.02, "names with a typo (dropped, doubled or swapped letter)")
    nickname: float = _rate(0.05, "first names written as a nickname (names that have one)")
    # Identifiers shared between people.
    household_email: float = _rate(0.004, "persons using a household member's email address")
    family_device: float = _rate(0.006, "web visitors who also browse on a shared family tablet")
    kiosk_login: float = _rate(0.01, "shop account holders who log in on an in-store kiosk")
    junk_value: float = _rate(
        0.005, "emails/phones typed by staff as junk (test@test.com, n/a, 0000000000, ...)"
    )
    # People over time.
    anonymous_identify: float = _rate(
        0.8, "browser sessions that identify after anonymous page views (else at once)"
    )
    anonymous_only: float = _rate(
        0.01, "browser sessions that never identify (no method can link them to a person)"
    )
    email_change: float = _rate(
        0.05, "persons with a shop account or CRM contact who change their email address"
    )
    phone_change: float = _rate(
        0.04, "persons with a shop account or CRM contact who change their phone number"
    )
    crm_duplicate: float = _rate(0.05, "CRM persons entered twice (a second contact id)")
    # Delivery (share of rows of every raw table).
    duplicate_delivery: float = _rate(0.01, "rows delivered twice (an exact copy)")
    late_event: float = _rate(0.03, "events received 2-10 days after they happened")
    timestamp_iso: float = _rate(0.05, "timestamps in ISO 8601 forms ('T', 'Z', '+01:00')")
    # Malformed values (share of rows of the tables that have such a column).
    malformed_email: float = _rate(0.003, "unparseable emails ('anna.mueller@@gmx.de')")
    malformed_date: float = _rate(0.002, "impossible or unparseable timestamps")
    negative_quantity: float = _rate(0.003, "negative quantities on order, POS and stock rows")
    unknown_currency: float = _rate(0.003, "orders and POS transactions in an unknown currency")
    empty_key: float = _rate(0.001, "rows whose key is empty, blank or null")
    unknown_consent_value: float = _rate(
        0.005, "consent events with an unknown purpose, channel or action"
    )

    @classmethod
    def names(cls) -> list[str]:
        return list(cls.model_fields)

    def scaled(self, factor: float) -> MessRates:
        """Every rate multiplied by `factor` (capped at 1)."""
        if factor < 0:
            raise ValueError(f"--mess-scale must be 0 or more, got {factor}")
        return MessRates(**{k: min(1.0, v * factor) for k, v in self.model_dump().items()})

    def with_overrides(self, overrides: dict[str, float]) -> MessRates:
        """These rates replaced; an unknown name is an error listing the valid names."""
        unknown = sorted(set(overrides) - set(self.names()))
        if unknown:
            valid = ", ".join(self.names())
            raise ValueError(f"Unknown mess kind(s): {', '.join(unknown)}. Valid kinds: {valid}")
        return MessRates(**{**self.model_dump(), **overrides})


def parse_overrides(items: Iterable[str]) -> dict[str, float]:
    """['email_case=0.2', ...] -> {'email_case': 0.2}; a malformed item raises ValueError."""
    overrides: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            rate = float(value)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise ValueError(f"--mess {item!r}: write it as name=rate, e.g. email_case=0.2")
        overrides[name.strip()] = rate
    return overrides
