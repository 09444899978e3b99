"""The OpenAPI document describes exactly the routes the API serves, so it cannot silently drift."""
from __future__ import annotations

import re

import pytest

IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def document(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    return response.json


def _served(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) for every rule on the api blueprint: /api/v1/posts/<int:post_id> → /posts/{post_id}."""
    prefix = app.blueprints["api"].url_prefix
    return {
        (re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix(prefix)), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - IGNORED_METHODS
    }


def _described(document) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items() for method in item if method != "parameters"}


def test_every_served_route_is_described(app, document):
    assert _served(app) - _described(document) == set()


def test_every_described_route_is_served(app, document):
    assert _described(document) - _served(app) == set()


def test_every_path_parameter_is_declared(document):
    for path, item in document["paths"].items():
        declared = {parameter["name"] for parameter in item.get("parameters", [])}
        assert declared == set(re.findall(r"{(\w+)}", path)), path


def test_every_reference_resolves(document):
    def refs(node):
        if isinstance(node, dict):
            yield from ([node["$ref"]] if "$ref" in node else [])
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(document):
        target = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        assert target, ref


def test_errors_share_one_schema_and_tokens_are_a_bearer_scheme(document):
    assert document["openapi"].startswith("3.1")
    bearer = document["components"]["securitySchemes"]["bearerAuth"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")
    assert set(document["components"]["schemas"]["Error"]["required"]) == {"error", "message"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    name = response["$ref"].rsplit("/", 1)[-1]
                    schema = document["components"]["responses"][name]["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, status)


def test_the_documented_error_codes_include_those_the_api_sends(api, build, document):
    codes = set(document["components"]["schemas"]["Error"]["properties"]["error"]["enum"])
    build.user("river")
    answers = [
        api.get("/me"),
        api.post("/tokens", json={"username": "river", "password": "wrong password"}),
        api.post("/accounts", json={"username": "river", "password": "correct horse battery"}),
        api.post("/accounts", data="{", content_type="application/json"),
        api.get("/groups/none"),
    ]
    assert {answer.json["error"] for answer in answers} <= codes
