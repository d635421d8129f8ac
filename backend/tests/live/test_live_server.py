from __future__ import annotations

from tests.live.conftest import LiveServer


def test_the_live_server_answers_parallel_requests(live: LiveServer) -> None:
    headers = live.sign_up("admin")
    responses = live.parallel([lambda c: c.get("/api/v1/accounts", headers=headers)] * 8)
    assert [r.status_code for r in responses] == [200] * 8
