"""An OData v4 backend over ``requests``: paging, ``$batch``, timeouts, auth, read retries."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .backend import Operation, RemoteBackend, RemoteQuery
from .exceptions import RemoteRequestError, RemoteUnavailable

# Decimals travel as strings, so no digit is lost in a float on either side.
JSON_TYPE = "application/json;IEEE754Compatible=true"


def _query_string(params: dict[str, str]) -> str:
    # Spaces must be %20: several OData servers (SAP CAP among them) reject "+".
    return "&".join(f"{name}={quote(value, safe=',()')}" for name, value in params.items())


def _detail(response: requests.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


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
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.request_count = 0
        self._counter_lock = threading.Lock()
        self.session = requests.Session()
        self.session.headers.update({"Accept": JSON_TYPE, "OData-Version": "4.0"})
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        elif username:
            self.session.auth = (username, password)
        # Only reads are retried: repeating a POST could create the row twice.
        retry = Retry(
            total=read_retries,
            connect=read_retries,
            read=read_retries,
            status=read_retries,
            backoff_factor=0.2,
            status_forcelist=(429, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    # -- plumbing --------------------------------------------------------------------------
    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        with self._counter_lock:
            self.request_count += 1
        try:
            return self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise RemoteUnavailable(f"{method} {url}: {error}") from error

    def _checked(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        response = self._request(method, url, **kwargs)
        if response.status_code >= 400:
            raise RemoteRequestError(method, url, response.status_code, _detail(response))
        return response

    def _entity_url(self, entity_set: str, key: str) -> str:
        return urljoin(self.url, f"{entity_set}({quote(key, safe=chr(39))})")

    # -- reads -----------------------------------------------------------------------------
    def fetch(self, query: RemoteQuery) -> Iterator[list[dict[str, Any]]]:
        """Yield pages, following ``@odata.nextLink`` until ``top`` rows or the end."""
        params: dict[str, str] = {}
        if query.filter:
            params["$filter"] = query.filter
        if query.orderby:
            params["$orderby"] = query.orderby
        if query.top is not None:
            params["$top"] = str(query.top)
        if query.select:
            params["$select"] = query.select
        url: str | None = urljoin(self.url, query.entity_set)
        if params:
            url = f"{url}?{_query_string(params)}"
        seen = 0
        while url:
            body = self._checked("GET", url).json()
            rows = body.get("value", [])
            if query.top is not None:
                rows = rows[: max(query.top - seen, 0)]
            seen += len(rows)
            yield rows
            next_link = body.get("@odata.nextLink")
            done = query.top is not None and seen >= query.top
            url = urljoin(self.url, next_link) if next_link and not done else None

    def count(self, entity_set: str, filter: str | None) -> int:
        """``$count`` of the matching rows (one request)."""
        url = urljoin(self.url, f"{entity_set}/$count")
        if filter:
            url = f"{url}?{_query_string({'$filter': filter})}"
        return int(self._checked("GET", url).text.strip())

    def get(self, entity_set: str, key: str, select: str | None = None) -> dict[str, Any] | None:
        """One row by key; ``None`` on 404."""
        url = self._entity_url(entity_set, key)
        if select:
            url = f"{url}?{_query_string({'$select': select})}"
        response = self._request("GET", url)
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise RemoteRequestError("GET", url, response.status_code, _detail(response))
        return dict(response.json())

    # -- writes ----------------------------------------------------------------------------
    def create(self, entity_set: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST a new row."""
        url = urljoin(self.url, entity_set)
        response = self._checked("POST", url, json=payload, headers=self._write_headers())
        return dict(response.json())

    def update(self, entity_set: str, key: str, payload: dict[str, Any]) -> dict[str, Any]:
        """PATCH a row; some services answer 204, then the row is read back."""
        url = self._entity_url(entity_set, key)
        response = self._checked("PATCH", url, json=payload, headers=self._write_headers())
        if response.status_code == 204 or not response.content:
            return self.get(entity_set, key) or {}
        return dict(response.json())

    def delete(self, entity_set: str, key: str) -> bool:
        """DELETE a row; a 404 means it is already gone."""
        url = self._entity_url(entity_set, key)
        response = self._request("DELETE", url)
        if response.status_code == 404:
            return False
        if response.status_code >= 400:
            raise RemoteRequestError("DELETE", url, response.status_code, _detail(response))
        return True

    def batch(self, operations: list[Operation]) -> list[dict[str, Any] | None]:
        """One JSON ``$batch`` request; one atomicity group makes it all-or-nothing."""
        if not operations:
            return []
        requests_ = []
        for number, operation in enumerate(operations):
            target = (
                f"{operation.entity_set}({operation.key})"
                if operation.key is not None
                else operation.entity_set
            )
            item: dict[str, Any] = {
                "id": str(number),
                "atomicityGroup": "g",
                "method": operation.method,
                "url": target,
                "headers": {"content-type": JSON_TYPE},
            }
            if operation.method != "DELETE":
                item["body"] = operation.payload
            requests_.append(item)
        url = urljoin(self.url, "$batch")
        response = self._checked("POST", url, json={"requests": requests_})
        answers = {str(answer["id"]): answer for answer in response.json().get("responses", [])}
        results: list[dict[str, Any] | None] = []
        for number, operation in enumerate(operations):
            answer = answers.get(str(number), {})
            status = int(answer.get("status", 500))
            if status >= 400 and not (operation.method == "DELETE" and status == 404):
                body = answer.get("body") or {}
                detail = (
                    str(body.get("error", {}).get("message", "")) if isinstance(body, dict) else ""
                )
                raise RemoteRequestError(
                    operation.method, f"$batch {answer.get('id')}", status, detail
                )
            body = answer.get("body")
            results.append(dict(body) if isinstance(body, dict) else None)
        return results

    def _write_headers(self) -> dict[str, str]:
        return {"Content-Type": JSON_TYPE, "Prefer": "return=representation"}
