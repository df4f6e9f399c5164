//! `utoipa` feature: schemas of `ProblemDetails` and `FieldError`, and the
//! responses of derived types, checked in a generated OpenAPI document.

use problem_core::utoipa::Problems;
use problem_core::{FieldError, Problem, ProblemDetails, RequestProblem};
use serde_json::{Value, json};
use utoipa::{IntoResponses, OpenApi, PartialSchema};

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ScanError {
    /// The scan id does not exist, or is not visible to the caller.
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} was not found"
    )]
    NotFound { id: u64 },
    /// The scan was deleted.
    #[problem(code = "scans.deleted", status = 404, title = "Scan deleted")]
    Deleted,
    #[problem(code = "scans.rate_limited", status = 429)]
    RateLimited {
        #[problem(retry_after)]
        retry_after: u64,
    },
    #[problem(transparent)]
    Auth(AuthError),
}

#[derive(Debug, Problem)]
enum AuthError {
    /// No valid API key.
    #[problem(code = "auth.denied", status = 401, title = "Access denied")]
    Denied,
}

#[utoipa::path(
    get,
    path = "/scans/{id}",
    params(("id" = u64, Path)),
    responses((status = 200, description = "The scan", body = String), ScanError)
)]
#[allow(dead_code)]
async fn get_scan() {}

#[utoipa::path(
    post,
    path = "/scans",
    responses((status = 200, description = "Started", body = String), Problems<(ScanError, RequestProblem)>)
)]
#[allow(dead_code)]
async fn start_scan() {}

#[derive(OpenApi)]
#[openapi(
    paths(get_scan, start_scan),
    components(schemas(ProblemDetails, FieldError))
)]
struct Api;

fn doc() -> Value {
    serde_json::to_value(Api::openapi()).unwrap()
}

#[test]
fn each_status_is_one_response_with_an_example_per_code() {
    let doc = doc();
    let responses = &doc["paths"]["/scans/{id}"]["get"]["responses"];
    let statuses: Vec<&String> = responses.as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "401", "404", "429"]);
    assert_eq!(
        responses["404"],
        json!({
            "description": "Not Found: `scans.not_found`, `scans.deleted`",
            "content": {
                "application/problem+json": {
                    "schema": {"$ref": "#/components/schemas/ProblemDetails"},
                    "examples": {
                        "scans.deleted": {
                            "summary": "Scan deleted",
                            "description": "The scan was deleted.",
                            "value": {
                                "type": "https://docs.example.com/errors/scans.deleted",
                                "title": "Scan deleted",
                                "status": 404,
                                "code": "scans.deleted"
                            }
                        },
                        "scans.not_found": {
                            "summary": "Scan not found",
                            "description": "The scan id does not exist, or is not visible to the caller.",
                            "value": {
                                "type": "https://docs.example.com/errors/scans.not_found",
                                "title": "Scan not found",
                                "status": 404,
                                "code": "scans.not_found"
                            }
                        }
                    }
                }
            }
        })
    );
    // A code of a transparent variant's type is documented too; a variant
    // without a doc comment has no example description.
    assert_eq!(
        responses["401"]["content"]["application/problem+json"]["examples"]["auth.denied"]["value"]
            ["code"],
        "auth.denied"
    );
    assert_eq!(
        responses["429"]["content"]["application/problem+json"]["examples"]["scans.rate_limited"],
        json!({
            "summary": "Too Many Requests",
            "value": {
                "type": "https://docs.example.com/errors/scans.rate_limited",
                "title": "Too Many Requests",
                "status": 429,
                "code": "scans.rate_limited"
            }
        })
    );
}

#[test]
fn every_code_of_the_catalog_is_an_example() {
    let responses = serde_json::to_value(ScanError::responses()).unwrap();
    let mut documented = Vec::new();
    for (status, response) in responses.as_object().unwrap() {
        for (code, example) in response["content"]["application/problem+json"]["examples"]
            .as_object()
            .unwrap()
        {
            assert_eq!(example["value"]["status"].to_string(), *status);
            assert_eq!(example["value"]["code"], json!(code));
            documented.push(code.clone());
        }
    }
    documented.sort();
    let mut catalog: Vec<String> = ScanError::CATALOG
        .iter()
        .map(|s| s.code.to_owned())
        .collect();
    catalog.sort();
    assert_eq!(documented, catalog);
}

#[test]
fn problems_merges_several_types_per_status() {
    let doc = doc();
    let not_found = &doc["paths"]["/scans"]["post"]["responses"]["404"];
    assert_eq!(
        not_found["description"],
        "Not Found: `scans.not_found`, `scans.deleted`, `resource.not_found`"
    );
    let examples = not_found["content"]["application/problem+json"]["examples"]
        .as_object()
        .unwrap();
    let codes: Vec<&String> = examples.keys().collect();
    assert_eq!(
        codes,
        ["resource.not_found", "scans.deleted", "scans.not_found"]
    );
    let statuses: Vec<String> = doc["paths"]["/scans"]["post"]["responses"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        statuses,
        [
            "200", "400", "401", "404", "405", "413", "415", "422", "429", "500"
        ]
    );
}

