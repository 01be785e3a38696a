"""The JSON Schemas editors' YAML tools use: generated from the code, valid, and agreeing with it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from zwgk import schema

from .conftest import REPO

SHIPPED = sorted((REPO / "catalogues").rglob("*.yaml"))
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


@pytest.mark.parametrize("kind", sorted(schema.SCHEMAS))
def test_committed_schema_matches_definition(kind: str) -> None:
    committed = schema.schema_path(kind).read_text(encoding="utf-8")
    assert committed == schema.dump(kind), "run `zwgk schemas` and commit the result"
    jsonschema.Draft202012Validator.check_schema(schema.SCHEMAS[kind])


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return v.isoformat() if isinstance(v, dt.date) else v


@pytest.mark.parametrize("path", SHIPPED, ids=[p.relative_to(REPO).as_posix() for p in SHIPPED])
def test_every_source_names_its_schema_and_passes_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    m = SCHEMA_LINE.search(text)
    assert m, f"{path} lacks a '# yaml-language-server: $schema=' line"
    schema_file = (path.parent / m.group(1)).resolve()
    assert schema_file.is_file(), schema_file
    data = _jsonable(yaml.safe_load(text))
    jsonschema.Draft202012Validator(
        yaml.safe_load(schema_file.read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    ).validate(data)


def test_library_and_our_validator_agree_on_a_bad_item() -> None:
    bad = {"domain": "x", "source": "s", "status": "draft", "updated": "2024-01-01",
           "items": [{"id": "a", "category": "c", "method": "依申请公开"}]}
    errors = list(jsonschema.Draft202012Validator(schema.CATALOGUE).iter_errors(bad))
    assert errors  # the JSON Schema rejects it too, so editors see the same mistake inline
