"""The raw-source contract (DESIGN.md, "Raw sources"): tables and their columns, in order."""

from __future__ import annotations

RAW_TABLES: dict[str, list[str]] = {
    "shop_customers": [
        "id", "email", "phone", "first_name", "last_name", "accepts_marketing", "country_code",
        "created_at", "updated_at",
    ],
    "shop_orders": [
        "id", "customer_id", "email", "phone", "order_number", "currency", "total_price",
        "financial_status", "shipping_country", "created_at", "updated_at", "cancelled_at",
    ],
    "shop_order_lines": ["id", "order_id", "sku", "quantity", "unit_price"],
    "crm_contacts": [
        "contact_id", "account_id", "email", "phone", "mobile_phone", "first_name", "last_name",
        "mailing_country", "lead_source", "created_date", "last_modified_date", "is_deleted",
    ],
    "web_events": [
        "message_id", "type", "event", "anonymous_id", "user_id", "device_id", "ip",
        "user_agent", "traits_email", "properties", "sent_at", "received_at",
    ],
    "esp_events": ["event_id", "email", "campaign_id", "event_type", "occurred_at"],
    "pos_transactions": [
        "transaction_id", "store_id", "loyalty_card_number", "phone", "total_amount", "currency",
        "occurred_at",
    ],
    "pos_transaction_lines": ["transaction_id", "line_number", "sku", "quantity", "amount"],
    "loyalty_members": [
        "card_number", "email", "phone", "first_name", "last_name", "tier", "enrolled_at",
    ],
    "support_tickets": [
        "ticket_id", "requester_email", "requester_phone", "channel", "subject", "status",
        "priority", "csat_score", "created_at", "solved_at",
    ],
    "consent_events": [
        "event_id", "subject_type", "subject_value", "purpose", "channel", "action",
        "legal_basis", "consent_text_version", "language", "country", "region", "source_system",
        "collection_point", "occurred_at", "received_at", "proof_ref",
    ],
    "privacy_requests": [
        "request_id", "subject_type", "subject_value", "request_type", "jurisdiction",
        "received_at", "verified_at",
    ],
    "preference_submissions": [
        "submission_id", "email", "preferred_channel", "frequency", "interests", "submitted_at",
    ],
    "erp_products": [
        "sku", "product_name", "category", "brand", "unit_cost", "list_price", "currency",
        "is_active",
    ],
    "erp_inventory": ["sku", "location_id", "on_hand_qty", "reserved_qty", "snapshot_at"],
}  # fmt: skip

# The key column of each raw table (a malformed row may have it empty).
KEYS: dict[str, str] = {
    "shop_customers": "id",
    "shop_orders": "id",
    "shop_order_lines": "id",
    "crm_contacts": "contact_id",
    "web_events": "message_id",
    "esp_events": "event_id",
    "pos_transactions": "transaction_id",
    "pos_transaction_lines": "transaction_id",
    "loyalty_members": "card_number",
    "support_tickets": "ticket_id",
    "consent_events": "event_id",
    "privacy_requests": "request_id",
    "preference_submissions": "submission_id",
    "erp_products": "sku",
    "erp_inventory": "sku",
}

TRUTH_TABLE = ("truth", "person_identifiers")
TRUTH_COLUMNS = ["true_person_id", "identifier_type", "identifier_value"]
IDENTIFIER_TYPES = [
    "shop_customer_id",
    "crm_contact_id",
    "loyalty_card_number",
    "email",
    "phone",
    "anonymous_id",
    "device_id",
]
MARKER_TABLE = ("raw", "northstar_landed_tables")
MARKER_COLUMNS = ["table_name", "loaded_by", "loaded_at", "row_count"]

# Where a national-format phone of each table is read (the staging rule): the record's own
# country column, else the source's default region (seeds/reference/source_default_regions.csv).
PHONE_REGION_COLUMNS: dict[str, str | None] = {
    "shop_customers": "country_code",
    "shop_orders": "shipping_country",
    "crm_contacts": "mailing_country",
    "consent_events": "country",
    "privacy_requests": "jurisdiction",
    "loyalty_members": None,
    "pos_transactions": None,
    "support_tickets": None,
}
DEFAULT_REGION = "DE"
