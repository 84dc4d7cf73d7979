"""`sitegen serve` answers only this machine's browser, and odd requests without a traceback (issue 13);
two builds publish the same files, Pagefind's filter indexes aside (upstream Pagefind issue 638).

The server runs in a subprocess on a free port of 127.0.0.1; raw requests (http.client) carry the
Host and Origin headers a browser on a DNS-rebinding page, or another web site, would send.
"""

from __future__ import annotations

import gzip
import http.client
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.commands.serve import HostCheck
from tests.conftest import build_site, make_site
from tests.test_serve import running_preview

REFUSED = (b"403: this preview answers only http://127.0.0.1, http://localhost and http://[::1] "
           b"(or the --bind address), with or without the port.\n")


class Served:
    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log

    def get(self, path: str, host: str | None = None, **headers: str) -> tuple[int, bytes]:
        """Status and body of a GET with exactly this Host header (the server's own address if None)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", f"127.0.0.1:{self.port}" if host is None else host)
            for name, value in headers.items():
                connection.putheader(name.replace("_", "-"), value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    site = make_site(tmp_path_factory.mktemp("serve"))
    log_file = site.parent / "serve.log"
    with running_preview(site, log_file) as url:
        yield Served(int(url.rsplit(":", 1)[1]), log_file)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LocalHost", "[::1]", "127.0.0.1:{port}",
                                  "localhost:{port}", "[::1]:{port}"])
def test_the_preview_answers_this_machines_names(served: Served, host: str) -> None:
    status, body = served.get("/", host.format(port=served.port))
    assert status == 200 and body.startswith(b"<!DOCTYPE html>")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example",
                                  "localhost.evil.example:{port}", "", "[::1]evil", "127.0.0.1:80:80"])
@pytest.mark.parametrize("path", ["/", "/berita/draf/", "/livereload.js", "/livereload"])
def test_a_request_for_another_name_is_refused(served: Served, host: str, path: str) -> None:
    """A page on another site that reached 127.0.0.1 through its own name (DNS rebinding) reads nothing."""
    status, body = served.get(path, host.format(port=served.port))
    assert (status, body) == (403, REFUSED)


@pytest.mark.parametrize("host", ["127.0.0.1@evil.example", "127.0.0.1 evil", "127.0.0.1/evil"])
def test_a_malformed_host_header_is_refused(served: Served, host: str) -> None:
    assert served.get("/", host)[0] in (400, 403)  # Tornado refuses some itself (400)


def test_livereloads_websocket_refuses_another_web_site(served: Served) -> None:
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec_WebSocket_Key": "dGhlIHNhbXBsZSBub25jZQ==",
               "Sec_WebSocket_Version": "13"}
    assert served.get("/livereload", Origin=f"http://127.0.0.1:{served.port}", **upgrade)[0] == 101
    assert served.get("/livereload", Origin="http://evil.example", **upgrade)[0] == 403


def test_forcereload_is_not_served(served: Served) -> None:
    """livereload's endpoint that reloads every open tab, unasked; sitegen reloads through its watcher."""
    assert served.get("/forcereload")[0] == 404
    assert served.get("/forcereload?path=*")[0] == 404


@pytest.mark.parametrize("path", ["/berita/%00", "/%00", "/berita/%0a/", "/%7f", "/%c2%85", "/" + "a" * 5000,
                                  "/%ff", "/berita/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/../../etc/passwd"])
def test_odd_paths_are_answered_without_a_traceback(served: Served, path: str) -> None:
    status, _ = served.get(path)
    assert status in (400, 403, 404)
    assert served.get("/")[0] == 200  # still serving
    log = served.log.read_text()
    assert "Traceback" not in log and " 500 " not in log, log


def test_with_bind_on_every_address_other_machines_reach_it_by_address_but_not_by_another_name() -> None:
    everywhere = HostCheck("0.0.0.0")
    assert everywhere.allows("192.168.1.20:8000") and everywhere.allows("[fe80::1]:8000")
    assert everywhere.allows(f"{socket.gethostname()}:8000")
    assert not everywhere.allows("evil.example:8000") and not everywhere.allows("192.168.1.20.evil.example")
    loopback = HostCheck("127.0.0.1")
    assert not loopback.allows("192.168.1.20:8000")
    assert HostCheck("192.168.1.20").allows("192.168.1.20:8000")
    assert HostCheck("::1").allows("[::1]:8000")


# --- byte-identical builds, and what Pagefind changes -------------------------------------------

def test_two_builds_are_identical_but_for_the_order_inside_pagefinds_filter_indexes(tmp_path: Path) -> None:
    """Pagefind writes each filter's values in a random order (a Rust HashMap), which changes the
    filter files' names, the metadata file naming them, and pagefind-entry.json naming that."""
    site = make_site(tmp_path)
    build_site(site, output=tmp_path / "one")
    build_site(site, output=tmp_path / "two")
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert len(stable(one)) > 100 and stable(one) == stable(two)
    for bundle in ("pagefind", "en/pagefind"):
        filters_one, filters_two = unstable(one, bundle, "filter/"), unstable(two, bundle, "filter/")
        assert len(filters_one) == len(filters_two) == 2  # year and category
        # The same values and pages, in another order: the same bytes, once sorted.
        assert sorted(map(sorted, filters_one)) == sorted(map(sorted, filters_two))
        metas = unstable(one, bundle, "pagefind."), unstable(two, bundle, "pagefind.")
        assert [len(meta) for meta in metas[0]] == [len(meta) for meta in metas[1]]


def files(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def is_unstable(name: str) -> bool:
    """Pagefind's files that change from run to run: the filter indexes and the files that name them."""
    return name.endswith((".pf_filter", ".pf_meta", "/pagefind-entry.json"))


def stable(published: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in published.items() if not is_unstable(name)}


def unstable(published: dict[str, bytes], bundle: str, start: str) -> list[bytes]:
    """The uncompressed contents of a bundle's unstable files whose name starts so."""
    return [gzip.decompress(data) for name, data in published.items()
            if name.startswith(f"{bundle}/{start}") and is_unstable(name)]
