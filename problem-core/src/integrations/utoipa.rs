//! `utoipa` feature: problems in the OpenAPI document.
//!
//! - [`ProblemDetails`] and [`FieldError`] implement
//!   [`ToSchema`](::utoipa::ToSchema) (schema names `ProblemDetails` and
//!   `FieldError`; extension members are allowed as additional properties).
//! - Every `#[derive(Problem)]` type implements
//!   [`IntoResponses`](::utoipa::IntoResponses): one response per status its
//!   [`CATALOG`](crate::Problem::CATALOG) declares, with content
//!   `application/problem+json`, the schema `#/components/schemas/ProblemDetails`
//!   and one example per code (named by the code, its value the envelope as
//!   the code's constant members make it). So `#[utoipa::path(responses(...))]`
//!   lists every error a handler returns:
//!
//! ```
//! use problem_core::{Problem, ProblemDetails, FieldError};
//! use utoipa::OpenApi;
//!
//! #[derive(Debug, Problem)]
//! #[problem(type_base = "https://docs.example.com/errors/")]
//! enum ScanError {
//!     /// The scan id does not exist.
//!     #[problem(code = "scans.not_found", status = 404, title = "Scan not found")]
//!     NotFound,
//! }
//!
//! #[utoipa::path(get, path = "/scans/{id}", responses((status = 200, body = String), ScanError))]
//! async fn get_scan() {}
//!
//! #[derive(OpenApi)]
//! #[openapi(paths(get_scan), components(schemas(ProblemDetails, FieldError)))]
//! struct Api;
//!
//! let doc = serde_json::to_value(Api::openapi()).unwrap();
//! let example = &doc["paths"]["/scans/{id}"]["get"]["responses"]["404"]["content"]
//!     ["application/problem+json"]["examples"]["scans.not_found"]["value"];
//! assert_eq!(example["code"], "scans.not_found");
//! assert!(doc["components"]["schemas"]["ProblemDetails"].is_object());
//! ```
//!
//! A type in the [`wrapped` or `flat` shape](crate::EnvelopeShape) is
//! documented as `application/json`, with an inline schema of its shape and
//! examples in it.
//!
//! A code is documented at the status it declares: one that a
//! `#[problem(status)]` field serves at other statuses too (a 502 beside the
//! declared 503) is not listed under those; add them to `responses(...)` by
//! hand (`(status = 502, body = ProblemDetails, content_type = "application/problem+json")`).
//!
//! To list several problem types for one operation, use
//! [`Problems<(A, B)>`](Problems): utoipa itself keeps only the last type's
//! response for a status they share.
//!
//! The responses refer to the `ProblemDetails` schema: list
//! `components(schemas(ProblemDetails, FieldError))` in the `#[openapi]`
//! attribute (utoipa does not collect schemas from `IntoResponses` types).

use std::borrow::Cow;
use std::collections::BTreeMap;

use ::utoipa::openapi::RefOr;
use ::utoipa::openapi::content::ContentBuilder;
use ::utoipa::openapi::example::ExampleBuilder;
use ::utoipa::openapi::response::{Response, ResponseBuilder};
use ::utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Ref, Schema, SchemaFormat,
    Type,
};
use ::utoipa::{PartialSchema, ToSchema};
use serde_json::{Map, Value};

use crate::catalog::{Catalog, ProblemSpec};
use crate::details::{FieldError, ProblemDetails};
use crate::protocol::{CONTENT_TYPE as PROBLEM_JSON, EnvelopeShape};
use crate::status::reason_phrase;

fn string(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

impl PartialSchema for ProblemDetails {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "RFC 9457 problem details (application/problem+json). Members other than \
                 those listed are extension members of the problem's code.",
            ))
            .property(
                "type",
                string("URI reference identifying the problem type; `about:blank` when absent.")
                    .format(Some(SchemaFormat::Custom("uri-reference".to_owned())))
                    .default(Some(Value::from("about:blank"))),
            )
            .required("type")
            .property(
                "title",
                string("Short summary of the problem type, constant per code."),
            )
            .property(
                "status",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .description(Some("The HTTP status of this occurrence."))
                    .minimum(Some(100))
                    .maximum(Some(599)),
            )
            .property("detail", string("Explanation specific to this occurrence."))
            .property(
                "instance",
                string("URI reference identifying this occurrence.")
                    .format(Some(SchemaFormat::Custom("uri-reference".to_owned()))),
            )
            .property(
                "code",
                string("Stable, machine-readable code, such as `scans.not_found`."),
            )
            .property("request_id", string("The id of the request that failed."))
            .property("trace_id", string("The trace this occurrence belongs to."))
            .property(
                "errors",
                ArrayBuilder::new()
                    .items(Ref::from_schema_name(FieldError::name()))
                    .description(Some("Errors of individual fields of the request.")),
            )
            .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(true)))
            .into()
    }
}

