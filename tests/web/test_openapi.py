"""The OpenAPI document: every operation denies by default and shows how to call it."""


def _resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_every_request_body_carries_an_example(client):
    spec = client.get("/api/v1/openapi.json").json()
    bodies = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            bodies += 1
            for media_type, content in operation["requestBody"]["content"].items():
                examples = content.get("example") or _resolve(spec, content["schema"]).get(
                    "examples"
                )
                assert examples, (method, path, media_type)
    assert bodies >= 8


def test_every_operation_documents_its_problems(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status in ("401", "403", "404", "422"):
                answer = operation["responses"][status]
                assert "application/problem+json" in answer["content"], (method, path, status)
            assert operation["responses"]["422"]["content"]["application/problem+json"][
                "schema"
            ] == {"$ref": "#/components/schemas/Problem"}
