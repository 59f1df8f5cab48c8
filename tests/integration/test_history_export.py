"""History export over REST: the caller's own rounds, ledger and purchases as CSV and JSON, KST date ranges,
bad input, the web app's cookie download, and a response that really streams."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from casino_app.api import web_cookie
from casino_app.core import clock
from casino_app.core.db import get_engine
from casino_app.services import export_slots, history_export, ledger
from casino_app.services.accounts import sessions, web_sessions
from casino_app.services.shop import history as shop_history
from tests.support import shop as s
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.history_export import EXPORT, player_with_rounds, streaming_client
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio
KST = clock.business_tz()


def _rows(sql: str, **params: object) -> list[tuple]:
    with get_engine().connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params).all()]


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets read Hangul
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _json(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert isinstance(body, list)
    return body


async def _play(client: httpx.AsyncClient, headers: dict[str, str], bet: int = 100) -> dict[str, Any]:
    response = await client.post(
        "/api/games/rps/play",
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        json={"player_move": "ROCK", "bet_amount": bet},
    )
    assert response.status_code == 200, response.text
    return response.json()


def _buy(user_id: int) -> str:
    from casino_app.services.shop import orders

    order = orders.purchase(user_id, s.product().id, str(uuid.uuid4()))
    s.pay(order.code)
    return order.code


async def test_each_kind_holds_only_the_callers_rows_and_matches_the_books() -> None:
    mine, theirs = s.adult_session(0), s.adult_session(0)
    fund(mine.user.id, 50_000)
    fund(theirs.user.id, 50_000)
    headers, other_headers = bearer(mine.access_token), bearer(theirs.access_token)
    async with api_client() as client:
        await _play(client, other_headers)  # a round of someone else's, before and after mine
        before = ledger.balance_of(mine.user.id)
        for bet in (100, 200, 500, 1000, 100, 2000):
            await _play(client, headers, bet)
        after_rounds = ledger.balance_of(mine.user.id)
        await _play(client, other_headers)
        my_order, their_order = _buy(mine.user.id), _buy(theirs.user.id)

        rounds = _csv(await client.get(f"{EXPORT}/rounds", headers=headers))
        rounds_json = _json(await client.get(f"{EXPORT}/rounds?format=json", headers=headers))
        entries = _csv(await client.get(f"{EXPORT}/ledger?format=csv", headers=headers))
        entries_json = _json(await client.get(f"{EXPORT}/ledger?format=json", headers=headers))
        purchases = _csv(await client.get(f"{EXPORT}/purchases", headers=headers))
        purchases_json = _json(await client.get(f"{EXPORT}/purchases?format=json", headers=headers))
        named = await client.get(f"{EXPORT}/ledger?format=json&from=2026-11-01&to=2026-11-28", headers=headers)

    my_rounds = [r[0] for r in _rows("SELECT id FROM game_rounds WHERE user_id = :u ORDER BY id", u=mine.user.id)]
    assert len(my_rounds) == 6
    assert [int(r["id"]) for r in rounds] == [r["id"] for r in rounds_json] == my_rounds  # oldest first, none of B's
    assert list(rounds[0]) == list(history_export.ROUND_COLUMNS) == list(rounds_json[0])
    assert sum(int(r["net"]) for r in rounds) == sum(r["net"] for r in rounds_json) == after_rounds - before
    assert all(int(r["net"]) == int(r["payout"]) - int(r["bet"]) for r in rounds)
    assert [int(r["bet"]) for r in rounds] == [100, 200, 500, 1000, 100, 2000]
    first = rounds_json[0]
    assert first["outcome"].startswith("ROCK vs ")
    assert isinstance(first["bet"], int)
    assert isinstance(first["nonce"], int)
    assert len(first["server_seed_hash"]) == 64
    assert datetime.fromisoformat(first["created_at"]).utcoffset() == timedelta(hours=9)  # KST ISO-8601
    assert rounds[0]["created_at"] == first["created_at"]

    my_entries = _rows(
        "SELECT e.id FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id"
        " WHERE a.code = :code ORDER BY e.id",
        code=ledger.user_account(mine.user.id),
    )
    assert [int(r["id"]) for r in entries] == [r["id"] for r in entries_json] == [r[0] for r in my_entries]
    assert list(entries[0]) == list(history_export.LEDGER_COLUMNS)
    balance = ledger.balance_of(mine.user.id)
    assert sum(int(r["amount"]) for r in entries) == sum(r["amount"] for r in entries_json) == balance
    assert entries_json[-1]["balance_after"] == balance
    assert any(r["amount"] < 0 for r in entries_json)
    assert all(not r["amount"].startswith("'") for r in entries)  # negative numbers stay numbers

    assert list(purchases[0]) == list(shop_history.CSV_COLUMNS)
    assert [r["order_code"] for r in purchases] == [r["order_code"] for r in purchases_json] == [my_order]
    assert their_order not in {r["order_code"] for r in purchases}
    bought = purchases_json[0]
    assert (bought["status"], bought["amount_krw"], bought["gold"], bought["bonus_gold"]) == ("paid", 4_900, 5_000, 500)
    assert bought["product"] == "골드 꾸러미"  # Hangul survives both formats
    assert purchases[0]["product"] == "골드 꾸러미"
    assert named.headers["content-disposition"] == 'attachment; filename="cc-ledger-2026-11-01_2026-11-28.json"'


async def test_the_range_is_kst_dates_both_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_export, "EXPORTS_PER_MINUTE", 100)  # the frozen clock never frees a slot
    late = datetime(2026, 11, 1, 23, 59, 59, tzinfo=KST)  # 14:59:59 UTC
    midnight = datetime(2026, 11, 2, 0, 0, tzinfo=KST)
    frozen = clock.FrozenClock(late - timedelta(minutes=5))
    with clock.use_clock(frozen):
        pair = new_player()
        fund(pair.user.id, 10_000)
        headers = bearer(pair.access_token)
        async with api_client() as client:
            frozen.set(late)
            on_the_first = (await _play(client, headers))["round_id"]
            frozen.set(midnight)
            on_the_second = (await _play(client, headers))["round_id"]

            async def ids(kind: str, query: str) -> list[int]:
                response = await client.get(f"{EXPORT}/{kind}?format=json{query}", headers=headers)
                return [r["id"] for r in _json(response)]

            assert await ids("rounds", "&from=2026-11-01&to=2026-11-01") == [on_the_first]
            assert await ids("rounds", "&from=2026-11-02&to=2026-11-02") == [on_the_second]
            assert await ids("rounds", "&from=2026-11-01&to=2026-11-02") == [on_the_first, on_the_second]
            assert await ids("rounds", "&from=2026-11-02") == [on_the_second]
            assert await ids("rounds", "&to=2026-11-01") == [on_the_first]
            assert await ids("rounds", "") == [on_the_first, on_the_second]
            assert await ids("rounds", "&from=2026-11-03") == []
            # The ledger uses the same days: the round's entry falls on the day its round does.
            ledger_first = _json(await client.get(f"{EXPORT}/ledger?format=json&from=2026-11-02", headers=headers))
            assert [r["created_at"][:10] for r in ledger_first] == ["2026-11-02"] * len(ledger_first)
            assert len(ledger_first) >= 1

            empty_csv = await client.get(f"{EXPORT}/rounds?from=2026-10-01&to=2026-10-31", headers=headers)
            assert _csv(empty_csv) == []
            assert empty_csv.content.decode("utf-8-sig").strip() == ",".join(history_export.ROUND_COLUMNS)
            empty_json = await client.get(f"{EXPORT}/purchases?format=json&to=2026-10-31", headers=headers)
            assert json.loads(empty_json.content) == []
            default_name = (await client.get(f"{EXPORT}/rounds", headers=headers)).headers["content-disposition"]
            assert default_name == 'attachment; filename="cc-rounds-start_2026-11-02.csv"'
            day = _csv(await client.get(f"{EXPORT}/rounds?from=2026-11-01&to=2026-11-01", headers=headers))
    assert day[0]["created_at"] == "2026-11-01T23:59:59+09:00"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/secrets", None),
        ("/rounds?format=xml", None),
        ("/rounds?from=yesterday", None),
        ("/rounds?from=2026-11-1", None),
        ("/rounds?from=2026-13-01", "EXPORT_DATE_INVALID"),
        ("/ledger?to=2026-02-30", "EXPORT_DATE_INVALID"),
        ("/rounds?from=1999-12-31", "EXPORT_DATE_OUT_OF_RANGE"),
        ("/purchases?to=2100-01-01", "EXPORT_DATE_OUT_OF_RANGE"),
        ("/rounds?from=2026-11-02&to=2026-11-01", "EXPORT_RANGE_INVALID"),
    ],
)
async def test_bad_input_is_a_422_envelope(path: str, code: str | None) -> None:
    headers = bearer(new_player().access_token)
    async with api_client() as client:
        error = assert_envelope(await client.get(EXPORT + path, headers=headers), 422, code)
        english = await client.get(EXPORT + path, headers={**headers, "Accept-Language": "en"})
    assert error["message"] != assert_envelope(english, 422, code)["message"]


async def test_who_may_export() -> None:
    site_id = f"exportops{uuid.uuid4().hex[:6]}"
    new_staff("admin", site_id=site_id)
    async with api_client() as client:
        assert_envelope(await client.get(f"{EXPORT}/rounds"), 401, "TOKEN_MISSING")
        assert_envelope(await client.get(f"{EXPORT}/rounds", headers=bearer("not-a-token")), 401)
        login = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
        staff = bearer(login.json()["access_token"])
        assert_envelope(await client.get(f"{EXPORT}/ledger", headers=staff), 403, "PLAYERS_ONLY")


async def test_exports_are_rate_limited_per_player() -> None:
    headers, other = bearer(new_player().access_token), bearer(new_player().access_token)
    async with api_client() as client:
        for _ in range(history_export.EXPORTS_PER_MINUTE):
            assert (await client.get(f"{EXPORT}/rounds?format=json", headers=headers)).status_code == 200
        limited = await client.get(f"{EXPORT}/ledger", headers=headers)
        assert_envelope(limited, 429, "EXPORT_RATE_LIMITED")
        assert int(limited.headers["retry-after"]) >= 1
        assert (await client.get(f"{EXPORT}/ledger", headers=other)).status_code == 200


def _web_cookie() -> tuple[int, str]:
    """A player logged in on the web: the browser's session cookie header."""
    site_id = f"webexp{uuid.uuid4().hex[:6]}"
    user = new_player(site_id).user.id
    client = sessions.ClientInfo(ip="10.9.9.9", user_agent="pytest-browser")
    pair = sessions.login(site_id, PASSWORD, portal=sessions.PLAYER, client=client, channel=sessions.WEB)
    rotation = web_sessions.exchange_handoff(pair.refresh_token)
    return user, f"{web_cookie.cookie_name()}={rotation.token}"


