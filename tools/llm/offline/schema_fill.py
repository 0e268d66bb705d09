"""Filling any JSON schema with a valid instance, for schemas the writer has no author for.

Used for unknown structured outputs and to conform a known writer's output to the schema it was
actually asked for (drop keys the schema forbids, add required ones it lacks), so a schema that
grew a field does not break the offline provider. Strings come from the context when a key of
the same name is there, so the values still say something about the request.
"""

from __future__ import annotations

from typing import Any

_MAX_DEPTH = 8
_NEUTRAL_NUMBERS = frozenset({"score", "confidence", "probability", "weight"})


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node: Any = root
        for part in ref[2:].split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        merged = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
        return _resolve(merged, root)
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            non_null = [o for o in options if isinstance(o, dict) and o.get("type") != "null"]
            chosen = non_null[0] if non_null else options[0]
            rest = {k: v for k, v in schema.items() if k != key}
            return _resolve({**rest, **chosen}, root)
    all_of = schema.get("allOf")
    if isinstance(all_of, list):
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for part in all_of:
            if isinstance(part, dict):
                merged.update(_resolve(part, root))
        return merged
    return schema


def fill(
    schema: dict[str, Any],
    context: dict[str, Any],
    *,
    name: str = "",
    root: dict[str, Any] | None = None,
    depth: int = 0,
) -> Any:
    """A value valid for ``schema``; ``name`` is the property it fills (for context lookup)."""
    root = root if root is not None else schema
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        wanted = context.get(name)
        return wanted if wanted in schema["enum"] else schema["enum"][0]
    if "default" in schema and name not in context:
        return schema["default"]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        if depth >= _MAX_DEPTH:
            return {}
        properties: dict[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or properties)
        inner = context.get(name)
        nested: dict[str, Any] = inner if isinstance(inner, dict) else context
        return {
            key: fill(prop, nested, name=key, root=root, depth=depth + 1)
            for key, prop in properties.items()
            if key in required or key in nested
        }
    if kind == "array":
        count = max(int(schema.get("minItems", 0)), 1 if name in context else 0)
        count = min(count, int(schema.get("maxItems", count)))
        items = schema.get("items") or {"type": "string"}
        source = context.get(name)
        values = source if isinstance(source, list) else []
        out = []
        for index in range(max(count, min(len(values), int(schema.get("maxItems", 8))))):
            item_context = {"item": values[index]} if index < len(values) else {}
            out.append(
                fill(items, {**context, **item_context}, name="item", root=root, depth=depth + 1)
            )
        return out
    if kind in {"number", "integer"}:
        if name in _NEUTRAL_NUMBERS and name not in context and "minimum" not in schema:
            return 0.5  # an unbounded score the writer cannot judge: neutral, not perfect
        return _number(schema, context.get(name), integer=kind == "integer")
    if kind == "boolean":
        value = context.get(name)
        return value if isinstance(value, bool) else False
    if kind == "null":
        return None
    return _string(schema, context.get(name), name)


def _number(schema: dict[str, Any], wanted: Any, *, integer: bool) -> float | int:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if isinstance(wanted, (int, float)) and not isinstance(wanted, bool):
        value = float(wanted)
    elif low is not None and high is not None:
        value = (float(low) + float(high)) / 2
    elif low is not None:
        value = float(low) + 1
    elif high is not None:
        value = min(float(high), 1.0)
    else:
        value = 1.0
    if "exclusiveMinimum" in schema:
        value = max(value, float(schema["exclusiveMinimum"]) + (1 if integer else 0.01))
    if "minimum" in schema:
        value = max(value, float(schema["minimum"]))
    if "exclusiveMaximum" in schema:
        value = min(value, float(schema["exclusiveMaximum"]) - (1 if integer else 0.01))
    if "maximum" in schema:
        value = min(value, float(schema["maximum"]))
    return round(value) if integer else round(value, 3)


def _string(schema: dict[str, Any], wanted: Any, name: str) -> str:
    if isinstance(wanted, str) and wanted:
        text = wanted
    elif wanted is not None and not isinstance(wanted, (dict, list)):
        text = str(wanted)
    else:
        text = f"{name.replace('_', ' ') or 'value'} (filled offline)"
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", max(len(text), low)))
    if len(text) < low:
        text = text + "." * (low - len(text))
    return text[:high]


def conform(
    data: dict[str, Any], schema: dict[str, Any], context: dict[str, Any]
) -> dict[str, Any]:
    """``data`` reshaped to ``schema``: forbidden keys dropped, missing required keys filled."""
    shaped = _conform(data, schema, context, schema)
    return shaped if isinstance(shaped, dict) else data


def _conform(
    data: Any, schema: dict[str, Any], context: dict[str, Any], root: dict[str, Any]
) -> Any:
    schema = _resolve(schema, root)
    if isinstance(data, dict) and (schema.get("type") == "object" or "properties" in schema):
        properties: dict[str, Any] = schema.get("properties") or {}
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in properties:
                out[key] = _conform(value, properties[key], context, root)
            elif schema.get("additionalProperties", True) is not False:
                out[key] = value
        for key in schema.get("required") or []:
            if key not in out and key in properties:
                out[key] = fill(properties[key], context, name=key, root=root)
        return out
    if isinstance(data, list) and isinstance(schema.get("items"), dict):
        return [_conform(item, schema["items"], context, root) for item in data]
    return data
