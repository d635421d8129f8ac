"""A stand-in for Yahoo Finance at the HTTP boundary.

`FakeYahoo` is a `requests.Session` (a session type yfinance accepts) whose transport answers from
recorded Yahoo payloads instead of the network: yfinance builds its real requests, parses the real
response shapes, and our provider code runs unchanged. Failures are injected per symbol or for
everything: unreachable network, timeouts, HTTP 429/500, unknown symbols, slow answers.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from curl_cffi.requests.exceptions import DNSError as CurlDNSError
from curl_cffi.requests.models import Response as CurlResponse
from requests.adapters import BaseAdapter
from requests.models import PreparedRequest, Response

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "market"

UNKNOWN_CHART = {
    "chart": {
        "result": None,
        "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"},
    }
}


def recorded_chart(name: str) -> dict[str, Any]:
    """The response body of a recorded chart request in tests/fixtures/market."""
    body: dict[str, Any] = json.loads((FIXTURES / name).read_text())["response"]["bodyJson"]
    return body


def chart_payload(
    symbol: str,
    currency: str,
    closes: list[tuple[date, float | None]],
    *,
    splits: list[tuple[date, int, int]] = (),  # type: ignore[assignment]
    dividends: list[tuple[date, float]] = (),  # type: ignore[assignment]
    instrument_type: str = "EQUITY",
    timezone: str = "America/New_York",
    exchange: str = "NMS",
    name: str | None = None,
) -> dict[str, Any]:
    """A chart answer in Yahoo's shape (as in the recorded payloads), for cases no recording has."""

    def stamp(day: date) -> int:
        return int(datetime(day.year, day.month, day.day, 14, 30, tzinfo=UTC).timestamp())

    return {
        "chart": {
            "result": [
                {
                    "meta": {
                        "currency": currency,
                        "symbol": symbol,
                        "exchangeName": exchange,
                        "fullExchangeName": exchange,
                        "instrumentType": instrument_type,
                        "firstTradeDate": 345479400,
                        "regularMarketTime": stamp(closes[-1][0]) if closes else 0,
                        "gmtoffset": -18000,
                        "timezone": "EST",
                        "exchangeTimezoneName": timezone,
                        "longName": name or symbol,
                        "shortName": name or symbol,
                        "priceHint": 2,
                        "dataGranularity": "1d",
                        "range": "",
                        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "max"],
                    },
                    "timestamp": [stamp(d) for d, _ in closes],
                    "events": {
                        "splits": {
                            str(stamp(d)): {
                                "date": stamp(d),
                                "numerator": n,
                                "denominator": m,
                                "splitRatio": f"{n}:{m}",
                            }
                            for d, n, m in splits
                        },
                        "dividends": {
                            str(stamp(d)): {"amount": a, "date": stamp(d)} for d, a in dividends
                        },
                    },
                    "indicators": {
                        "quote": [
                            {
                                "open": [c for _, c in closes],
                                "high": [c for _, c in closes],
                                "low": [c for _, c in closes],
                                "close": [c for _, c in closes],
                                "volume": [1000 if c is not None else None for _, c in closes],
                            }
                        ],
                        "adjclose": [{"adjclose": [c for _, c in closes]}],
                    },
                }
            ],
            "error": None,
        }
    }


@dataclass(frozen=True)
class Call:
    url: str
    path: str
    params: dict[str, str]
    timeout: Any

    @property
    def symbol(self) -> str | None:
        for prefix in ("/v8/finance/chart/", "/v10/finance/quoteSummary/"):
            if self.path.startswith(prefix):
                return unquote(self.path.removeprefix(prefix))
        return None

    @property
    def is_history(self) -> bool:
        """A chart request for a date range (not yfinance's time-zone probe)."""
        return self.path.startswith("/v8/finance/chart/") and "period1" in self.params


@dataclass
class Failure:
    kind: str  # unreachable | timeout | rate_limit | server_error | unknown | garbage | slow
    remaining: int | None = None  # None: for ever
    delay: float = 0.0