async def test_the_web_app_downloads_with_its_session_cookie_from_its_own_origin_only() -> None:
    user, cookie = _web_cookie()
    fund(user, 1_000)
    async with api_client() as client:
        same = await client.get(f"{EXPORT}/ledger", headers={"Cookie": cookie, "Sec-Fetch-Site": "same-origin"})
        rows = _csv(same)
        assert sum(int(r["amount"]) for r in rows) == ledger.balance_of(user)
        assert same.headers["cache-control"] == "no-store"
        plain = await client.get(f"{EXPORT}/ledger?format=json", headers={"Cookie": cookie})
        assert len(_json(plain)) == len(rows)
        cross = await client.get(f"{EXPORT}/ledger", headers={"Cookie": cookie, "Sec-Fetch-Site": "cross-site"})
        assert_envelope(cross, 403, "ORIGIN_REFUSED")
        foreign = await client.get(f"{EXPORT}/ledger", headers={"Cookie": cookie, "Origin": "https://evil.example"})
        assert_envelope(foreign, 403, "ORIGIN_REFUSED")
        stale = f"{web_cookie.cookie_name()}=not-a-session"
        assert_envelope(await client.get(f"{EXPORT}/ledger", headers={"Cookie": stale}), 401, "SESSION_EXPIRED")
        twins = {"Cookie": f"{cookie}; {cookie}"}  # a planted twin: no session at all
        assert_envelope(await client.get(f"{EXPORT}/ledger", headers=twins), 401, "TOKEN_MISSING")


