"""How much of each kind of real-world mess the generator writes (shares of rows or persons)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MessRates(BaseModel):
    """Each rate is a share in [0, 1]; `scaled(k)` multiplies them all (capped at 1)."""

    model_config = ConfigDict(extra="forbid")

    email_case: float = Field(0.15, ge=0, le=1, description="emails in mixed case")
    email_whitespace: float = Field(0.05, ge=0, le=1, description="emails with stray blanks")
    gmail_variant: float = Field(0.3, ge=0, le=1, description="Gmail addresses with dots/+tags")
    phone_national: float = Field(0.35, ge=0, le=1, description="phones in national format")
    phone_punctuated: float = Field(0.25, ge=0, le=1, description="phones with () - . spaces")
    phone_intl_prefix: float = Field(0.1, ge=0, le=1, description="phones with 00/011 prefix")
    phone_trunk_bracket: float = Field(0.05, ge=0, le=1, description="phones like +49 (0)151")
    name_typo: float = Field(0.03, ge=0, le=1, description="names with a typo")
    nickname: float = Field(0.05, ge=0, le=1, description="first names as nicknames")
    household_email: float = Field(0.002, ge=0, le=1, description="persons sharing an email")
    family_device: float = Field(0.005, ge=0, le=1, description="persons sharing a tablet")
    kiosk_event: float = Field(0.01, ge=0, le=1, description="web events on in-store kiosks")
    junk_value: float = Field(0.005, ge=0, le=1, description="staff junk in email/phone fields")
    anonymous_identify: float = Field(
        0.99, ge=0, le=1, description="anonymous visitors who identify"
    )
    email_change: float = Field(0.05, ge=0, le=1, description="persons who change email")
    phone_change: float = Field(0.03, ge=0, le=1, description="persons who change phone")
    duplicate_delivery: float = Field(0.02, ge=0, le=1, description="rows delivered twice")
    late_event: float = Field(0.05, ge=0, le=1, description="events received days late")
    malformed_row: float = Field(0.005, ge=0, le=1, description="malformed rows per table")

    def scaled(self, factor: float) -> MessRates:
        return MessRates(**{k: min(1.0, v * factor) for k, v in self.model_dump().items()})

    def with_overrides(self, overrides: dict[str, float]) -> MessRates:
        unknown = sorted(set(overrides) - set(type(self).model_fields))
        if unknown:
            valid = ", ".join(type(self).model_fields)
            raise ValueError(f"Unknown mess kind(s) {', '.join(unknown)}; valid kinds: {valid}")
        return MessRates(**{**self.model_dump(), **overrides})
