from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from mesodesk.knowledge import snapshot
from mesodesk.knowledge.errors import KnowledgeError
from mesodesk.knowledge.export import export_knowledge
from mesodesk.knowledge.loader import load_from, load_knowledge, snapshot_is_current

DATA = Path(snapshot.DATA_DIR)
SOURCES_DIR = Path(__file__).resolve().parents[3] / "shared" / "sources"


def test_the_shipped_snapshot_is_current_so_the_cli_serves_checked_data() -> None:
    assert snapshot_is_current(), "run `mesodesk kb compile` after editing the knowledge files"


def test_the_base_is_loaded_once_and_cannot_be_changed() -> None:
    kb = load_knowledge()
    assert load_knowledge() is kb
    with pytest.raises(AttributeError, match="read-only"):
        kb.techniques[0].depth_max_mm = 99  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        kb.techniques = ()  # type: ignore[misc]
    assert isinstance(kb.techniques, tuple)


def test_the_yaml_and_the_snapshot_give_the_same_base(tmp_path: Path) -> None:
    for name in snapshot.FILES:
        shutil.copy(DATA / name, tmp_path / name)  # no snapshot: the YAML path
    assert load_from(tmp_path) == load_knowledge()


def test_the_contract_vocabularies_are_all_there() -> None:
    kb = load_knowledge()
    assert [t.code for t in kb.techniques] == [
        "epidermal",
        "papule",
        "nappage",
        "point_by_point",
        "mesoperfusion",
        "mps",
    ]
    assert [d.code for d in kb.depth_classes] == ["ied", "ids", "idp", "ihd", "dhd"]
    indications = {i.code for i in kb.indications}
    assert {
        "skin_rejuvenation",
        "wrinkles",
        "hair_loss",
        "cellulite",
        "localized_fat",
        "scars",
        "acne",
        "sports_injury",
        "chronic_pain",
    } <= indications
    assert {
        "hyaluronic_acid",
        "dmae",
        "centella_asiatica",
        "multivitamins",
        "silicon",
        "rutin",
        "lidocaine",
        "procaine",
    } <= {i.code for i in kb.ingredients}
    assert kb.ingredients_by_formulation["mesolift"] == {
        "multivitamins",
        "silicon",
        "rutin",
        "hyaluronic_acid",
        "dmae",
        "centella_asiatica",
    }
    assert {
        "skin_regeneration_8",
        "hair_loss_8",
        "wrinkles_15",
        "cellulite_10",
        "sports_injury_acute",
    } <= {p.code for p in kb.protocols}
    severities = {c.code: c.severity for c in kb.contraindications}
    for code in (
        "pregnancy",
        "ingredient_allergy",
        "multi_allergy",
        "epilepsy",
        "under_18",
        "acute_infection",
    ):
        assert severities[code] == "absolute"
    for code in (
        "psoriasis",
        "neurodermatitis",
        "bleeding_disorder",
        "herpes_tendency",
        "dysmorphophobia",
    ):
        assert severities[code] == "relative"
    for code in (
        "antiplatelet_washout",
        "herpes_prophylaxis",
        "hair_loss_onset_over_2_years",
        "expects_quick_results",
    ):
        assert severities[code] == "advice"


def test_every_entry_of_every_list_in_the_export_cites_a_source() -> None:
    exported = export_knowledge(load_knowledge())
    ids = {s["id"] for s in exported["sources"]}
    for section, value in exported.items():
        if section == "sources":
            continue
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            assert entry["sources"] and set(entry["sources"]) <= ids, (section, entry)


