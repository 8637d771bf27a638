"""The browsable documentation: the OpenAPI schema turned into plain rows for a server-side page
(no JavaScript, nothing from another site)."""

from dataclasses import dataclass, field


@dataclass
class Param:
    name: str
    where: str
    required: bool
    kind: str
    description: str


@dataclass
class Endpoint:
    method: str
    path: str
    summary: str
    description: str
    params: list[Param] = field(default_factory=list)
    fields: list[Param] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def _kind(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_kind(part, components) for part in schema["anyOf"]]
        return " | ".join(kind for kind in kinds if kind != "null") + (
            " | null" if "null" in kinds else ""
        )
    if schema.get("type") == "array":
        return f"[{_kind(schema.get('items', {}), components)}]"
    kind = schema.get("type", "object")
    if schema.get("format"):
        kind += f" ({schema['format']})"
    if schema.get("enum"):
        kind += ": " + ", ".join(str(value) for value in schema["enum"])
    return kind


def _fields(ref: str, components: dict, prefix: str = "", depth: int = 0) -> list[Param]:
    """The fields of a response (items of a page are listed as items.<field>)."""
    schema = components.get(ref.rsplit("/", 1)[-1], {})
    rows = []
    required = set(schema.get("required", []))
    for name, spec in schema.get("properties", {}).items():
        rows.append(
            Param(
                prefix + name,
                "",
                name in required,
                _kind(spec, components),
                spec.get("description", ""),
            )
        )
        inner = spec.get("items", spec)
        refs = [inner.get("$ref")] + [part.get("$ref") for part in inner.get("anyOf", [])]
        for inner_ref in filter(None, refs):
            if depth < 2:
                rows += _fields(inner_ref, components, f"{prefix}{name}.", depth + 1)
    return rows


def endpoints(schema: dict) -> list[Endpoint]:
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            endpoint = Endpoint(
                method.upper(),
                path,
                operation.get("summary", ""),
                operation.get("description", ""),
            )
            for param in operation.get("parameters", []):
                endpoint.params.append(
                    Param(
                        param["name"],
                        param["in"],
                        param.get("required", False),
                        _kind(param.get("schema", {}), components),
                        param.get("schema", {}).get("description", param.get("description", "")),
                    )
                )
            responses = operation.get("responses", {})
            endpoint.statuses = sorted(responses)
            body = responses.get("200", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref")
            if ref:
                endpoint.fields = _fields(ref, components)
            found.append(endpoint)
    return found
