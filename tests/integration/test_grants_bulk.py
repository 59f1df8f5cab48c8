"""Bulk gold grants: a CSV credited in one transaction, once per batch key, bad rows failing alone, ledger balanced."""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.models.accounts import User
from casino_app.services import ledger
from casino_app.services.console import grant_csv, grants
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio
URL = "/api/admin/rewards/grant-bulk"


async def _token(client, role: str = "operator") -> tuple[int, str]:
    site_id = f"{role[:3]}{uuid.uuid4().hex[:8]}"
    staff_id = new_staff(role, site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return staff_id, response.json()["access_token"]


def _upload(csv_text: str | bytes, reason: str = "추석 이벤트 보상", batch_key: str | None = None) -> dict:
    content = csv_text.encode() if isinstance(csv_text, str) else csv_text
    data = {"reason": reason} if batch_key is None else {"reason": reason, "batch_key": batch_key}
    return {"files": {"file": ("grants.csv", content, "text/csv")}, "data": data}


def _count(sql: str) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql)) or 0)


async def test_grants_each_row_once_and_a_reupload_grants_nothing() -> None:
    a, b = new_player(), new_player()
    text = f"site_id,amount,note\n{a.user.site_id},500,추석\n{b.user.site_id.upper()},1200,\n"
    async with api_client() as client:
        staff_id, token = await _token(client)
        first = await client.post(URL, headers=bearer(token), **_upload(text))
        assert first.status_code == 200, first.text
        body = first.json()
        assert body["batch_key"] == hashlib.sha256(text.encode()).hexdigest()
        assert (body["rows"], body["granted"], body["failed"], body["total_gold"]) == (2, 2, 0, 1700)
        assert body["replayed"] is False
        assert body["results"][1] == {"row": 2, "site_id": b.user.site_id, "amount": 1200, "ok": True, "error": None}

        again = await client.post(URL, headers=bearer(token), **_upload(text, reason="다른 사유"))
        assert again.status_code == 200, again.text
        assert again.json()["replayed"] is True
        assert again.json()["results"] == body["results"]
        assert again.json()["reason"] == "추석 이벤트 보상"  # the stored batch, not this upload

        listed = (await client.get("/api/admin/rewards/grant-batches", headers=bearer(token))).json()
        assert [x["batch_key"] for x in listed] == [body["batch_key"]]
        one = await client.get(f"/api/admin/rewards/grant-batches/{body['batch_key']}", headers=bearer(token))
        assert one.json()["results"] == body["results"]
        missing = await client.get("/api/admin/rewards/grant-batches/nope", headers=bearer(token))
        assert_envelope(missing, 404, "NOT_FOUND")

    assert ledger.balance_of(a.user.id) == 1000 + 500
    assert ledger.balance_of(b.user.id) == 1000 + 1200
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 2
    assert _count("SELECT count(*) FROM grant_batches") == 1
    assert _count("SELECT count(*) FROM notifications WHERE kind = 'gold_granted' AND category = 'reward'") == 2
    with get_engine().connect() as conn:
        audit = conn.execute(sa.text("SELECT actor_id, action, target_id, details FROM audit_log")).all()
    assert len(audit) == 1
    assert audit[0].actor_id == staff_id
    assert audit[0].action == "gold.grant_bulk"
    assert audit[0].details["reason"] == "추석 이벤트 보상"
    assert audit[0].details["after"] == {"rows": 2, "granted": 2, "failed": 0, "total_gold": 1700}
    assert ledger.reconcile().ok