#[test]
fn schemas() {
    let doc = doc();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["FieldError"],
        serde_json::to_value(FieldError::schema()).unwrap()
    );
    assert_eq!(
        schemas["FieldError"],
        json!({
            "type": "object",
            "description": "One invalid field of a request.",
            "required": ["path", "code"],
            "properties": {
                "path": {"type": "string", "description": "Where the field is, such as a JSON pointer (`/items/0/name`)."},
                "code": {"type": "string", "description": "Stable, machine-readable code of what is wrong with it."},
                "detail": {"type": "string", "description": "Explanation for a person."}
            }
        })
    );
    let pd = &schemas["ProblemDetails"];
    assert_eq!(pd["type"], "object");
    assert_eq!(pd["required"], json!(["type"]));
    assert_eq!(pd["additionalProperties"], json!(true));
    let props: Vec<&String> = pd["properties"].as_object().unwrap().keys().collect();
    assert_eq!(
        props,
        [
            "code",
            "detail",
            "errors",
            "instance",
            "request_id",
            "status",
            "title",
            "trace_id",
            "type"
        ]
    );
    assert_eq!(
        pd["properties"]["errors"],
        json!({
            "type": "array",
            "description": "Errors of individual fields of the request.",
            "items": {"$ref": "#/components/schemas/FieldError"}
        })
    );
    assert_eq!(
        pd["properties"]["type"],
        json!({
            "type": "string",
            "description": "URI reference identifying the problem type; `about:blank` when absent.",
            "format": "uri-reference",
            "default": "about:blank"
        })
    );

    // What a problem serializes to is described by the schema: every
    // standard member it writes is a property of the listed type.
    let body: Value =
        serde_json::from_slice(&problem_core::to_vec(&ScanError::NotFound { id: 1 })).unwrap();
    for (key, value) in body.as_object().unwrap() {
        let ty = &pd["properties"][key]["type"];
        match value {
            Value::String(_) => assert_eq!(ty, "string", "{key}"),
            Value::Number(_) => assert_eq!(ty, "integer", "{key}"),
            _ => unreachable!(),
        }
    }
}

#[derive(Debug, Problem)]
#[problem(envelope = "flat")]
enum RoomError {
    /// The room does not exist.
    #[problem(code = "ROOM_NOT_FOUND", status = 404, title = "Room not found")]
    NotFound,
}

#[derive(Debug, Problem)]
#[problem(envelope = "wrapped")]
enum RepoError {
    /// The repository does not exist.
    #[problem(code = "repo.not_found", status = 404, title = "Repository not found")]
    NotFound,
    #[problem(code = "repo.busy", status = 503)]
    Busy,
}

#[test]
fn other_shapes_are_documented_as_json_with_their_own_examples() {
    let responses = serde_json::to_value(RoomError::responses()).unwrap();
    assert_eq!(
        responses["404"]["content"]["application/json"]["examples"]["ROOM_NOT_FOUND"]["value"],
        json!({"code": "ROOM_NOT_FOUND", "message": "Room not found"})
    );
    assert!(responses["404"]["content"]["application/problem+json"].is_null());
    let schema = &responses["404"]["content"]["application/json"]["schema"];
    assert_eq!(schema["required"], json!(["code", "message"]));

    let responses = serde_json::to_value(RepoError::responses()).unwrap();
    assert_eq!(
        responses["503"]["content"]["application/json"]["examples"]["repo.busy"]["value"],
        json!({"schema_version": 1, "error": {"code": "repo.busy", "message": "Service Unavailable", "retryable": true, "details": {}}})
    );

    // Several shapes for one status: each content type has its own
    // examples; wrapped and flat share `application/json`, under `oneOf`.
    let responses =
        serde_json::to_value(<Problems<(ScanError, RoomError, RepoError)>>::responses()).unwrap();
    let not_found = &responses["404"]["content"];
    let rfc = not_found["application/problem+json"]["examples"]
        .as_object()
        .unwrap();
    assert_eq!(
        rfc.keys().collect::<Vec<_>>(),
        ["scans.deleted", "scans.not_found"]
    );
    let json = &not_found["application/json"];
    let examples = json["examples"].as_object().unwrap();
    assert_eq!(
        examples.keys().collect::<Vec<_>>(),
        ["ROOM_NOT_FOUND", "repo.not_found"]
    );
    assert_eq!(json["schema"]["oneOf"].as_array().map(Vec::len), Some(2));
}
