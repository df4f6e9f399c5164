//! [`Answered`]: an inner service's error, with the problem response the
//! middleware made of it.

use core::cell::RefCell;
use core::fmt;

use ::actix_web::body::{BoxBody, MessageBody as _};
use ::actix_web::http::StatusCode;
use ::actix_web::http::header::HeaderMap;
use ::actix_web::web::Bytes;
use ::actix_web::{Error, HttpResponse, ResponseError};

/// An error whose response is the one the middleware finished: the same
/// status, headers and body at every `error_response` (a body that is not
/// in memory is given once). Its `Display` and `Debug` are the original
/// error's.
pub(super) struct Answered {
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
    error: Error,
}

enum Body {
    Bytes(Bytes),
    Once(RefCell<Option<BoxBody>>),
}

impl Answered {
    pub(super) fn new(response: HttpResponse<BoxBody>, error: Error) -> Self {
        let (head, body) = response.into_parts();
        let body = match body.try_into_bytes() {
            Ok(bytes) => Body::Bytes(bytes),
            Err(body) => Body::Once(RefCell::new(Some(body))),
        };
        Answered {
            status: head.status(),
            headers: head.headers().clone(),
            body,
            error,
        }
    }
}

impl fmt::Debug for Answered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.error, f)
    }
}

impl fmt::Display for Answered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl ResponseError for Answered {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let body = match &self.body {
            Body::Bytes(bytes) => BoxBody::new(bytes.clone()),
            Body::Once(body) => body.borrow_mut().take().unwrap_or_else(|| BoxBody::new(())),
        };
        let mut response = HttpResponse::with_body(self.status, body);
        *response.headers_mut() = self.headers.clone();
        response
    }
}
