"""Signatures of outgoing events: what the dispatcher signs, `verify_signature` accepts, and nothing else."""

from __future__ import annotations

import hashlib
import hmac

from bobhub.events import generate_secret, sign, verify_signature

SECRET = "whsec_a-secret-for-tests"
BODY = b'{"id":"evt_1","type":"employee.created","data":{}}'
NOW = 1_700_000_000


class TestSign:
    def test_is_an_hmac_sha256_of_timestamp_dot_body(self):
        expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
        assert sign(SECRET, BODY, NOW) == f"t={NOW},v1={expected}"

    def test_generated_secrets_are_long_and_distinct(self):
        first, second = generate_secret(), generate_secret()
        assert first.startswith("whsec_")
        assert len(first) > 40
        assert first != second


class TestVerify:
    def test_accepts_its_own_signature(self):
        assert verify_signature(SECRET, sign(SECRET, BODY, NOW), BODY, now=NOW + 10)

    def test_accepts_the_body_as_text(self):
        assert verify_signature(SECRET, sign(SECRET, BODY, NOW), BODY.decode(), now=NOW)

    def test_accepts_any_of_several_signatures(self):
        header = sign(SECRET, BODY, NOW) + ",v1=" + "0" * 64
        assert verify_signature(SECRET, header, BODY, now=NOW)

    def test_refuses_a_tampered_body(self):
        assert not verify_signature(
            SECRET, sign(SECRET, BODY, NOW), BODY.replace(b"created", b"deleted"), now=NOW
        )

    def test_refuses_another_secret(self):
        assert not verify_signature("whsec_another", sign(SECRET, BODY, NOW), BODY, now=NOW)

    def test_refuses_a_changed_timestamp(self):
        header = sign(SECRET, BODY, NOW).replace(f"t={NOW}", f"t={NOW + 1}")
        assert not verify_signature(SECRET, header, BODY, now=NOW)

    def test_refuses_an_old_signature(self):
        header = sign(SECRET, BODY, NOW)
        assert verify_signature(SECRET, header, BODY, now=NOW + 300)
        assert not verify_signature(SECRET, header, BODY, now=NOW + 301)
        assert verify_signature(SECRET, header, BODY, tolerance=3600, now=NOW + 301)

    def test_refuses_malformed_headers(self):
        good = sign(SECRET, BODY, NOW)
        for header in (
            None,
            "",
            "v1=abc",
            f"t={NOW}",
            f"t=soon,{good.split(',')[1]}",
            f"t={NOW},t={NOW},v1=x",
        ):
            assert not verify_signature(SECRET, header, BODY, now=NOW), header

    def test_uses_the_clock_when_no_time_is_given(self):
        assert verify_signature(SECRET, sign(SECRET, BODY), BODY)
