"""Passwords: argon2id through argon2-cffi (its defaults: 64 MiB, 3 passes), never kept in clear.

A name that has no account is checked against a dummy hash, so a wrong name costs as long as a wrong
password and the answer cannot tell the two apart."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..config import AccountSettings
from ..errors import AccountError

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("zhenggai: no such account")


def check_password(password: str, settings: AccountSettings) -> str:
    if len(password) < settings.min_password:
        raise AccountError("A004", length=len(password), minimum=settings.min_password)
    if len(password) > settings.max_password:
        raise AccountError("A005", maximum=settings.max_password)
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored: str | None, password: str) -> bool:
    """True when `password` matches `stored`; `stored` None (no such account) takes as long and fails."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return False
