"""Text normalisation, author parsing, ids, settings and the CLI surface."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from generator.cli import COMMANDS
from generator.config import load_settings, read_config_file
from generator.content.model import Day, Paper, id_sort_key, is_arxiv_id, safe_id, split_version
from generator.errors import ConfigError, ContentError
from generator.fetch.listing import parse_creators
from generator.fetch.texnorm import clean_abstract, tex_to_unicode

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "raw, expected",
    [
        (r"Rapha\"el Sarfati", "Raphaël Sarfati"),
        (r"Guijarro-Berdi\~nas", "Guijarro-Berdiñas"),
        (r"J. Er\"o and Vo{\ss}", "J. Erö and Voß"),
        (r"{\"o}, \"{u}, \v{S}koda, \c{c}, \H o, \'{\i}", "ö, ü, Škoda, ç, ő, í"),
        (r"LL\"aMmlein: $\"a \alpha$ and \(\"x\)", r"LLäMmlein: $\"a \alpha$ and \(\"x\)"),
        (r"Comparator-Adaptive $\Phi$-Regret", r"Comparator-Adaptive $\Phi$-Regret"),
        (r"\AA ngstr\"{o}m Q\&A", "Ångström Q&A"),
        ("no TeX at all <sub, pred, obj> $0<s<1$", "no TeX at all <sub, pred, obj> $0<s<1$"),
    ],
)
def test_tex_accents_become_unicode_outside_math_only(raw, expected):
    assert tex_to_unicode(raw) == expected


def test_abstract_paragraphs_and_soft_wraps():
    assert clean_abstract("  First line\nwrapped.\n  Second paragraph.") == "First line wrapped.\n\nSecond paragraph."


def test_creators_with_affiliations_containing_commas():
    authors = parse_creators(
        "Xiao Yu Cindy Zhang (University of British Columbia, Vancouver), "
        r"Carlos R. Ferreira, Rapha\"el Sarfati (MIT)"
    )
    assert [a.name for a in authors] == ["Xiao Yu Cindy Zhang", "Carlos R. Ferreira", "Raphaël Sarfati"]
    assert authors[0].affiliations == ("University of British Columbia", "Vancouver")
    assert authors[2].affiliations == ("MIT",)


def test_2830_author_list_parses_in_linear_time():
    text = (FIXTURES / "abs" / "arXiv-arxiv-browse" / "1411.4413.abs").read_text("utf-8")
    field = re.search(r"^Authors: (.*?)\n(?=\S)", text, re.S | re.M).group(1)
    creator = " ".join(field.split())
    big = ", ".join([creator] * 2)  # about 74,000 characters, like the largest real dc:creator
    start = time.perf_counter()
    authors = parse_creators(big)
    elapsed = time.perf_counter() - start
    assert len(authors) > 5000
    assert "J. Erö" in {a.name for a in authors}
    assert elapsed < 5  # generous: a quadratic parser takes minutes here


@pytest.mark.parametrize(
    "vid, bare, version",
    [
        ("2606.23985v2", "2606.23985", 2),
        ("quant-ph/0201082v1", "quant-ph/0201082", 1),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("math.GT/0309136v3", "math.GT/0309136", 3),
    ],
)
def test_ids_split_and_old_style(vid, bare, version):
    assert split_version(vid) == (bare, version)
    assert is_arxiv_id(bare)


def test_id_order_crosses_eras_and_safe_paths():
    ids = ["1501.00001", "0704.0001", "hep-th/9901001", "2606.23985", "0912.9999"]
    assert sorted(ids, key=id_sort_key) == ["hep-th/9901001", "0704.0001", "0912.9999", "1501.00001", "2606.23985"]
    assert safe_id("hep-th/9901001") == "hep-th_9901001"


def test_paper_round_trip_and_rejects_bad_records():
    paper = Paper(
        id="2104.12255", version=1, title="0", authors=(), abstract="", categories=("cs.LG",), announce_type="new"
    )
    day = Day("2026-06-24", ("cs.LG",), (paper,))
    assert Day.from_dict(day.to_dict()) == day
    bad = day.to_dict() | {"schema": 3}
    with pytest.raises(ContentError, match="schema 3"):
        Day.from_dict(bad)
    broken = day.to_dict()
    broken["papers"][0]["announce_type"] = "absonly"
    with pytest.raises(ContentError, match="announce_type"):
        Day.from_dict(broken)


def test_settings_layers_and_archives(tmp_path):
    cfg = tmp_path / "digest.toml"
    cfg.write_text('categories = ["cs.AI", "math"]\nrequest_delay = 5\n')
    s = load_settings(config_file=cfg, env={"DIGEST_REQUEST_DELAY": "4"}, overrides={"content_dir": "x"})
    assert s.categories == ("cs.AI", "math") and s.request_delay == 4.0 and s.content_dir == Path("x")
    # Aliases fold into the canonical category; case is forgiven.
    assert load_settings(config_file=cfg, env={"DIGEST_CATEGORIES": "math.IT,CS.cl"}).categories == ("cs.IT", "cs.CL")


def test_api_key_is_refused_in_files_and_read_from_env(tmp_path):
    cfg = tmp_path / "digest.toml"
    cfg.write_text('llm_api_key = "sk-should-not-be-here"\n')
    with pytest.raises(ConfigError, match="environment"):
        read_config_file(cfg)
    s = load_settings(config_file=None, env={"OPENAI_API_KEY": "sk-canary"})
    assert s.llm_api_key == "sk-canary" and s.llm_base_url == "https://api.openai.com/v1"
    assert "sk-canary" not in repr(s)


def test_unknown_setting_is_reported(tmp_path):
    cfg = tmp_path / "digest.toml"
    cfg.write_text("categoriez = []\n")
    with pytest.raises(ConfigError, match="unknown setting 'categoriez'"):
        read_config_file(cfg)


def test_a_config_file_of_any_name_may_be_pyproject_shaped(tmp_path):
    # `--config fork.toml` holding a copy of pyproject.toml: its [tool.digest] table is the config,
    # the rest of a pyproject (project, build-system, other tools) is none of ours.
    cfg = tmp_path / "fork.toml"
    cfg.write_text('[project]\nname = "x"\n\n[tool.ruff]\nline-length = 1\n\n[tool.digest]\ncategories = ["cs.AI"]\n')
    assert read_config_file(cfg) == {"categories": ["cs.AI"]}
    assert load_settings(config_file=cfg, env={}).categories == ("cs.AI",)
    bare = tmp_path / "digest.toml"
    bare.write_text('categories = ["math"]\n[tool.other]\nx = 1\n')
    with pytest.raises(ConfigError, match="unknown setting 'tool'"):  # no [tool.digest]: top level
        read_config_file(bare)


def test_every_cli_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text()
    for name in COMMANDS:
        assert f"`digest {name}" in readme, name


def test_unbalanced_parenthesis_does_not_swallow_later_authors():
    authors = parse_creators("Alice Smith (MIT, Dept. of Physics (CTP), Bob Jones, Carol White (Stanford)")
    names = [a.name for a in authors]
    assert "Bob Jones" in names and len(authors) >= 3


def test_faq_file_with_wrong_types_is_a_content_error():
    from generator.content.model import Faq

    good = {
        "schema": 1,
        "id": "2606.00001",
        "version": 1,
        "prompt_version": "faq-2",
        "model": "m",
        "language": "en",
        "input_kind": "abstract",
        "generated_at": "2026-06-24T00:00:00Z",
        "usage": {"prompt_tokens": 1, "completion_tokens": 2},
        "duration_s": 1.5,
        "flags": [],
        "items": [{"question": "q", "answer": "a"}],
        "html": "<p>a</p>",
    }
    assert Faq.from_dict(good).prompt_tokens == 1
    for bad in ({"usage": {"prompt_tokens": "n/a"}}, {"flags": "prompt-injection"}, {"duration_s": "1"}):
        with pytest.raises(ContentError):
            Faq.from_dict(good | bad)


def test_openai_key_is_never_sent_to_another_base_url():
    s = load_settings(
        config_file=None,
        env={"DIGEST_LLM_BASE_URL": "http://my-vllm.example:8000/v1", "OPENAI_API_KEY": "sk-openai-real"},
    )
    assert s.llm_api_key == "" and s.llm_base_url == "http://my-vllm.example:8000/v1"


def test_schema_1_day_is_read_and_migrates_to_schema_2():
    # A day written before schema 2 (the committed 2026-06-24 sample was one) keeps its enrichment.
    v1 = {
        "schema": 1,
        "date": "2026-06-24",
        "categories": ["cs.LG"],
        "papers": [
            {
                "id": "2104.12255",
                "version": 1,
                "title": "0",
                "authors": [],
                "abstract": "",
                "categories": ["cs.LG"],
                "announce_type": "new",
                "enriched": True,
            }
        ],
    }
    from generator.content.model import DAY_SCHEMA, ENRICHMENT_VERSION

    day = Day.from_dict(v1)
    assert day.papers[0].enrichment == 1 and day.papers[0].enriched
    out = day.to_dict()
    assert out["schema"] == DAY_SCHEMA == 2 and out["incomplete"] == []
    assert out["papers"][0]["enrichment"] == 1 and "enriched" not in out["papers"][0]
    older = Paper.from_dict(out["papers"][0] | {"enrichment": ENRICHMENT_VERSION - 1})
    assert not older.enriched  # an older enrichment is redone by the next fetch
    with pytest.raises(ContentError, match="enrichment"):
        Paper.from_dict(out["papers"][0] | {"enrichment": -1})
