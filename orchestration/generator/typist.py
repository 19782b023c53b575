"""Identifiers as people and staff type them into each source: emails, phones and names, with
the mess the rates ask for. Every value written is recorded in the truth and the mess log."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.generator import names
from orchestration.generator.context import Context
from orchestration.generator.phones import STYLES, write_phones
from orchestration.generator.text import join, pick, where
from orchestration.generator.vocab import COUNTRY_CODES, JUNK_EMAILS, JUNK_PHONES

GMAIL_TAGS = ("+shop", "+news", "+2026", "+deals", "+orders", "+spam")
BLANKS = (" {}", "{} ", "  {}  ", "{}\t", "\t{}")


def patch(values: pa.Array, mask: np.ndarray, change) -> pa.Array:
    """values with change(subset) written where mask holds (only the subset is computed)."""
    if not mask.any():
        return values
    subset = pc.filter(values, pa.array(mask))
    return pc.replace_with_mask(values, pa.array(mask), change(subset))


def email(ctx: Context, table: str, people: np.ndarray, at: np.ndarray) -> pa.Array:
    """Each person's address in use at `at`, as typed into `table`."""
    rng, rates, m = ctx.rng, ctx.rates, people.size
    local, domain, changed = ctx.people.emails_at(people, at)
    ctx.mess.add(table, "email_change", changed)

    gmail = np.isin(domain, names.gmail_index()) & (rng.random(m) < rates.gmail_variant)
    how = rng.integers(0, 4, m)
    local = patch(local, gmail & (how == 0), lambda v: pc.replace_substring(v, ".", ""))
    local = patch(
        local,
        gmail & (how == 1),
        lambda v: pc.replace_substring_regex(v, "^([a-z])([a-z])", r"\1.\2"),
    )
    tagged = gmail & (how == 2)
    tags = pick(GMAIL_TAGS, rng.integers(0, len(GMAIL_TAGS), int(tagged.sum())))
    local = patch(local, tagged, lambda v: join(v, tags))
    domain = np.where(gmail & (how == 3), names.googlemail_index(), domain)
    ctx.mess.add(table, "gmail_variant", gmail)
    value = join(local, "@", pick(names.domains().values, domain))

    broken = rng.random(m) < rates.malformed_email
    if broken.any():
        form = rng.integers(0, 5, m)
        domain_text = pick(names.domains().values, domain)
        stem = pc.replace_substring_regex(domain_text, r"\.[a-z.]+$", "")
        forms = [
            join(local, "@@", domain_text),
            join(local, "@", stem),
            join(local, ".", domain_text),
            join(local, "@"),
            join(local, " at ", domain_text),
        ]
        for k, text in enumerate(forms):
            value = where(broken & (form == k), text, value)
        ctx.mess.add(table, "malformed_email", broken)

    case = rng.random(m) < rates.email_case
    how = rng.integers(0, 3, m)
    value = patch(value, case & (how == 0), pc.utf8_upper)
    value = patch(value, case & (how == 1), pc.utf8_title)
    value = patch(value, case & (how == 2), pc.utf8_capitalize)
    ctx.mess.add(table, "email_case", case)

    value = _blanks(ctx, table, value, rng.random(m) < rates.email_whitespace, "email_whitespace")
    value = _junk(ctx, table, value, JUNK_EMAILS)
    household = ctx.people.household_leader[people] >= 0
    ctx.mess.add(table, "household_email", household & ~changed)
    return value


def phone(
    ctx: Context,
    table: str,
    people: np.ndarray,
    at: np.ndarray,
    region: np.ndarray | None = None,
) -> pa.Array:
    """Each person's number in use at `at`, as typed into a `table` record read in `region`
    (country indexes; None: the source's default region, DE)."""
    if region is None:
        region = np.full(people.size, COUNTRY_CODES.index("DE"))
    numbers, changed = ctx.people.phones_at(people, at)
    ctx.mess.add(table, "phone_change", changed)
    written = write_phones(ctx.rng, numbers, region, ctx.rates)
    for s, style in enumerate(STYLES):
        if style != "plus":
            ctx.mess.add(table, f"phone_{'idd' if style == 'idd' else style}", written.style == s)
    ctx.mess.add(table, "phone_punctuated", written.punctuated & (written.style != 2))
    junk = ctx.rng.random(people.size) < ctx.rates.junk_value
    value = _replace_junk(ctx, written.text, junk, JUNK_PHONES)
    ctx.mess.add(table, "junk_value", junk)
    if ctx.phones is not None:
        good = pa.array(~junk)
        ctx.phones.add(
            table,
            pc.filter(written.text, good),
            pc.filter(pick(COUNTRY_CODES, region), good),
            pc.filter(numbers.e164(), good),
        )
    return value


def person_names(ctx: Context, table: str, people: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """First and last names as typed: nicknames and typos at their rates."""
    rng, rates, m = ctx.rng, ctx.rates, people.size
    first_idx = ctx.people.first[people]
    nicknames = names.nicknames()
    full_names = names.first_names().values
    has_nick = np.array([n != f for n, f in zip(nicknames, full_names, strict=True)])
    nick = has_nick[first_idx] & (rng.random(m) < rates.nickname)
    first = pick(names.first_names().values, first_idx)
    first = where(nick, pick(nicknames, first_idx), first)
    ctx.mess.add(table, "nickname", nick)
    last = pick(names.last_names().values, ctx.people.last[people])
    typo = rng.random(m) < rates.name_typo
    on_first = rng.random(m) < 0.4
    how = rng.integers(0, 3, m)
    rules = [
        (r"^(..)(.)(.*)$", r"\1\3"),  # a letter dropped
        (r"^(.*)(.)$", r"\1\2\2"),  # a letter doubled
        (r"^(.)(.)(.)(.*)$", r"\1\3\2\4"),  # two letters swapped
    ]
    for k, (pattern, replacement) in enumerate(rules):
        mask = typo & (how == k)

        def change(v, pattern=pattern, replacement=replacement):
            return pc.replace_substring_regex(v, pattern, replacement)

        first = patch(first, mask & on_first, change)
        last = patch(last, mask & ~on_first, change)
    ctx.mess.add(table, "name_typo", typo)
    return first, last


def _blanks(ctx: Context, table: str, value: pa.Array, mask: np.ndarray, kind: str) -> pa.Array:
    how = ctx.rng.integers(0, len(BLANKS), len(value))
    for k, form in enumerate(BLANKS):
        before, after = form.split("{}")
        value = patch(value, mask & (how == k), lambda v, b=before, a=after: join(b, v, a))
    ctx.mess.add(table, kind, mask)
    return value


def _junk(ctx: Context, table: str, value: pa.Array, junk_values: tuple[str, ...]) -> pa.Array:
    junk = ctx.rng.random(len(value)) < ctx.rates.junk_value
    ctx.mess.add(table, "junk_value", junk)
    return _replace_junk(ctx, value, junk, junk_values)


def _replace_junk(
    ctx: Context, value: pa.Array, junk: np.ndarray, junk_values: tuple[str, ...]
) -> pa.Array:
    which = ctx.rng.integers(0, len(junk_values), int(junk.sum()))
    if not junk.any():
        return value
    return pc.replace_with_mask(value, pa.array(junk), pick(junk_values, which))
