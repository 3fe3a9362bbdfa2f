"""The webhook helper: Bob-Signature checks against the raw body, and v2 envelopes parse."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from bobhub.hibob import InvalidWebhook, parse_webhook, sign, verify_signature
from bobhub.sandbox.webhooks import sign as sandbox_sign

SECRET = "whsec-test"
EVENT = {
    "companyId": 637323,
    "type": "employee.updated",
    "triggeredBy": "3332883884017713238",
    "triggeredAt": "2024-12-26T11:29:14.399997",
    "version": "v2",
    "data": {"employeeId": "3332883884017713238", "fieldUpdates": ["root.firstName"]},
}


def test_signature_is_base64_hmac_sha512_of_the_raw_body() -> None:
    body = json.dumps(EVENT).encode()
    expected = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha512).digest()).decode()
    assert sign(SECRET, body) == expected == sandbox_sign(SECRET, body)
    assert verify_signature(SECRET, body, expected)
    assert not verify_signature(SECRET, body + b" ", expected)
    assert not verify_signature("other", body, expected)
    assert not verify_signature(SECRET, body, None)


def test_parse_reads_the_v2_envelope() -> None:
    body = json.dumps(EVENT).encode()
    event = parse_webhook(body, sign(SECRET, body), SECRET)
    assert event.type == "employee.updated"
    assert event.company_id == 637323
    assert event.employee_id == "3332883884017713238"
    assert event.field_updates == ["root.firstName"]
    timeoff = {
        **EVENT,
        "type": "timeoff.request.approved",
        "data": {"timeoffRequestId": 5, "employeeId": "1"},
    }
    body = json.dumps(timeoff).encode()
    assert parse_webhook(body, sign(SECRET, body), SECRET).timeoff_request_id == 5


@pytest.mark.parametrize(
    "body",
    [b"not json", json.dumps({"type": "x"}).encode(), json.dumps({**EVENT, "version": "v1"}).encode()],
)
def test_bad_bodies_and_signatures_are_refused(body: bytes) -> None:
    with pytest.raises(InvalidWebhook):
        parse_webhook(body, sign(SECRET, body), SECRET)
    good = json.dumps(EVENT).encode()
    with pytest.raises(InvalidWebhook):
        parse_webhook(good, sign("wrong", good), SECRET)
