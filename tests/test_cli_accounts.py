"""`zhenggai users`, `zhenggai audit` and who `zhenggai app` is served to, run as a user runs them."""
from __future__ import annotations

import getpass
import json
import sqlite3
import subprocess
import sys
import urllib.request

import pytest

from helpers import SAMPLES, app_server

CMD = [sys.executable, "-m", "zhenggai.cli"]
SECRET = "Tangerine-Otter-58"


def run(*args, stdin: str | None = None):
    return subprocess.run(CMD + [str(a) for a in args], input=stdin, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    """A library with a sample ingested and three accounts, all through the command line."""
    folder = tmp_path_factory.mktemp("accounts") / "lib"
    r = run("ingest", SAMPLES / "county-xuncha-2024.txt", "--db", folder, "--quiet")
    assert r.returncode == 0, r.stderr
    for name, role in (("ada", "admin"), ("eve", "editor"), ("rui", "reader")):
        r = run("users", "add", name, "--role", role, "--db", folder, stdin=SECRET + "\n")
        assert r.returncode == 0 and f"added {name} ({role})" in r.stdout, r.stderr
    return folder


def test_users_are_listed_without_secrets(lib):
    listed = json.loads(run("users", "list", "--json", "--db", lib).stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("ada", "admin"), ("eve", "editor"), ("rui", "reader")]
    assert all(set(u) == {"name", "role", "created", "last_login", "locked"} for u in listed)
    text = run("users", "list", "--db", lib).stdout
    assert "rui" in text and "reader" in text and "argon2" not in text and "$" not in text


def test_an_existing_name_a_short_or_missing_password_are_refused(lib):
    r = run("users", "add", "rui", "--role", "admin", "--db", lib, stdin="long-enough-1\n")
    assert r.returncode != 0 and "already exists" in r.stderr
    r = run("users", "add", "kim", "--role", "reader", "--db", lib, stdin="seven77\n")
    assert r.returncode != 0 and "too short" in r.stderr and "seven77" not in r.stderr + r.stdout
    r = run("users", "add", "kim", "--role", "reader", "--db", lib, stdin="")
    assert r.returncode != 0 and "no password" in r.stderr
    r = run("users", "add", "kim", "--role", "owner", "--db", lib, stdin="long-enough-1\n")
    assert r.returncode == 2 and "invalid choice" in r.stderr
    assert "kim" not in run("users", "list", "--db", lib).stdout


def test_the_clear_password_is_nowhere_in_the_library_folder(lib):
    r = run("users", "passwd", "eve", "--db", lib, stdin="Quince-Harbour-77\n")
    assert r.returncode == 0 and "Quince" not in r.stdout + r.stderr
    for path in lib.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (SECRET, "Quince-Harbour-77"):
                assert secret.encode("utf-8") not in data and secret.encode("utf-16-le") not in data, path


def test_the_audit_log_holds_the_ingest_and_the_account_changes(lib):
    rows = json.loads(run("audit", "--json", "--db", lib).stdout)
    me = f"cli:{getpass.getuser()}"
    assert rows[0]["user"] == me and rows[0]["action"] == "ingest"
    assert rows[0]["detail"]["status"] == "added" and rows[0]["detail"]["file"].endswith("county-xuncha-2024.txt")
    assert [(r["action"], r["detail"]["name"]) for r in rows if r["action"].startswith("user.")][:3] == [
        ("user.add", "ada"), ("user.add", "eve"), ("user.add", "rui")]
    assert all(r["user"] == me for r in rows)
    text = run("audit", "--action", "user", "--db", lib).stdout
    assert "user.add" in text and "ingest" not in text
    assert json.loads(run("audit", "--json", "--since", "2999-01-01", "--db", lib).stdout) == []
    assert len(json.loads(run("audit", "--json", "--user", me, "--since", "2000-01-01", "--db", lib).stdout)) == len(rows)
    r = run("audit", "--since", "someday", "--db", lib)
    assert r.returncode == 2 and "not a date" in r.stderr


def test_verify_passes_then_names_an_edited_row(lib, tmp_path):
    import shutil

    r = run("audit", "--verify", "--db", lib)
    assert r.returncode == 0 and "intact" in r.stdout
    copy = tmp_path / "lib"
    shutil.copytree(lib, copy)
    with sqlite3.connect(copy / "accounts.db") as conn:
        conn.execute("""UPDATE audit SET detail = '{"name":"mallory","role":"admin"}' WHERE seq = 2""")
    r = run("audit", "--verify", "--db", copy)
    assert r.returncode == 1 and "row #2 was changed" in r.stderr
    shutil.copy(lib / "accounts.db", copy / "accounts.db")  # intact again; now a row goes missing
    with sqlite3.connect(copy / "accounts.db") as conn:
        conn.execute("DELETE FROM audit WHERE seq = 3")
    r = run("audit", "--verify", "--db", copy)
    assert r.returncode == 1 and "row #3 was removed" in r.stderr


def test_the_app_stays_on_this_machine_without_an_administrator(tmp_path):
    r = run("app", "--host", "0.0.0.0", "--db", tmp_path / "lib")
    assert r.returncode != 0 and "no administrator account" in r.stderr and "users add" in r.stderr
    r = run("app", "--host", "192.0.2.10", "--db", tmp_path / "lib")
    assert r.returncode != 0 and "no administrator account" in r.stderr
    r = run("app", "--tls-cert", tmp_path / "cert.pem", "--db", tmp_path / "lib")
    assert r.returncode != 0 and "--tls-key" in r.stderr


def test_the_app_serves_beyond_this_machine_with_an_administrator(lib):
    with app_server(lib, "--host", "0.0.0.0") as url:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as response:
            assert response.status == 200


def test_the_app_serves_https(lib, tmp_path):
    cert, key = _self_signed(tmp_path)
    with app_server(lib, "--tls-cert", cert, "--tls-key", key, scheme="https") as url:
        assert url.startswith("https://")
        with pytest.raises(OSError):  # plain HTTP is not answered
            urllib.request.urlopen(url.replace("https", "http") + "/_stcore/health", timeout=5)


def _self_signed(folder):
    """A throwaway certificate for 127.0.0.1 (cryptography comes with pypdf)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_reindex_is_logged(lib):
    r = run("reindex", "--db", lib, "--quiet")
    assert r.returncode == 0, r.stderr
    last = json.loads(run("audit", "--json", "--action", "reindex", "--db", lib).stdout)[-1]
    assert last["user"] == f"cli:{getpass.getuser()}" and last["detail"]["records"] > 0
    assert run("audit", "--verify", "--db", lib).returncode == 0