async def test_a_bad_row_fails_alone_with_its_code() -> None:
    good, banned = new_player(), new_player()
    with session_scope() as db:
        db.execute(sa.update(User.__table__).where(User.__table__.c.id == banned.user.id).values(is_active=False))
    staff_site = f"sta{uuid.uuid4().hex[:8]}"
    new_staff("support", site_id=staff_site)
    text = "\n".join(
        [
            "amount,site_id",
            f"100,{good.user.site_id}",
            "100,nobody_here",
            f"0,{good.user.site_id}",
            f"-5,{good.user.site_id}",
            f"2.5,{good.user.site_id}",
            f"{grant_csv.MAX_AMOUNT + 1},{good.user.site_id}",
            f"100,{staff_site}",
            f"100,{banned.user.site_id}",
            f'"1,000",{good.user.site_id}',
            f"100,{good.user.site_id},extra",
            "",
        ]
    )
    async with api_client() as client:
        _, token = await _token(client)
        response = await client.post(URL, headers=bearer(token), **_upload(text, batch_key="mixed-batch-1"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["batch_key"] == "mixed-batch-1"
    assert [(r["row"], r["ok"], r["error"]) for r in body["results"]] == [
        (1, True, None),
        (2, False, "SITE_ID_UNKNOWN"),
        (3, False, "AMOUNT_INVALID"),
        (4, False, "AMOUNT_INVALID"),
        (5, False, "AMOUNT_INVALID"),
        (6, False, "AMOUNT_TOO_LARGE"),
        (7, False, "STAFF_ACCOUNT"),
        (8, False, "PLAYER_INACTIVE"),
        (9, True, None),
        (10, False, "COLUMNS_MISMATCH"),
    ]
    assert (body["granted"], body["failed"], body["total_gold"]) == (2, 8, 1100)
    assert ledger.balance_of(good.user.id) == 1000 + 1100
    assert ledger.balance_of(banned.user.id) == 1000
    assert ledger.reconcile().ok


async def test_a_failure_mid_batch_grants_nothing_and_a_reupload_grants_everything_once(monkeypatch) -> None:
    players = [new_player() for _ in range(4)]
    text = "site_id,amount\n" + "".join(f"{p.user.site_id},{100 * (i + 1)}\n" for i, p in enumerate(players))
    staff_id = new_staff("operator")
    real_post = grants.ledger.post

    def failing_post(db, *, key: str, **kwargs):  # the database goes away while row 3 is credited
        if key.endswith(":3"):
            raise RuntimeError("connection lost")
        return real_post(db, key=key, **kwargs)

    monkeypatch.setattr(grants.ledger, "post", failing_post)
    with pytest.raises(RuntimeError):
        grants.grant_bulk(text.encode(), "보상", actor_id=staff_id)
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 0
    assert _count("SELECT count(*) FROM grant_batches") == 0
    assert _count("SELECT count(*) FROM audit_log") == 0
    assert _count("SELECT count(*) FROM notifications WHERE kind = 'gold_granted'") == 0
    assert [ledger.balance_of(p.user.id) for p in players] == [1000] * 4

    monkeypatch.setattr(grants.ledger, "post", real_post)
    result = grants.grant_bulk(text.encode(), "보상", actor_id=staff_id)
    assert (result.granted, result.failed, result.total_gold, result.replayed) == (4, 0, 1000, False)
    assert [ledger.balance_of(p.user.id) for p in players] == [1100, 1200, 1300, 1400]
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 4
    assert _count("SELECT count(*) FROM notifications WHERE kind = 'gold_granted'") == 4
    assert _count("SELECT count(*) FROM audit_log") == 1
    assert ledger.reconcile().ok


async def test_a_refused_row_rolls_back_alone_and_pushes_nothing(monkeypatch) -> None:
    a, b, c = new_player(), new_player(), new_player()
    text = f"site_id,amount\n{a.user.site_id},10\n{b.user.site_id},20\n{c.user.site_id},30\n"
    real_notify = grants.notifications.notify

    def notify(db, user_id: int, kind: str, **params):  # row 2's credit is posted, then its notice is refused
        real_notify(db, user_id, kind, **params)
        if user_id == b.user.id:
            raise grants.ValidationFailed(code="NOTE_INVALID")
        return True

    monkeypatch.setattr(grants.notifications, "notify", notify)
    pushed: list[tuple] = []
    monkeypatch.setattr("casino_app.services.realtime.to_user", lambda *args, **kw: pushed.append((args, kw)))
    result = grants.grant_bulk(text.encode(), "보상", actor_id=new_staff("operator"))
    assert [(r.row, r.ok, r.error) for r in result.results] == [
        (1, True, None),
        (2, False, "NOTE_INVALID"),
        (3, True, None),
    ]
    assert [ledger.balance_of(p.user.id) for p in (a, b, c)] == [1010, 1000, 1030]
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 2
    assert _count("SELECT count(*) FROM notifications WHERE kind = 'gold_granted'") == 2
    assert {args[0] for args, _ in pushed} == {a.user.id, c.user.id}  # no balance push for b's undone credit
    assert ledger.reconcile().ok


async def test_the_reason_is_not_part_of_the_ledger_request() -> None:
    player = new_player()
    text = f"site_id,amount,note\n{player.user.site_id},50,보너스\n"
    result = grants.grant_bulk(text.encode(), "첫 사유", actor_id=new_staff("operator"), batch_key="memo-1")
    assert result.granted == 1
    with get_engine().connect() as conn:
        memo = conn.execute(sa.text("SELECT memo FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'")).scalar_one()
    assert memo == {"batch_key": "memo-1", "note": "보너스"}
    with get_engine().connect() as conn:
        row = conn.execute(sa.text("SELECT reason FROM grant_batches")).one()
        details = conn.execute(sa.text("SELECT details FROM audit_log")).scalar_one()
    assert row.reason == "첫 사유"
    assert details["reason"] == "첫 사유"
    assert details["file_sha256"] == hashlib.sha256(text.encode()).hexdigest()


async def test_an_explicit_key_with_another_file_is_a_409_and_the_same_rows_replay() -> None:
    a, b = new_player(), new_player()
    text = f"site_id,amount,note\n{a.user.site_id},100,첫 지급\n"
    async with api_client() as client:
        _, token = await _token(client)
        first = await client.post(URL, headers=bearer(token), **_upload(text, batch_key="event-2026-09"))
        assert first.status_code == 200, first.text
        for other in (
            f"site_id,amount,note\n{b.user.site_id},100,첫 지급\n",  # another player
            f"site_id,amount,note\n{a.user.site_id},900,첫 지급\n",  # another amount
            f"site_id,amount,note\n{a.user.site_id},100,다른 메모\n",  # another note
            f"site_id,amount,note\n{a.user.site_id},100,첫 지급\n{b.user.site_id},5,\n",  # a row more
        ):
            refused = await client.post(URL, headers=bearer(token), **_upload(other, batch_key="event-2026-09"))
            assert_envelope(refused, 409, "BATCH_KEY_REUSED")
            assert "배치 키" in refused.json()["error"]["message"]
        # The same rows, saved again by a spreadsheet (BOM, CRLF, other column order, upper case): a replay.
        resaved = f"\ufeffnote,SITE_ID,amount\r\n첫 지급,{a.user.site_id.upper()},100\r\n".encode()
        again = await client.post(URL, headers=bearer(token), **_upload(resaved, "다른 사유", "event-2026-09"))
        assert again.status_code == 200, again.text
        assert again.json()["replayed"] is True
        assert again.json()["results"] == first.json()["results"]
    assert ledger.balance_of(a.user.id) == 1000 + 100
    assert ledger.balance_of(b.user.id) == 1000
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 1
    assert _count("SELECT count(*) FROM grant_batches") == 1
    assert _count("SELECT count(*) FROM audit_log") == 1


async def test_two_simultaneous_uploads_of_one_batch_grant_once(monkeypatch) -> None:
    players = [new_player() for _ in range(3)]
    text = "site_id,amount\n" + "".join(f"{p.user.site_id},70\n" for p in players)
    staff_id = new_staff("operator")
    real_notify = grants.notifications.notify

    def slow_notify(*args, **kwargs):  # keep the first transaction open while the second one arrives
        time.sleep(0.1)
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(grants.notifications, "notify", slow_notify)
    start = threading.Barrier(2)

    def upload() -> grants.BatchResult:
        start.wait()
        return grants.grant_bulk(text.encode(), "동시 업로드", actor_id=staff_id)

    with ThreadPoolExecutor(2) as pool:
        results = [f.result() for f in [pool.submit(upload), pool.submit(upload)]]
    assert sorted(r.replayed for r in results) == [False, True]
    assert all(r.granted == 3 for r in results)
    assert [ledger.balance_of(p.user.id) for p in players] == [1070] * 3
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 3
    assert _count("SELECT count(*) FROM notifications WHERE kind = 'gold_granted'") == 3
    assert _count("SELECT count(*) FROM grant_batches") == 1
    assert _count("SELECT count(*) FROM audit_log") == 1
    assert ledger.reconcile().ok


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "CSV_EMPTY"),
        (b"site_id,amount\n", "CSV_EMPTY"),
        (b"user,gold\nplayer0001,5\n", "CSV_HEADER_INVALID"),
        (b"site_id,amount,amount\nplayer0001,5,5\n", "CSV_HEADER_INVALID"),
        (b"player0001,500\n", "CSV_HEADER_INVALID"),
        ("site_id,amount\n플레이어,5\n".encode("cp949"), "CSV_ENCODING"),
        (b'site_id,amount\n"player0001,5\n', "CSV_MALFORMED"),
        (b"site_id,amount\n" + b"player0001,1\n" * (grant_csv.MAX_ROWS + 1), "CSV_TOO_MANY_ROWS"),
        (b"site_id,amount,note\n" + b"x" * grant_csv.MAX_FILE_BYTES, "CSV_TOO_LARGE"),
    ],
)
async def test_a_bad_file_is_a_422_and_grants_nothing(content: bytes, code: str) -> None:
    new_player(site_id="player0001")
    async with api_client() as client:
        _, token = await _token(client)
        response = await client.post(URL, headers=bearer(token), **_upload(content))
    assert_envelope(response, 422, code)
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 0
    assert _count("SELECT count(*) FROM grant_batches") == 0