impl ToSchema for ProblemDetails {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ProblemDetails")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((FieldError::name().into_owned(), FieldError::schema()));
    }
}

impl PartialSchema for FieldError {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("One invalid field of a request."))
            .property(
                "path",
                string("Where the field is, such as a JSON pointer (`/items/0/name`)."),
            )
            .required("path")
            .property(
                "code",
                string("Stable, machine-readable code of what is wrong with it."),
            )
            .required("code")
            .property("detail", string("Explanation for a person."))
            .into()
    }
}

impl ToSchema for FieldError {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("FieldError")
    }
}

/// The example envelope of one catalog entry in a shape: its constant
/// members, in wire order.
#[must_use]
fn example(spec: &ProblemSpec, shape: EnvelopeShape) -> Value {
    let mut obj = Map::new();
    match shape {
        EnvelopeShape::Rfc9457 => {
            obj.insert("type".to_owned(), Value::from(spec.type_uri));
            obj.insert("title".to_owned(), Value::from(spec.title));
            obj.insert("status".to_owned(), Value::from(spec.status));
            obj.insert("code".to_owned(), Value::from(spec.code));
        }
        EnvelopeShape::Wrapped => {
            let mut error = Map::new();
            error.insert("code".to_owned(), Value::from(spec.code));
            error.insert("message".to_owned(), Value::from(spec.title));
            error.insert("retryable".to_owned(), Value::from(spec.retryable));
            error.insert("details".to_owned(), Value::Object(Map::new()));
            obj.insert("schema_version".to_owned(), Value::from(1));
            obj.insert("error".to_owned(), Value::Object(error));
        }
        EnvelopeShape::Flat => {
            obj.insert("code".to_owned(), Value::from(spec.code));
            obj.insert("message".to_owned(), Value::from(spec.title));
        }
    }
    Value::Object(obj)
}

/// The members of the wrapped `error` object and of the flat envelope.
fn shape_members(builder: ObjectBuilder, wrapped: bool) -> ObjectBuilder {
    let builder = builder
        .property(
            "code",
            string("Stable, machine-readable code, such as `scans.not_found`."),
        )
        .required("code")
        .property(
            "message",
            string("The detail of this occurrence, or the title of its code."),
        )
        .required("message");
    let builder = if wrapped {
        builder
            .property(
                "retryable",
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .description(Some("Whether the same request may succeed later.")),
            )
            .required("retryable")
    } else {
        builder
    };
    let details = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "The code's extension members, `instance`, `retry_after` (seconds) and `errors`.",
        ))
        .property(
            "instance",
            string("URI reference identifying this occurrence."),
        )
        .property(
            "retry_after",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0))
                .description(Some("Seconds after which a retry may succeed.")),
        )
        .property(
            "errors",
            ArrayBuilder::new()
                .items(Ref::from_schema_name(FieldError::name()))
                .description(Some("Errors of individual fields of the request.")),
        )
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(true)));
    let builder = builder
        .property("request_id", string("The id of the request that failed."))
        .property("trace_id", string("The trace this occurrence belongs to."))
        .property("details", details);
    if wrapped {
        builder.required("details")
    } else {
        builder
    }
}

/// The schema of an envelope in a shape: a reference to `ProblemDetails` for
/// RFC 9457, inline for the others.
fn shape_schema(shape: EnvelopeShape) -> RefOr<Schema> {
    match shape {
        EnvelopeShape::Rfc9457 => Ref::from_schema_name(ProblemDetails::name()).into(),
        EnvelopeShape::Wrapped => ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An error, wrapped: `{\"schema_version\":1,\"error\":{..}}`.",
            ))
            .property(
                "schema_version",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .enum_values(Some([1])),
            )
            .required("schema_version")
            .property(
                "error",
                shape_members(ObjectBuilder::new().schema_type(Type::Object), true),
            )
            .required("error")
            .into(),
        EnvelopeShape::Flat => shape_members(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .description(Some("An error: `{\"code\",\"message\",..}`.")),
            false,
        )
        .into(),
    }
}

/// The responses of a catalog in a shape: one per status, one example per
/// code. What a derived type's `IntoResponses` returns.
#[doc(hidden)]
#[must_use]
pub fn catalog_responses(
    catalog: &Catalog,
    shape: EnvelopeShape,
) -> BTreeMap<String, RefOr<Response>> {
    responses(&[(*catalog, shape)])
}