class FakeYahoo(requests.Session):
    """See the module docstring. `charts`, `searches` and `summaries` are keyed by upper-case
    symbol (or lower-case query) and hold response bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, dict[str, Any]] = {}
        self.searches: dict[str, dict[str, Any]] = {}
        self.summaries: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, Failure] = {}
        self.calls: list[Call] = []
        self.offline = False
        self._lock = threading.Lock()
        adapter = _Transport(self)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    # -- set-up ------------------------------------------------------------------------------

    def add_chart(self, symbol: str, body: dict[str, Any]) -> None:
        self.charts[symbol.upper()] = body

    def fail(
        self, kind: str, symbol: str = "*", times: int | None = None, delay: float = 0.0
    ) -> None:
        self.failures[symbol.upper()] = Failure(kind, times, delay)

    def history_calls(self, symbol: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.is_history and (symbol is None or c.symbol == symbol)]

    def data_calls(self) -> list[Call]:
        """Requests to Yahoo's data endpoints (not cookies and crumbs)."""
        return [
            c for c in self.calls if c.path.startswith(("/v8/", "/v10/", "/v7/", "/v1/finance"))
        ]

    # -- the transport -----------------------------------------------------------------------

    def answer(self, request: PreparedRequest, timeout: Any) -> Response:
        url = request.url or ""
        parts = urlsplit(url)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        call = Call(url, parts.path, params, timeout)
        with self._lock:
            self.calls.append(call)
        if self.offline:
            raise requests.exceptions.ConnectionError(f"Failed to resolve '{parts.hostname}'")
        if parts.hostname == "fc.yahoo.com" or "consent" in (parts.hostname or ""):
            return _response(request, 404, b"")
        if parts.path == "/v1/test/getcrumb":
            return _response(request, 200, b"fake-crumb", "text/plain")
        failure = self._failure_for(call)
        if failure is not None:
            return self._fail(request, failure, call)
        if parts.path.startswith("/v8/finance/chart/"):
            return self._chart(request, call)
        if parts.path == "/v1/finance/search":
            body = self.searches.get(params.get("q", "").lower(), {"quotes": [], "news": []})
            return _json(request, 200, body)
        if parts.path.startswith("/v10/finance/quoteSummary/"):
            summary = self.summaries.get((call.symbol or "").upper())
            if summary is None:
                return _json(
                    request,
                    404,
                    {
                        "quoteSummary": {
                            "result": None,
                            "error": {"code": "Not Found", "description": "Quote not found"},
                        }
                    },
                )
            return _json(request, 200, summary)
        if parts.path == "/v7/finance/quote":
            return _json(request, 200, {"quoteResponse": {"result": [], "error": None}})
        if "fundamentals-timeseries" in parts.path:
            return _json(request, 200, {"timeseries": {"result": [], "error": None}})
        return _response(request, 404, b"Not Found", "text/plain")

    def _failure_for(self, call: Call) -> Failure | None:
        if not call.path.startswith(("/v8/", "/v10/", "/v7/", "/v1/finance")):
            return None
        with self._lock:
            for key in ((call.symbol or "").upper(), "*"):
                failure = self.failures.get(key)
                if failure is None:
                    continue
                if failure.remaining is not None:
                    if failure.remaining <= 0:
                        continue
                    failure.remaining -= 1
                return failure
        return None

    def _fail(self, request: PreparedRequest, failure: Failure, call: Call) -> Response:
        if failure.kind == "unreachable":
            raise requests.exceptions.ConnectionError("Connection refused")
        if failure.kind == "dns":
            # What yfinance's default client (curl_cffi) raises without a network: an error that
            # carries a response of status 0.
            response = CurlResponse()
            response.status_code = 0
            raise CurlDNSError(
                "curl: (6) Could not resolve host: query2.finance.yahoo.com", 6, response=response
            )
        if failure.kind == "timeout":
            raise requests.exceptions.ReadTimeout(f"Read timed out. (read timeout={call.timeout})")
        if failure.kind == "rate_limit":
            return _response(request, 429, b"Too Many Requests\r\n", "text/plain")
        if failure.kind == "server_error":
            return _response(request, 500, b"<html>Internal error</html>", "text/html")
        if failure.kind == "garbage":
            return _response(request, 200, b"<html>not json</html>", "text/html")
        if failure.kind == "unknown":
            return _json(request, 404, UNKNOWN_CHART)
        if failure.kind == "slow":
            time.sleep(failure.delay)
            self.failures.pop((call.symbol or "*").upper(), None)
            return self.answer(request, call.timeout)
        raise AssertionError(f"unknown failure kind {failure.kind}")

    def _chart(self, request: PreparedRequest, call: Call) -> Response:
        body = self.charts.get((call.symbol or "").upper())
        if body is None:
            return _json(request, 404, UNKNOWN_CHART)
        return _json(request, 200, _slice_chart(body, call.params))


def _slice_chart(body: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
    """What Yahoo answers for the requested range: bars and events inside it."""
    result = copy.deepcopy(body)
    item = result["chart"]["result"][0]
    stamps: list[int] = item.get("timestamp", [])
    if "period1" in params:
        low, high = int(params["period1"]), int(params.get("period2", 2**40))
        keep = [i for i, t in enumerate(stamps) if low <= t < high]
    else:
        count = {"1d": 1, "5d": 5}.get(params.get("range", "1d"), len(stamps))
        keep = list(range(max(0, len(stamps) - count), len(stamps)))
        low, high = (stamps[keep[0]], stamps[keep[-1]] + 1) if keep else (0, 0)
    item["timestamp"] = [stamps[i] for i in keep]
    for block in item["indicators"]["quote"]:
        for key, values in list(block.items()):
            block[key] = [values[i] for i in keep]
    for block in item["indicators"].get("adjclose", []):
        block["adjclose"] = [block["adjclose"][i] for i in keep]
    for kind, events in list(item.get("events", {}).items()):
        item["events"][kind] = {k: v for k, v in events.items() if low <= int(k) < high}
    return result


class _Transport(BaseAdapter):
    def __init__(self, fake: FakeYahoo) -> None:
        super().__init__()
        self._fake = fake

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:  # type: ignore[override]
        return self._fake.answer(request, kwargs.get("timeout"))

    def close(self) -> None:
        pass


def _response(
    request: PreparedRequest, status: int, content: bytes, content_type: str = "application/json"
) -> Response:
    response = Response()
    response.status_code = status
    response._content = content
    response.headers["Content-Type"] = content_type
    response.encoding = "utf-8"
    response.url = request.url or ""
    response.request = request
    response.reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(status, "Error")
    return response


def _json(request: PreparedRequest, status: int, body: Any) -> Response:
    return _response(request, status, json.dumps(body).encode())