ROUNDS = 3_000


@pytest.fixture
def many() -> tuple[int, dict[str, str]]:
    return player_with_rounds(ROUNDS)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_long_export_is_streamed_in_chunks_before_the_rows_are_all_read(
    fmt: str, many: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    user_id, headers = many
    produced = {"rows": 0, "done": False}
    real = history_export._ROWS["rounds"]

    def counted(*args: Any) -> Iterator[dict[str, Any]]:
        for row in real(*args):
            produced["rows"] += 1
            yield row
        produced["done"] = True

    monkeypatch.setitem(history_export._ROWS, "rounds", counted)
    chunks: list[bytes] = []
    with (
        streaming_client() as client,
        client.stream("GET", f"{EXPORT}/rounds?format={fmt}", headers=headers) as r,
    ):
        assert r.status_code == 200
        stream = r.iter_raw()
        chunks.append(next(stream))
        # The first chunk is on the wire while the cursor has handed over only the first batch or two.
        assert not produced["done"]
        assert produced["rows"] <= 2 * history_export.BATCH < ROUNDS
        chunks.extend(stream)
    assert produced["done"]
    assert len(chunks) >= ROUNDS // history_export.BATCH
    body = b"".join(chunks)
    total = int(_rows("SELECT sum(payout - bet) FROM game_rounds WHERE user_id = :u", u=user_id)[0][0])
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
        assert rows[1]["client_seed"] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, never runs it
        nets = [int(r["net"]) for r in rows]
    else:
        items = json.loads(body)
        assert items[1]["client_seed"] == '=HYPERLINK("x")'  # JSON keeps the value as it is
        nets = [r["net"] for r in items]
    assert len(nets) == ROUNDS + 1
    assert sum(nets) == total


def test_a_download_abandoned_half_way_releases_its_connection_and_its_slot(many: tuple[int, dict[str, str]]) -> None:
    _, headers = many
    pool = get_engine().pool
    with streaming_client() as client:
        idle = pool.checkedout()
        with client.stream("GET", f"{EXPORT}/rounds", headers=headers) as response:
            next(response.iter_raw())
            assert pool.checkedout() == idle + 1  # the cursor's connection, while the file is being sent
            assert export_slots.running() == 1
        assert pool.checkedout() == idle
        assert export_slots.running() == 0
        # The player's own lock went with it: the next export starts at once and is whole.
        again = client.get(f"{EXPORT}/rounds?format=json", headers=headers)
        assert again.status_code == 200, again.text
        assert len(again.json()) == ROUNDS + 1


def test_the_in_page_purchase_csv_is_the_same_export_newest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    user_id = s.adult(0)
    codes = [_buy(user_id) for _ in range(3)]
    monkeypatch.setattr(shop_history, "CSV_MAX_ROWS", 2)
    text = shop_history.export_csv(user_id)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert [r["order_code"] for r in rows] == codes[::-1][:2]
    assert datetime.fromisoformat(rows[0]["created_at_kst"]).utcoffset() == timedelta(hours=9)