/// The responses of several catalogs together: a status used by more than
/// one gets one response with the examples of all, under the content type of
/// each one's shape.
fn responses(catalogs: &[(Catalog, EnvelopeShape)]) -> BTreeMap<String, RefOr<Response>> {
    type Specs = Vec<(&'static ProblemSpec, EnvelopeShape)>;
    let mut by_status: BTreeMap<u16, Specs> = BTreeMap::new();
    for (catalog, shape) in catalogs {
        for spec in catalog.iter() {
            let specs = by_status.entry(spec.status).or_default();
            if !specs.iter().any(|(s, _)| s.code == spec.code) {
                specs.push((spec, *shape));
            }
        }
    }
    by_status
        .into_iter()
        .map(|(status, specs)| {
            let codes: Vec<String> = specs.iter().map(|(s, _)| format!("`{}`", s.code)).collect();
            let description = format!(
                "{}: {}",
                reason_phrase(status).unwrap_or("Error"),
                codes.join(", ")
            );
            let mut response = ResponseBuilder::new().description(description);
            for content_type in [PROBLEM_JSON, "application/json"] {
                let here: Vec<_> = specs
                    .iter()
                    .filter(|(_, shape)| shape.content_type() == content_type)
                    .collect();
                let mut shapes: Vec<EnvelopeShape> = Vec::new();
                for (_, shape) in &here {
                    if !shapes.contains(shape) {
                        shapes.push(*shape);
                    }
                }
                let schema = match shapes.as_slice() {
                    [] => continue,
                    [one] => shape_schema(*one),
                    // The wrapped and flat shapes share `application/json`.
                    several => several
                        .iter()
                        .fold(OneOfBuilder::new(), |one_of, shape| {
                            one_of.item(shape_schema(*shape))
                        })
                        .into(),
                };
                let examples = here.iter().map(|(spec, shape)| {
                    let mut example = ExampleBuilder::new()
                        .summary(spec.title)
                        .value(Some(self::example(spec, *shape)));
                    if !spec.description.is_empty() {
                        example = example.description(spec.description);
                    }
                    (spec.code, example)
                });
                let content = ContentBuilder::new()
                    .schema(Some(schema))
                    .examples_from_iter(examples)
                    .build();
                response = response.content(content_type, content);
            }
            (status.to_string(), RefOr::T(response.build()))
        })
        .collect()
}

/// The responses of several problem types in one `responses(...)` entry.
///
/// utoipa merges the responses of the types listed in
/// `#[utoipa::path(responses(A, B))]` by status, **the last one winning**: if
/// `A` and `B` both have a 404, only `B`'s codes are documented. List them as
/// one `Problems<(A, B)>` instead, and each status documents the codes of
/// both (or wrap them in one enum with `#[problem(transparent)]` variants,
/// which also checks that their codes are unique).
///
/// ```
/// use problem_core::utoipa::Problems;
/// use problem_core::{Problem, RequestProblem};
/// use utoipa::IntoResponses;
///
/// #[derive(Debug, Problem)]
/// enum ScanError {
///     #[problem(code = "scans.not_found", status = 404)]
///     NotFound,
/// }
///
/// #[utoipa::path(get, path = "/scans/{id}", responses(Problems<(ScanError, RequestProblem)>))]
/// async fn get_scan() {}
///
/// let responses = serde_json::to_value(<Problems<(ScanError, RequestProblem)>>::responses()).unwrap();
/// let examples = &responses["404"]["content"]["application/problem+json"]["examples"];
/// assert!(examples["scans.not_found"].is_object() && examples["resource.not_found"].is_object());
/// ```
pub struct Problems<T>(core::marker::PhantomData<T>);

macro_rules! problems_tuple {
    ($($name:ident),+) => {
        impl<$($name: crate::problem::Problem),+> ::utoipa::IntoResponses for Problems<($($name,)+)> {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                responses(&[$((<$name as crate::problem::Problem>::CATALOG, <$name as crate::problem::Problem>::ENVELOPE)),+])
            }
        }
    };
}

problems_tuple!(A);
problems_tuple!(A, B);
problems_tuple!(A, B, C);
problems_tuple!(A, B, C, D);
problems_tuple!(A, B, C, D, E);
problems_tuple!(A, B, C, D, E, F);
problems_tuple!(A, B, C, D, E, F, G);
problems_tuple!(A, B, C, D, E, F, G, H);