async def test_bad_form_fields_and_roles_are_refused() -> None:
    player = new_player()
    text = f"site_id,amount\n{player.user.site_id},5\n"
    async with api_client() as client:
        _, token = await _token(client)
        no_reason = await client.post(URL, headers=bearer(token), **_upload(text, reason="   "))
        assert_envelope(no_reason, 422, "REASON_REQUIRED")
        bad_key = await client.post(URL, headers=bearer(token), **_upload(text, batch_key="no spaces/here"))
        assert_envelope(bad_key, 422)
        no_file = await client.post(URL, headers=bearer(token), data={"reason": "x"})
        assert_envelope(no_file, 422)
        _, support = await _token(client, "support")
        refused = await client.post(URL, headers=bearer(support), **_upload(text))
        assert_envelope(refused, 403, "STAFF_REQUIRED")
        as_player = await client.post(URL, headers=bearer(player.access_token), **_upload(text))
        assert_envelope(as_player, 403)
        anonymous = await client.post(URL, **_upload(text))
        assert_envelope(anonymous, 401)
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_GRANT'") == 0


async def test_a_full_size_file_passes_the_body_limit() -> None:
    player = new_player()
    note = "가" * 60
    text = "site_id,amount,note\n" + f"{player.user.site_id},1,{note}\n" * 1000
    assert len(text.encode()) > 64 * 1024
    async with api_client() as client:
        _, token = await _token(client)
        response = await client.post(URL, headers=bearer(token), **_upload(text))
    assert response.status_code == 200, response.text
    assert response.json()["granted"] == 1000
    assert ledger.balance_of(player.user.id) == 1000 + 1000
    assert ledger.reconcile().ok
