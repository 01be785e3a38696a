"""JSON Schemas and validation (结构), both read off the typed models in ``model.py``.

``zwgk schemas`` writes each file kind's schema to ``plugins/zwgk/schemas/`` for editors' YAML tools
(``# yaml-language-server: $schema=…``); a test keeps the written files equal to the models. The
validator runs pydantic on a loaded source and turns each error into a diagnostic with the rule
code, the Chinese message naming the official column, and the file position: ZW101 missing field,
ZW102 empty value, ZW103 unknown field, ZW104 value not allowed, ZW105 wrong type, ZW106 bad
format, ZW107 repeated value. A file with errors still becomes a record, item by item, so one bad
item never hides the findings of the others.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from . import diagnostics as dg
from . import model as m
from . import vocab
from .diagnostics import Diagnostic
from .loading import PathKey, Source, current_shared

SCHEMA_DIR = Path(__file__).parent / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
SLUG = m.SLUG
KINDS = m.FILE_KINDS


class _Generator(GenerateJsonSchema):
    """Schemas for editors: Chinese titles and descriptions only (the models' English docstrings
    are for programmers), definitions named by their Chinese titles' models."""

    def generate(self, schema: Any, mode: Any = "validation") -> JsonSchemaValue:
        out = super().generate(schema, mode=mode)
        _strip_docstrings(out)
        return out


