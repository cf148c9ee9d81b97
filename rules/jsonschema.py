"""A JSON Schema of the rule-file format, for editors' autocompletion and checks.

Built from the same pydantic models and condition registry that validate files,
so the schema cannot drift from what `gardien check` accepts.
"""

from __future__ import annotations

from typing import Any

from rules.actions import BanOptions, KickOptions, TimeoutOptions, WarnOptions
from rules.conditions import ConditionKind
from rules.spec import RuleFileSpec, RuleSpec
from rules.spectypes import Duration
from rules.validation import adapter

REF = "#/$defs/{model}"
SCHEMA_ID = "https://gardien.invalid/schemas/code-of-conduct-v1.json"


def _lift(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Move a sub-schema's own $defs to the shared ones."""
    defs.update(schema.pop("$defs", {}))
    return schema


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    return _lift(adapter(tp).json_schema(ref_template=REF, by_alias=True), defs)


def rule_file_schema(registry: dict[str, ConditionKind]) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    root = _lift(RuleFileSpec.model_json_schema(ref_template=REF, by_alias=True), defs)
    defs["Rule"] = _lift(RuleSpec.model_json_schema(ref_template=REF, by_alias=True), defs)
    # Set here, not with json_schema_extra: pydantic refuses $refs to definitions it
    # did not generate itself (KeyError '#/$defs/Rule').
    root["properties"]["rules"]["items"] = {"$ref": "#/$defs/Rule"}
    defs["Rule"]["properties"]["match"] = {"$ref": "#/$defs/Match"}
    defs["Rule"]["properties"]["actions"]["items"] = {"$ref": "#/$defs/Action"}
    conditions: dict[str, Any] = {}
    for name, kind in registry.items():
        conditions[name] = {**_type_schema(kind.options, defs), "description": kind.summary}
    conditions["all"] = {
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/Match"},
        "description": "every condition holds",
    }
    conditions["any"] = {
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/Match"},
        "description": "at least one condition holds",
    }
    conditions["not"] = {"$ref": "#/$defs/Match", "description": "the condition does not hold"}
    defs["Match"] = {
        "type": "object",
        "description": "conditions; several keys hold when all of them hold",
        "properties": conditions,
        "additionalProperties": False,
        "minProperties": 1,
    }
    text = {"type": "string", "minLength": 1}

    def single(key: str, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {key: value},
            "required": [key],
            "additionalProperties": False,
        }

    defs["Action"] = {
        "anyOf": [
            {"enum": ["delete", "warn", "kick", "ban"]},
            single("warn", _type_schema(WarnOptions, defs)),
            single(
                "timeout",
                {"anyOf": [_type_schema(Duration, defs), _type_schema(TimeoutOptions, defs)]},
            ),
            single("kick", _type_schema(KickOptions, defs)),
            single("ban", _type_schema(BanOptions, defs)),
            single("reply", text),
            single("dm", text),
            single("alert", text),
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **root,
        "title": "Gardien code of conduct",
        "$defs": defs,
    }
