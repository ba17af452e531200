"""CLI conventions (issue 10): flags before or after the verb, bare `digest`, one-line --help
descriptions, range-checked numbers, the site's own 404 page in `digest serve`."""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from test_render_support import make_content, sample_days, settings_for

from generator.cli import main
from generator.render.serve import make_server
from generator.render.stage import render_site

DIGEST = str(Path(sys.executable).parent / "digest")
VERBS = ("fetch", "check", "faq", "render", "serve", "build", "merge-day")


def digest(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([DIGEST, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


@pytest.mark.parametrize("argv", [["-v", "check"], ["check", "-v"], ["-q", "check"], ["check", "-q"]])
def test_verbosity_flags_work_before_or_after_the_verb(argv, tmp_path, monkeypatch, capsys):
    make_content(tmp_path / "content", sample_days())
    monkeypatch.setenv("DIGEST_CONTENT_DIR", str(tmp_path / "content"))
    assert main(argv) == 0
    assert "content OK" in capsys.readouterr().out


def test_bare_digest_prints_usage_and_every_command():
    result = digest()
    assert result.returncode == 0
    assert result.stdout.startswith("usage: digest")
    assert all(verb in result.stdout for verb in VERBS)


@pytest.mark.parametrize("verb", VERBS)
def test_each_verbs_help_starts_with_one_line_saying_what_it_does(verb):
    result = digest(verb, "--help")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    blank = lines.index("")
    description, after = lines[blank + 1], lines[blank + 2]
    assert description[:1].isupper() and description.endswith(".") and after == "", result.stdout


@pytest.mark.parametrize("argv", [["serve", "--port", "99999"], ["serve", "--port", "x"], ["faq", "--limit", "-1"]])
def test_numeric_flags_are_range_checked_in_one_usage_line(argv):
    result = digest(*argv)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("digest ")


def test_serve_answers_unknown_paths_with_the_sites_own_404_page(tmp_path):
    settings = settings_for(tmp_path)
    make_content(settings.content_dir, sample_days())
    render_site(settings)
    server = make_server(settings.site_dir, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/no/such/page/"
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, timeout=10)
        assert caught.value.code == 404
        page = caught.value.read()
        assert page == (settings.site_dir / "404.html").read_bytes()
        # Served below a missing path, its styles, scripts, links and search form still resolve.
        doc = lxml.html.fromstring(page)
        refs = doc.xpath("//link[@rel='stylesheet']/@href | //script/@src | //a/@href | //form/@action")
        local = [urljoin(url, r) for r in refs if not urlsplit(urljoin(url, r)).netloc.endswith("arxiv.org")]
        assert len(local) >= 6
        for ref in local:
            with urllib.request.urlopen(ref, timeout=10) as got:
                assert got.status == 200, ref
    finally:
        server.shutdown()
        server.server_close()