def _strip_docstrings(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.pop("description", None)
        if "default" in node and node["default"] is None:
            del node["default"]
        for v in node.values():
            _strip_docstrings(v)
    elif isinstance(node, list):
        for v in node:
            _strip_docstrings(v)


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of one file kind, as written to ``<kind>.schema.json``."""
    body = KINDS[kind].model_json_schema(by_alias=True, schema_generator=_Generator)
    return {"$schema": DRAFT, "$id": f"{kind}.schema.json", **body}


SCHEMAS: dict[str, dict[str, Any]] = {kind: schema_of(kind) for kind in KINDS}


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / f"{kind}.schema.json"


def dump(kind: str) -> str:
    """The JSON text written for ``kind`` (stable: the models' field order, UTF-8)."""
    return json.dumps(SCHEMAS[kind], ensure_ascii=False, indent=2) + "\n"


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema as JSON; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in SCHEMAS:
        p = directory / f"{kind}.schema.json"
        p.write_text(dump(kind), encoding="utf-8", newline="\n")
        out.append(p)
    return out


# --- validation -------------------------------------------------------------------------------

R = TypeVar("R", bound=m.Record)


def validate(src: Source, kind: str) -> list[Diagnostic]:
    """The findings of the model of ``kind`` on a loaded source (kept for callers that only check)."""
    return load(src, KINDS[kind])[1]


def load(src: Source, model: type[R]) -> tuple[R, list[Diagnostic]]:
    """The record of ``src`` and the findings on the way. Valid files take one pydantic pass; a file
    with errors is built field by field and item by item, the faulty values left blank."""
    try:
        record = model.model_validate(src.data)
        diags: list[Diagnostic] = []
    except ValidationError as e:
        diags = [_diagnostic(model, src, err) for err in e.errors(include_url=False)]
        record = _lenient(model, src.data)
    m.settle(record, src, current_shared())
    if isinstance(record, m.SourceFile | m.TownCatalogue):
        record.file = src.path
    return record, diags


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    key = repr(annotation)
    a = _ADAPTERS.get(key)
    if a is None:
        a = _ADAPTERS[key] = TypeAdapter(annotation)
    return a


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


_MISSING = object()


def _lenient(model: type[R], data: Any) -> R:
    """A record of ``model`` from data that failed validation: each field that validates on its
    own is kept, a faulty list of records keeps its good elements and builds the others the same
    way, anything else is blank (its default, or an empty value of its type)."""
    values: dict[str, Any] = {}
    data = data if isinstance(data, dict) else {}
    for name, f in model.model_fields.items():
        raw = data.get(f.alias or name, _MISSING)
        if raw is _MISSING:
            if not f.is_required():
                continue  # the default stands, and the key stays unset (as written)
            values[name] = _blank(f.annotation)
            continue
        values[name] = _lenient_value(f, raw)
    return model.model_construct(**values)


def _lenient_value(f: FieldInfo, raw: Any) -> Any:
    annotation = f.annotation
    # the field's own constraints (Ge, Len …) live in its metadata, not in its annotation
    checked = typing.Annotated[(annotation, *f.metadata)] if f.metadata else annotation
    try:
        return _adapter(checked).validate_python(raw, strict=True)
    except ValidationError:
        pass
    inner = _record_type(annotation)
    if inner is not None:
        kind, model = inner
        if kind == "list" and isinstance(raw, list):
            return [_one(model, e) for e in raw if isinstance(e, dict)]
        if kind == "dict" and isinstance(raw, dict):
            return {str(k): _one(model, v) for k, v in raw.items() if isinstance(v, dict)}
        if kind == "one" and isinstance(raw, dict):
            return _one(model, raw)
    return None if not f.is_required() else _blank(annotation)


def _one(model: type[R], data: dict[str, Any]) -> R:
    try:
        return model.model_validate(data)
    except ValidationError:
        return _lenient(model, data)


def _record_type(annotation: Any) -> tuple[str, type[Any]] | None:
    """("list" | "dict" | "one", the record model) when ``annotation`` holds records."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if _is_model(annotation):
        return "one", annotation
    if origin is typing.Annotated:
        return _record_type(args[0])
    if origin is list and args and _is_model(_unwrap(args[0])):
        return "list", _unwrap(args[0])
    if origin is dict and len(args) == 2 and _is_model(_unwrap(args[1])):
        return "dict", _unwrap(args[1])
    for a in args:  # X | None
        if a is not type(None):
            hit = _record_type(a)
            if hit is not None:
                return hit
    return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _blank(annotation: Any) -> Any:
    """An empty value of the field's type (the rules read it as missing)."""
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if annotation is str or origin is typing.Literal:
        return ""
    if origin is list or annotation is list:
        return []
    if origin is dict or annotation is dict:
        return {}
    if annotation is bool:
        return False
    if annotation is int or annotation is float:
        return 0
    if _is_model(annotation):
        return _lenient(annotation, {})
    return None  # dates and everything else: unknown


# --- messages ---------------------------------------------------------------------------------

_TYPE_LABEL = {"string": "文字", "int": "整数", "float": "数字", "list": "列表（每行以「- 」开头）",
               "dict": "「字段: 值」的结构", "model": "「字段: 值」的结构", "bool": "true 或 false",
               "date": "日期（如 2024-05-01，不加引号）"}


def _diagnostic(model: type[BaseModel], src: Source, err: Any) -> Diagnostic:
    loc: PathKey = tuple(err["loc"])
    kind: str = err["type"]
    value = err.get("input")
    if kind == "missing":
        parent, key = loc[:-1], loc[-1]
        f = _field_at(model, loc)
        return src.diag(dg.MISSING_FIELD, parent, f"缺少必填字段{_label(f, key)}：{_description(f, '请补充')}")
    f = _field_at(model, loc)
    last = loc[-1] if loc else None
    label = _label(f, last)
    if kind == "extra_forbidden":
        return src.diag(dg.UNKNOWN_FIELD, loc, f"未知字段「{last}」{_suggest(str(last), _owner(model, loc[:-1]))}", key=True)
    if kind in ("literal_error", "enum"):
        allowed = _allowed(err)
        hint = ""
        if isinstance(value, str):
            fixed = vocab.VARIANTS.get(value.strip()) or next(
                iter(difflib.get_close_matches(value, allowed, 1, 0.5)), None)
            if fixed in allowed:
                hint = f"（是否应为「{fixed}」？）"
        return src.diag(dg.NOT_ALLOWED, loc, f"{label}的值「{_display(value)}」不在允许范围内{hint}：可选 {'、'.join(allowed)}")
    if kind in ("string_too_short", "too_short") or (value is None and kind.endswith("_type")):
        return src.diag(dg.EMPTY_VALUE, loc, f"{label}为空：{_description(f, '请填写')}")
    if kind == "string_too_long":
        return src.diag(dg.BAD_FORMAT, loc, f"{label}太长（{len(str(value))} 个字符，最多 {err['ctx']['max_length']} 个）")
    if kind == "string_pattern_mismatch":
        return src.diag(dg.BAD_FORMAT, loc, f"{label}「{_display(value)}」格式不对：{_description(f, '')}")
    if kind in ("greater_than_equal", "greater_than"):
        bound = err["ctx"].get("ge", err["ctx"].get("gt"))
        return src.diag(dg.BAD_FORMAT, loc, f"{label}不能小于 {bound}")
    if kind in ("less_than_equal", "less_than"):
        bound = err["ctx"].get("le", err["ctx"].get("lt"))
        return src.diag(dg.BAD_FORMAT, loc, f"{label}不能大于 {bound}")
    if kind == "unique":
        i, first = err["ctx"]["index"], err["ctx"]["first"]
        line = src.at((*loc, first))[0]
        return src.diag(dg.DUPLICATE_VALUE, (*loc, i), f"{label}中「{_display(err['ctx']['value'])}」重复（第 {line} 行已有）：请删除一个")
    want = _TYPE_LABEL.get(kind.split("_")[0], "")
    if kind.startswith("date") or (f is not None and _unwrap(f.annotation) in (dt.date,)):
        want = _TYPE_LABEL["date"]
    if not want:
        want = _want_of(f)
    return src.diag(dg.WRONG_TYPE, loc, f"{label}应为{want}，现为「{_display(value)}」")


def _want_of(f: FieldInfo | None) -> str:
    if f is None:
        return "正确的写法"
    a = _unwrap(f.annotation)
    origin = typing.get_origin(a)
    if origin is list:
        return _TYPE_LABEL["list"]
    if origin is dict or _is_model(a):
        return _TYPE_LABEL["dict"]
    return "正确的写法"


def _allowed(err: Any) -> list[str]:
    expected = str(err.get("ctx", {}).get("expected", ""))
    return [p.strip().strip("'") for p in expected.replace(" or ", ", ").split(",") if p.strip()]


def _display(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "（结构）"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _label(f: FieldInfo | None, key: Any) -> str:
    title = f.title if f is not None else None
    if title and isinstance(key, str):
        return f"「{title}」（{key}）"
    return f"「{title}」" if title else f"「{key}」"


def _description(f: FieldInfo | None, default: str) -> str:
    return (f.description if f is not None and f.description else None) or default


def _owner(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The model whose object stands at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not _is_model(current):
            continue
        f = _find_field(current, part)
        if f is None:
            return None
        current = _next_model(f.annotation)
        if current is None:
            return None
    return current if _is_model(current) else None


def _field_at(model: type[BaseModel], loc: PathKey) -> FieldInfo | None:
    """The declaration of the field at ``loc`` (the last name in it)."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    owner = _owner(model, _trim_to_last_name(loc))
    return _find_field(owner, names[-1]) if owner is not None else None


def _trim_to_last_name(loc: PathKey) -> PathKey:
    for i in range(len(loc) - 1, -1, -1):
        if isinstance(loc[i], str):
            return loc[:i]
    return ()


def _find_field(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, f in model.model_fields.items():
        if key in (name, f.alias):
            return f
    return None


def _next_model(annotation: Any) -> Any:
    hit = _record_type(annotation)
    if hit is not None:
        return hit[1]
    return None


def _suggest(name: str, model: type[BaseModel] | None) -> str:
    if model is None:
        return ""
    keys = {(f.alias or n): (f.title or "") for n, f in model.model_fields.items()}
    titles = {t: k for k, t in keys.items() if t}
    if name in titles:
        return f"：请改用英文字段名「{titles[name]}」"
    for title, k in titles.items():
        if title and (name in title or title in name):
            return f"：是否应为「{k}」（{title}）？"
    close = difflib.get_close_matches(name, list(keys), 1, 0.6)
    if close:
        return f"：是否应为「{close[0]}」？"
    return "：可用字段有 " + "、".join(keys)
