"""person_id is stable: unrelated data changes nothing; merges keep the older id; splits restore."""

from __future__ import annotations

import pytest

from tests.integration.test_identity import (
    IDENTITY_MODELS,
    T0,
    T1,
    T2,
    crm_contact,
    loyalty_member,
    person_of,
    shop_customer,
)
from tests.rawdata import land

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("identity_stability")]

PAUL = shop_customer("S-1", email="paul.martin@orange.fr", country="FR", at=T0)
# Quinn is newer than Paul and holds no shop id, so a bridge merges them without a conflict.
QUINN = loyalty_member("L-2", email="quinn.byrne@eircom.net", phone="+353 87 123 4567", at=T1)
ROSA = shop_customer("S-3", email="rosa.garcia@telefonica.es", country="ES", at=T2)
BRIDGE = crm_contact("C-9", email="paul.martin@orange.fr", phone="+353871234567", at=T2)


def build(warehouse, shop, crm, loyalty):
    land(warehouse, {"shop_customers": shop, "crm_contacts": crm, "loyalty_members": loyalty})
    # `run`: the models only (their tests run in test_identity); each build must be quick.
    warehouse.dbt("run", "--select", IDENTITY_MODELS)


def changes(warehouse):
    return warehouse.query(
        "select old_person_id, new_person_id, change_kind from audit.identity_merges_and_splits"
        " order by detected_at, change_kind"
    )


def test_person_ids_survive_new_people_merges_and_splits(warehouse):
    warehouse.dbt("seed", "--select", "reference")
    build(warehouse, [PAUL], [], [QUINN])
    paul = person_of(warehouse, "shop_customer_id", "S-1")
    quinn = person_of(warehouse, "loyalty_card_number", "L-2")
    assert paul and quinn and paul != quinn
    assert changes(warehouse) == []

    # Unrelated new person: nobody's id changes, nothing is recorded.
    build(warehouse, [PAUL, ROSA], [], [QUINN])
    assert person_of(warehouse, "shop_customer_id", "S-1") == paul
    assert person_of(warehouse, "loyalty_card_number", "L-2") == quinn
    assert changes(warehouse) == []

    # A CRM contact with Paul's email and Quinn's phone merges them: the older id (Paul's) wins.
    build(warehouse, [PAUL, ROSA], [BRIDGE], [QUINN])
    assert person_of(warehouse, "loyalty_card_number", "L-2") == paul
    assert person_of(warehouse, "crm_contact_id", "C-9") == paul
    assert changes(warehouse) == [(quinn, paul, "merge")]

    # The bridging record goes away: they split, and each side has its old id back.
    build(warehouse, [PAUL, ROSA], [], [QUINN])
    assert person_of(warehouse, "shop_customer_id", "S-1") == paul
    assert person_of(warehouse, "loyalty_card_number", "L-2") == quinn
    assert changes(warehouse)[-1] == (paul, quinn, "split")
