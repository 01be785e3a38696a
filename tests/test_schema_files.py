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


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yaml(doc: dict[str, Any]) -> str:
    return yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


GOOD_ITEM = {"id": "a", "category": "c", "subcategory": "d", "elements": ["e"], "basis": ["《f》"],
             "time_limit": "g", "subjects": ["h"], "channels": ["政府网站"], "audience": "全社会", "method": "主动",
             "levels": ["县级"]}


@pytest.mark.parametrize(
    ("change", "code"),
    [({"method": "依申请公开"}, "ZW104"), ({"elements": []}, "ZW102"), ({"elements": ["e", "e"]}, "ZW107"),
     ({"id": "A b"}, "ZW106"), ({"levels": "县级"}, "ZW105"), ({"colour": "red"}, "ZW103"),
     ({"category": None}, "ZW102"), ({"channels": ["微博"]}, "ZW104"), ({"seq": 0}, "ZW106")],
)
def test_the_written_schema_and_our_validator_agree(change: dict[str, Any], code: str) -> None:
    """Editors' YAML tools (the JSON Schema) and `zwgk check` (pydantic) reject the same mistakes."""
    from zwgk.loading import load_text

    doc = {"domain": "x", "source": "s", "status": "draft", "updated": dt.date(2024, 1, 1),
           "items": [dict(GOOD_ITEM), {**GOOD_ITEM, "id": "b", **change}]}
    errors = list(jsonschema.Draft202012Validator(schema.SCHEMAS["catalogue"]).iter_errors(_jsonable(doc)))
    assert errors and all(list(e.absolute_path)[:2] == ["items", 1] for e in errors), errors
    src, _ = load_text(_yaml(doc), "catalogues/county/x.yaml")
    assert src is not None
    found = [d.code for d in schema.validate(src, "catalogue")]
    assert found == [code]
    ok = {**doc, "items": [dict(GOOD_ITEM)]}
    assert not list(jsonschema.Draft202012Validator(schema.SCHEMAS["catalogue"]).iter_errors(_jsonable(ok)))
    src, _ = load_text(_yaml(ok), "catalogues/county/x.yaml")
    assert src is not None and schema.validate(src, "catalogue") == []
