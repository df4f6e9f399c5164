//! [`ProblemMiddlewareService`]: the service
//! [`ProblemMiddleware`](super::ProblemMiddleware) wraps around an app.

use core::cell::Cell;

use ::actix_web::body::{EitherBody, MessageBody};
use ::actix_web::dev::{Service, ServiceRequest, ServiceResponse, forward_ready};
use ::actix_web::http::header::{HeaderName, HeaderValue};
use ::actix_web::{Error, HttpMessage as _};

use super::future::{ProblemMiddlewareFuture, State};
use super::request_id::{X_REQUEST_ID, new_request_id_value};
use super::scope::Scope;
use crate::integrations::request_id::{RequestId, is_valid_request_id};
use crate::integrations::traceparent::TRACEPARENT_NAME;
use crate::observe::report::{self, Hook};

/// The `traceparent` header.
const TRACEPARENT: HeaderName = HeaderName::from_static(TRACEPARENT_NAME);

/// The service [`ProblemMiddleware`](super::ProblemMiddleware) wraps around
/// an app, a scope or a resource.
pub struct ProblemMiddlewareService<S> {
    service: S,
    convert: bool,
    hook: Option<Hook>,
}

impl<S> ProblemMiddlewareService<S> {
    pub(super) fn new(service: S, convert: bool, hook: Option<Hook>) -> Self {
        ProblemMiddlewareService {
            service,
            convert,
            hook,
        }
    }
}

impl<S, B> Service<ServiceRequest> for ProblemMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = ProblemMiddlewareFuture<S::Future, B>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        // The id as a header value: the request's own is shared, not copied.
        // A `RequestId` extension is needed only for a new id: without one,
        // the extractor reads the same id from the header.
        let upstream = req
            .extensions()
            .get::<RequestId>()
            .and_then(|id| HeaderValue::from_str(&id.0).ok());
        let request_id = match upstream {
            Some(id) => id,
            None => match req
                .headers()
                .get(&X_REQUEST_ID)
                .filter(|v| is_valid_request_id(v.as_bytes()))
            {
                Some(value) => value.clone(),
                None => {
                    let value = new_request_id_value();
                    let id = value.to_str().unwrap_or_default().to_owned();
                    req.extensions_mut().insert(RequestId(id));
                    value
                }
            },
        };
        // Inside another `ProblemMiddleware` (a scope's own, inside the
        // app's): the outer hook sees this middleware's problems too, unless
        // this is a service the outer hook calls (the hook is not given what
        // it causes). The request id is the outer one's already: its
        // `RequestId` extension.
        let hook = Scope::with(|outer| match outer {
            Some(outer) if !outer.in_hook.get() => {
                report::both(self.hook.clone(), outer.hook.clone())
            }
            _ => self.hook.clone(),
        });
        let scope = Scope {
            request_id,
            uri: req.uri().clone(),
            traceparent: req.headers().get(&TRACEPARENT).cloned(),
            hook,
            in_hook: Cell::new(false),
        };
        let state = State {
            scope,
            method: req.method().clone(),
            convert: self.convert,
        };
        // A problem an inner middleware answers in its `call` (a guard's
        // rejection) is made in the scope too.
        let inner = state.scope.lend(|| self.service.call(req));
        ProblemMiddlewareFuture::new(inner, state)
    }
}
