"""Rows written straight to the remote (one ``$batch``), as another CRM user would."""

from __future__ import annotations

import uuid
from typing import Any

from modelsync.remote import Operation, get_backend

REF = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")

ROWS: list[dict[str, Any]] = [
    {
        "name": "O'Brien",
        "email": "ob@example.com",
        "city": "Cork",
        "score": 7,
        "balance": "12.50",
        "active": True,
        "birthday": "1990-02-03",
        "lastContact": "2024-05-01T10:11:12Z",
        "externalRef": str(REF),
        "note": None,
    },
    {
        "name": "Anna",
        "email": "anna@example.com",
        "city": "Berlin",
        "score": 3,
        "balance": "0.99",
        "active": False,
        "birthday": "1985-11-30",
        "lastContact": "2023-12-31T23:59:59Z",
        "externalRef": None,
        "note": "vip",
    },
    {
        "name": "anna-lise",
        "email": None,
        "city": "Berlin",
        "score": 5,
        "balance": "100.00",
        "active": True,
        "birthday": "2001-02-28",
        "lastContact": "2024-02-03T08:30:00Z",
        "externalRef": None,
        "note": None,
    },
    {
        "name": "Bob",
        "email": "bob@example.com",
        "city": "Cork",
        "score": 10,
        "balance": "10.50",
        "active": True,
        "birthday": "1979-07-03",
        "lastContact": "2024-05-02T10:00:00Z",
        "externalRef": None,
        "note": "met at fair",
    },
    {
        "name": "' or 1 eq 1",
        "email": None,
        "city": None,
        "score": None,
        "balance": None,
        "active": True,
        "birthday": None,
        "lastContact": None,
        "externalRef": None,
        "note": None,
    },
    {
        "name": "Carl",
        "email": "carl@example.com",
        "city": "Lyon",
        "score": 0,
        "balance": "-3.25",
        "active": False,
        "birthday": "1999-12-31",
        "lastContact": "2022-01-15T10:45:30Z",
        "externalRef": "9b2e7c1a-0000-4000-8000-000000000001",
        "note": "",
    },
]


def seed_accounts(rows: list[dict[str, Any]] | None = None) -> list[str]:
    """Create the rows remotely; returns their remote keys."""
    results = get_backend().batch(
        [Operation("POST", "Accounts", None, row) for row in (rows or ROWS)]
    )
    return [str(result["ID"]) for result in results if result]


def seed_many(count: int, prefix: str = "row") -> list[str]:
    """``count`` simple rows named ``<prefix>-0000`` …, scores 0…count-1."""
    keys: list[str] = []
    for start in range(0, count, 200):
        chunk = [
            {"name": f"{prefix}-{number:04d}", "score": number, "city": "Bulk"}
            for number in range(start, min(count, start + 200))
        ]
        keys += seed_accounts(chunk)
    return keys
