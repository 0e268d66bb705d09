"""docs/schema.md maps every seed entity to tables that exist, and states the table count."""

from __future__ import annotations

import re
from pathlib import Path

from storage.models import Base

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "docs" / "seeds"
SCHEMA_DOC = ROOT / "docs" / "schema.md"

SEED_000_HEADING = re.compile(r"^([1-9])\.(\d+)\s+(\S+)\s*$")  # "1.1 User" (sections 1-9)
SEED_004_TABLE = re.compile(r"^([a-z_]+) \($")  # "jobs ("
DOC_ROW = re.compile(r"^\| `(?P<entity>[^`]+)` \| (?P<seed>\d{3})\b[^|]*\| (?P<tables>[^|]+) \|")
BEYOND_HEADING = "## Tables beyond the seeds"


def seed_entities() -> set[tuple[str, str]]:
    """(seed, entity name) for every entity the two seed documents define."""
    entities: set[tuple[str, str]] = set()
    (seed_000,) = SEEDS.glob("000_*.txt")
    for line in seed_000.read_text("utf-8", errors="replace").splitlines():
        if match := SEED_000_HEADING.match(line.strip()):
            entities.add(("000", match[3]))
    (seed_004,) = SEEDS.glob("004_*.txt")
    for line in seed_004.read_text("utf-8", errors="replace").splitlines():
        if match := SEED_004_TABLE.match(line.strip()):
            entities.add(("004", match[1]))
    return entities


def documented_mapping() -> dict[tuple[str, str], set[str]]:
    mapping: dict[tuple[str, str], set[str]] = {}
    for line in SCHEMA_DOC.read_text("utf-8").splitlines():
        if match := DOC_ROW.match(line):
            tables = set(re.findall(r"`([a-z_]+)`", match["tables"]))
            mapping[(match["seed"], match["entity"])] = tables
    return mapping


def test_seed_parsing_finds_both_documents_entities() -> None:
    entities = seed_entities()
    assert len([e for e in entities if e[0] == "000"]) == 30
    assert len([e for e in entities if e[0] == "004"]) == 20
    assert ("000", "Agent_Memory") in entities and ("004", "story_scenes") in entities


def test_every_seed_entity_is_mapped_to_existing_tables() -> None:
    mapping = documented_mapping()
    tables = set(Base.metadata.tables)
    unmapped = sorted(
        f"{seed}:{name}" for seed, name in seed_entities() if (seed, name) not in mapping
    )
    assert not unmapped, f"seed entities missing from docs/schema.md: {unmapped}"
    missing = {
        f"{seed}:{name}": sorted(mapped - tables)
        for (seed, name), mapped in mapping.items()
        if not mapped or mapped - tables
    }
    assert not missing, f"docs/schema.md maps entities to tables that do not exist: {missing}"


def tables_beyond_the_seeds() -> set[str]:
    """Tables listed under "Tables beyond the seeds" (first cell of each row)."""
    text = SCHEMA_DOC.read_text("utf-8")
    section = text.split(BEYOND_HEADING, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))


def test_every_table_is_some_seed_entity_and_count_is_stated() -> None:
    mapped = set().union(*documented_mapping().values())
    beyond = tables_beyond_the_seeds()
    assert "reference_data_versions" in beyond
    assert not beyond - set(Base.metadata.tables), "listed tables that do not exist"
    orphans = sorted(set(Base.metadata.tables) - mapped - beyond)
    assert not orphans, f"tables no seed entity maps to: {orphans}"
    stated = re.search(r"\*\*(\d+) tables\*\*", SCHEMA_DOC.read_text("utf-8"))
    assert stated is not None and int(stated[1]) == len(Base.metadata.tables)
