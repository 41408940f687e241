"""An OData v4 backend over ``requests``: paging, ``$batch`` change sets, ETags, throttling.

Throttling: a 429 or 503 answer with ``Retry-After`` pauses *every* request of this backend
(all threads) for that long, then the request is sent again when repeating it is harmless —
reads, creates with a client-generated key, writes guarded by ``If-Match`` — at most
``throttle_retries`` times, each pause logged. Other requests fail with the answer's status.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .backend import ETAG, Operation, RemoteBackend, RemoteQuery
from .exceptions import RemoteRequestError, RemoteUnavailable

logger = logging.getLogger("modelsync.remote")

# Decimals travel as strings, so no digit is lost in a float on either side.
JSON_TYPE = "application/json;IEEE754Compatible=true"
THROTTLED = (429, 503)


def _query_string(params: dict[str, str]) -> str:
    # Spaces must be %20: several OData servers (SAP CAP among them) reject "+".
    return "&".join(f"{name}={quote(value, safe=',()')}" for name, value in params.items())


def _detail(response: requests.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


def retry_after(response: requests.Response, attempt: int) -> float:
    """Seconds to wait from ``Retry-After`` (seconds or an HTTP date); without it 0.5 s, doubled
    per attempt."""
    header = response.headers.get("Retry-After", "").strip()
    if header.isdigit():
        return float(header)
    if header:
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            pass
        else:
            return max(0.0, when.timestamp() - time.time())
    return 0.5 * 2**attempt


class ODataBackend(RemoteBackend):
    """Talks to one OData v4 service root (``url`` ends with ``/``)."""

    def __init__(
        self,
        url: str,
        token: str = "",
        username: str = "",
        password: str = "",
        timeout: float = 10.0,
        read_retries: int = 3,
        throttle_retries: int = 3,
        max_pause: float = 60.0,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.throttle_retries = throttle_retries
        self.max_pause = max_pause
        self.request_count = 0
        self._lock = threading.Lock()
        self._resume_at = 0.0
        self.session = requests.Session()
        self.session.headers.update({"Accept": JSON_TYPE, "OData-Version": "4.0"})
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        elif username:
            self.session.auth = (username, password)
        # A GET whose connection failed is repeated here; a write never is, since the server may
        # have applied it (the caller retries, and client keys make that harmless).
        retry = Retry(
            total=read_retries,
            connect=read_retries,
            read=read_retries,
            status=0,
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    # -- plumbing --------------------------------------------------------------------------
    def _wait_while_paused(self) -> None:
        while True:
            with self._lock:
                remaining = self._resume_at - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(remaining)

    def _pause(self, seconds: float) -> None:
        with self._lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)

    def _request(
        self, method: str, url: str, idempotent: bool | None = None, **kwargs: Any
    ) -> requests.Response:
        """Send one request, pausing and repeating it on throttling when that is harmless."""
        if idempotent is None:
            idempotent = method == "GET"
        attempt = 0
        while True:
            self._wait_while_paused()
            with self._lock:
                self.request_count += 1
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except requests.RequestException as error:
                raise RemoteUnavailable(f"{method} {url}: {error}") from error
            if response.status_code not in THROTTLED or not idempotent:
                return response
            pause = retry_after(response, attempt)
            if attempt >= self.throttle_retries or pause > self.max_pause:
                return response
            attempt += 1
            self._pause(pause)
            logger.warning(
                "%s %s answered %s; pausing every request for %.1f s (retry %d of %d)",
                method,
                url,
                response.status_code,
                pause,
                attempt,
                self.throttle_retries,
            )

    def _checked(
        self, method: str, url: str, idempotent: bool | None = None, **kwargs: Any
    ) -> requests.Response:
        response = self._request(method, url, idempotent, **kwargs)
        if response.status_code >= 400:
            raise RemoteRequestError(method, url, response.status_code, _detail(response))
        return response

    def _entity_url(self, entity_set: str, key: str) -> str:
        return urljoin(self.url, f"{entity_set}({quote(key, safe=chr(39))})")

    @staticmethod
    def _row(response: requests.Response) -> dict[str, Any]:
        row = dict(response.json())
        if ETAG not in row and response.headers.get("ETag"):
            row[ETAG] = response.headers["ETag"]
        return row

    # -- reads -----------------------------------------------------------------------------
    def fetch(self, query: RemoteQuery) -> Iterator[list[dict[str, Any]]]:
        """Yield pages, following ``@odata.nextLink`` until ``top`` rows or the end."""
        headers = self._page_headers(query)
        url: str | None = self._query_url(query)
        seen = 0
        while url:
            body = self._checked("GET", url, headers=headers).json()
            rows = body.get("value", [])
            if query.top is not None:
                rows = rows[: max(query.top - seen, 0)]
            seen += len(rows)
            yield rows
            next_link = body.get("@odata.nextLink")
            done = query.top is not None and seen >= query.top
            url = urljoin(self.url, next_link) if next_link and not done else None

    def fetch_page(self, query: RemoteQuery) -> tuple[list[dict[str, Any]], bool]:
        """The first page (one request); more follow when it has an ``@odata.nextLink``."""
        url = self._query_url(query)
        body = self._checked("GET", url, headers=self._page_headers(query)).json()
        return list(body.get("value", [])), bool(body.get("@odata.nextLink"))

    @staticmethod
    def _page_headers(query: RemoteQuery) -> dict[str, str]:
        return {"Prefer": f"odata.maxpagesize={query.page_size}"} if query.page_size else {}

    def _query_url(self, query: RemoteQuery) -> str:
        params: dict[str, str] = {}
        if query.filter:
            params["$filter"] = query.filter
        if query.orderby:
            params["$orderby"] = query.orderby
        if query.top is not None:
            params["$top"] = str(query.top)
        if query.select:
            params["$select"] = query.select
        url = urljoin(self.url, query.entity_set)
        return f"{url}?{_query_string(params)}" if params else url

    def count(self, entity_set: str, filter: str | None) -> int:
        """``$count`` of the matching rows (one request)."""
        url = urljoin(self.url, f"{entity_set}/$count")
        if filter:
            url = f"{url}?{_query_string({'$filter': filter})}"
        return int(self._checked("GET", url).text.strip())

    def get(self, entity_set: str, key: str, select: str | None = None) -> dict[str, Any] | None:
        """One row by key, its ETag included; ``None`` on 404."""
        url = self._entity_url(entity_set, key)
        if select:
            url = f"{url}?{_query_string({'$select': select})}"
        response = self._request("GET", url)
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise RemoteRequestError("GET", url, response.status_code, _detail(response))
        return self._row(response)

    # -- writes ----------------------------------------------------------------------------
    def create(
        self, entity_set: str, payload: dict[str, Any], idempotent: bool = False
    ) -> dict[str, Any]:
        """POST a new row."""
        url = urljoin(self.url, entity_set)
        response = self._checked(
            "POST", url, idempotent, json=payload, headers=self._write_headers()
        )
        return self._row(response)

    def update(
        self, entity_set: str, key: str, payload: dict[str, Any], etag: str | None = None
    ) -> dict[str, Any]:
        """PATCH a row, ``If-Match: etag`` (``*``, any version, without one); a 204 answer is
        followed by a read. Repeating it is harmless, so it is resent after throttling."""
        url = self._entity_url(entity_set, key)
        response = self._checked(
            "PATCH", url, True, json=payload, headers=self._write_headers(etag or "*")
        )
        if response.status_code == 204 or not response.content:
            return self.get(entity_set, key) or {}
        return self._row(response)

    def delete(self, entity_set: str, key: str, etag: str | None = None) -> bool:
        """DELETE a row, ``If-Match`` as for :meth:`update`; a 404 (or a 412 for ``*``, which
        only fails when there is no row) means it is already gone."""
        url = self._entity_url(entity_set, key)
        response = self._request("DELETE", url, True, headers={"If-Match": etag or "*"})
        if response.status_code == 404 or (response.status_code == 412 and not etag):
            return False
        if response.status_code >= 400:
            raise RemoteRequestError("DELETE", url, response.status_code, _detail(response))
        return True

    def batch(self, operations: list[Operation]) -> list[dict[str, Any] | None]:
        """One JSON ``$batch`` request holding one change set (``atomicityGroup``): the server
        applies all of it or none, and stops at the first failure (continue-on-error is off)."""
        if not operations:
            return []
        items = []
        for number, operation in enumerate(operations):
            target = (
                f"{operation.entity_set}({operation.key})"
                if operation.key is not None
                else operation.entity_set
            )
            headers = {"content-type": JSON_TYPE}
            if operation.method != "DELETE":
                headers["prefer"] = "return=representation"
            if operation.method != "POST":
                headers["if-match"] = operation.etag or "*"
            item: dict[str, Any] = {
                "id": str(number),
                "atomicityGroup": "changeset",
                "method": operation.method,
                "url": target,
                "headers": headers,
            }
            if operation.method != "DELETE":
                item["body"] = operation.payload
            items.append(item)
        url = urljoin(self.url, "$batch")
        # The change set is all-or-nothing, so a throttled one was not applied and can be resent.
        response = self._checked("POST", url, True, json={"requests": items})
        answers = {str(answer["id"]): answer for answer in response.json().get("responses", [])}
        results: list[dict[str, Any] | None] = []
        for number, operation in enumerate(operations):
            answer = answers.get(str(number), {})
            status = int(answer.get("status", 500))
            if status >= 400 and not (operation.method == "DELETE" and status == 404):
                raise RemoteRequestError(
                    operation.method,
                    f"$batch {operation.entity_set}({operation.key or ''})",
                    status,
                    self._answer_detail(answers, answer),
                    key=operation.key,
                )
            body = answer.get("body")
            row = dict(body) if isinstance(body, dict) else None
            etag = (answer.get("headers") or {}).get("etag")
            if row is not None and ETAG not in row and etag:
                row[ETAG] = etag
            results.append(row)
        return results

    @staticmethod
    def _answer_detail(answers: dict[str, Any], answer: dict[str, Any]) -> str:
        # In a failed change set the server may report the cause on another operation.
        for candidate in (answer, *answers.values()):
            body = candidate.get("body")
            if isinstance(body, dict) and body.get("error", {}).get("message"):
                return str(body["error"]["message"])
        return ""

    @staticmethod
    def _write_headers(etag: str | None = None) -> dict[str, str]:
        headers = {"Content-Type": JSON_TYPE, "Prefer": "return=representation"}
        if etag is not None:
            headers["If-Match"] = etag
        return headers