def test_the_unreliable_article_is_rated_so_and_its_claims_only_appear_as_conflicts() -> None:
    kb = load_knowledge()
    assert kb.source_by_id["000_2004ee61f8bd4b5f"].reliability == "unreliable"
    exported = export_knowledge(kb)
    for section, value in exported.items():
        if section in ("sources", "conflicts"):
            continue
        for entry in value if isinstance(value, list) else [value]:
            assert "000_2004ee61f8bd4b5f" not in entry["sources"], (section, entry)
    definition = next(c for c in kb.conflicts if c.topic == "What mesotherapy is")
    assert "000_2004ee61f8bd4b5f" in definition.sources and definition.followed


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_no_sentence_of_an_article_is_pasted_into_the_knowledge_files() -> None:
    if not SOURCES_DIR.is_dir() and os.environ.get("CI") != "true":
        pytest.skip("the articles live in shared/, beside the repository; CI always has them")
    article_runs: set[tuple[str, ...]] = set()
    for article in SOURCES_DIR.glob("0*.txt"):
        article_runs |= _shingles(article.read_text())
    assert article_runs, f"no article found under {SOURCES_DIR}"
    for section, value in load_knowledge().to_plain().items():
        for text in _stated_texts(value):
            pasted = _shingles(text) & article_runs
            assert not pasted, f"{section} repeats an article word for word: {' '.join(next(iter(pasted)))}"


def _stated_texts(value: object) -> list[str]:
    """Every text the knowledge base states, leaving out titles and `where` headings:
    those are citations, quoted as published on purpose."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in _stated_texts(item)]
    if isinstance(value, dict):
        return [
            t for key, item in value.items() if key not in ("where", "title") for t in _stated_texts(item)
        ]
    return []


BAD_EDITS = [
    ("techniques.yaml", "    depth_min_mm: 1\n    depth_max_mm: 2\n    max_inclusive: true\n    depth_classes: [ids]\n",
     "    depth_min_mm: one\n    depth_max_mm: 2\n    max_inclusive: true\n    depth_classes: [ids]\n",
     "techniques.yaml: techniques[papule]: field 'depth_min_mm': must be a number"),
    ("substances.yaml", "    ingredients: [hyaluronic_acid, dmae, centella_asiatica]",
     "    ingredients: [hyaluronic_acid, dmae, gold]",
     "formulations[mesolift]: field 'ingredients': unknown code 'gold'"),
    ("contraindications.yaml", "  - code: epilepsy\n    severity: absolute",
     "  - code: epilepsy\n    severity: fatal",
     "contraindications.yaml: contraindications[epilepsy]: field 'severity': 'fatal' is not one of"),
    ("protocols.yaml", "    sources: [002_f92b52b170801ca0]\n    where: Procedure; Procedure Costs",
     "    sources: [009_nowhere]\n    where: Procedure; Procedure Costs",
     "protocols[cellulite_10]: field 'sources': unknown source '009_nowhere'"),
    ("indications.yaml", "  - code: acne\n    name: Acne\n", "  - code: acne\n    nmae: Acne\n",
     "indications.yaml: indications[acne]: field 'nmae': unknown field"),
    ("care.yaml", "    name: No bath or shower for 12 hours after treatment.\n", "",
     "care.yaml: after_care[no_bath_or_shower_12h]: field 'name': is required"),
    ("protocols.yaml", "      - {first: 5, last: 8, months: 1, slack_days: 7}\n    maintenance: {every_days_min: 90, every_days_max: 180}\n    note: Sessions 1",
     "      - {first: 6, last: 8, months: 1, slack_days: 7}\n    maintenance: {every_days_min: 90, every_days_max: 180}\n    note: Sessions 1",
     "protocols[skin_regeneration_8]: field 'phases': phases must cover sessions 2..8 in order"),
]  # fmt: skip


@pytest.mark.parametrize(("file_name", "old", "new", "message"), BAD_EDITS)
def test_a_bad_entry_is_refused_naming_the_file_the_entry_and_the_field(
    tmp_path: Path, file_name: str, old: str, new: str, message: str
) -> None:
    for name in snapshot.FILES:
        shutil.copy(DATA / name, tmp_path / name)
    shutil.copy(DATA / snapshot.COMPILED, tmp_path / snapshot.COMPILED)
    text = (tmp_path / file_name).read_text()
    assert old in text, "the test's edit no longer matches the file"
    (tmp_path / file_name).write_text(text.replace(old, new, 1))
    with pytest.raises(KnowledgeError) as error:
        load_from(tmp_path)  # the snapshot is stale now, so the YAML is read and checked
    assert message in str(error.value)


def test_broken_yaml_is_refused_naming_the_file(tmp_path: Path) -> None:
    for name in snapshot.FILES:
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "care.yaml").write_text("pre_care: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"^care.yaml: is not valid YAML"):
        load_from(tmp_path)
