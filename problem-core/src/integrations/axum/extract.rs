//! Axum's extractors, rejecting with [`RequestProblem`]s.

use ::axum::extract::path::ErrorKind;
use ::axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use ::axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use ::axum::http::request::Parts;
use ::axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::integrations::request::RequestProblem;

/// Axum's [`Json`](::axum::Json) extractor and response, rejecting with a
/// [`RequestProblem`]: `validation.body_unparseable` (400, not JSON),
/// `validation.body_invalid` (422, JSON of the wrong shape),
/// `validation.content_type` (415), `validation.body_too_large` (413),
/// `validation.body_unreadable` (400).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = RequestProblem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match ::axum::Json::<T>::from_request(req, state).await {
            Ok(::axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(RequestProblem::from(rejection)),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        ::axum::Json(self.0).into_response()
    }
}

/// Axum's [`Query`](::axum::extract::Query) extractor, rejecting with
/// `validation.query_invalid` (400) and the parser's reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = RequestProblem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match ::axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(RequestProblem::from(rejection)),
        }
    }
}

/// Axum's [`Path`](::axum::extract::Path) extractor, rejecting with
/// `validation.parameter_type_mismatch` (400: which parameter, its value, the
/// expected type), `validation.path_invalid` (400: text that is not UTF-8, a
/// value the type refuses), or
/// `server.extractor_misconfigured` (500, a route/extractor mismatch).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = RequestProblem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                // A single value (`Path<u32>`) is reported without its
                // parameter's name: take it from the route's parameters.
                let names: Vec<String> = RawPathParams::from_request_parts(parts, state)
                    .await
                    .map(|raw| raw.iter().map(|(k, _)| k.to_owned()).collect())
                    .unwrap_or_default();
                Err(path_problem(&rejection, &names))
            }
        }
    }
}

macro_rules! deref {
    ($($name:ident),*) => {$(
        impl<T> core::ops::Deref for $name<T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.0
            }
        }
        impl<T> core::ops::DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }
    )*};
}

deref!(Json, Query, Path);

/// The text of a rejection's cause, or its own text when it has none.
fn reason(rejection: &(impl std::error::Error + ?Sized)) -> String {
    match rejection.source() {
        Some(source) => source.to_string(),
        None => rejection.to_string(),
    }
}

impl From<JsonRejection> for RequestProblem {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => {
                RequestProblem::BodyUnparseable { reason: reason(&e) }
            }
            JsonRejection::JsonDataError(e) => RequestProblem::BodyInvalid { reason: reason(&e) },
            JsonRejection::MissingJsonContentType(_) => RequestProblem::UnsupportedContentType {
                expected: "application/json".to_owned(),
            },
            JsonRejection::BytesRejection(e) => match e.status().as_u16() {
                413 => RequestProblem::BodyTooLarge,
                _ => RequestProblem::BodyUnreadable { reason: reason(&e) },
            },
            other => rejected(other.status().as_u16(), other.body_text()),
        }
    }
}

impl From<QueryRejection> for RequestProblem {
    fn from(rejection: QueryRejection) -> Self {
        match rejection {
            QueryRejection::FailedToDeserializeQueryString(e) => {
                RequestProblem::QueryInvalid { reason: reason(&e) }
            }
            other => rejected(other.status().as_u16(), other.body_text()),
        }
    }
}

impl From<PathRejection> for RequestProblem {
    /// As [`Path`] maps it, without the route's parameter names: a single
    /// value's parameter is named `""`.
    fn from(rejection: PathRejection) -> Self {
        path_problem(&rejection, &[])
    }
}

fn path_problem(rejection: &PathRejection, names: &[String]) -> RequestProblem {
    let PathRejection::FailedToDeserializePathParams(e) = rejection else {
        return rejected(rejection.status().as_u16(), rejection.body_text());
    };
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    let mismatch =
        |parameter: String, value: &str, expected: &str| RequestProblem::ParameterTypeMismatch {
            parameter,
            value: value.to_owned(),
            expected: expected.to_owned(),
        };
    match e.kind() {
        ErrorKind::ParseErrorAtKey {
            key,
            value,
            expected_type,
        } => mismatch(key.clone(), value, expected_type),
        ErrorKind::ParseErrorAtIndex {
            index,
            value,
            expected_type,
        } => mismatch(name(*index), value, expected_type),
        ErrorKind::ParseError {
            value,
            expected_type,
        } => mismatch(name(0), value, expected_type),
        kind if e.status().as_u16() < 500 => RequestProblem::PathInvalid {
            reason: kind.to_string(),
        },
        _ => RequestProblem::ExtractorMisconfigured {
            reason: rejection.body_text(),
        },
    }
}

/// Any other rejection: a 5xx is a server-side mistake whose text stays in
/// the server; a 4xx keeps axum's status and text.
fn rejected(status: u16, reason: String) -> RequestProblem {
    if status >= 500 {
        RequestProblem::ExtractorMisconfigured { reason }
    } else {
        RequestProblem::Rejected { status, reason }
    }
}
