//! Per-request context added to a problem body after it was rendered.
//!
//! Handlers render their error before any middleware sees the response, and
//! the error is gone by then. Rather than keeping the error alive (which would
//! need `Send + Sync + 'static` of every derived type), the response carries a
//! [`Rendered`] record: the bytes rendered, and the offsets at which the JSON
//! sink would have written the context. Inserting the same bytes there gives
//! exactly what [`Envelope::to_vec`](crate::Envelope::to_vec) gives with that
//! context.
//!
//! Only the body rendered is rewritten: the response's body is read and
//! compared with the rendered bytes as it comes, and any difference (a
//! layer between the handler and `ProblemLayer` rewrote it, at any length,
//! or failed it) stops the reading and sends the body on as it came, the
//! part read first.

use core::future::poll_fn;
use core::pin::Pin;
use core::task::Poll;
use std::collections::VecDeque;
use std::sync::Arc;

use ::axum::body::{Body, Bytes};
use ::axum::http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use ::axum::response::Response;
use http_body::{Body as _, Frame, SizeHint};

use crate::details::ProblemDetails;
use crate::escape::string_into;
use crate::protocol::Context;
use crate::sinks::json::ContextOffsets;

/// A problem body as this crate rendered it, and how context goes into it.
/// Stored in the response's extensions by the `IntoResponse`
/// implementations; `ProblemLayer` takes it out.
#[derive(Clone, Debug)]
pub(crate) struct Rendered {
    /// The bytes rendered, shared with the response's body.
    body: Bytes,
    splice: Splice,
}

/// How context goes into a rendered body.
#[derive(Clone, Debug)]
enum Splice {
    /// A body written by the JSON sink without context: where it goes.
    At(ContextOffsets),
    /// A body serialized from [`ProblemDetails`]: context is added to a copy.
    Details(Arc<ProblemDetails>),
}

impl Rendered {
    /// A body the JSON sink wrote, with the offsets it noted.
    pub(crate) fn envelope(body: Bytes, offsets: ContextOffsets) -> Self {
        Rendered {
            body,
            splice: Splice::At(offsets),
        }
    }

    /// A body serialized from `details`.
    pub(crate) fn details(body: Bytes, details: ProblemDetails) -> Self {
        Rendered {
            body,
            splice: Splice::Details(Arc::new(details)),
        }
    }

    /// The rendered body with the context added, or `None` when there is
    /// nothing to add.
    fn with_context(&self, context: &Context<'_>) -> Option<Vec<u8>> {
        if *context == Context::default() {
            return None;
        }
        let body = &self.body[..];
        match &self.splice {
            Splice::At(ContextOffsets {
                instance_at,
                context_at,
            }) => {
                if instance_at.is_some_and(|at| at > *context_at) || *context_at > body.len() {
                    return None;
                }
                let mut out = Vec::with_capacity(body.len() + 128);
                let mut from = 0;
                if let (Some(at), Some(instance)) = (instance_at, context.instance) {
                    out.extend_from_slice(&body[..*at]);
                    out.extend_from_slice(b",\"instance\":");
                    string_into(&mut out, instance);
                    from = *at;
                }
                out.extend_from_slice(&body[from..*context_at]);
                if let Some(id) = context.request_id {
                    out.extend_from_slice(b",\"request_id\":");
                    string_into(&mut out, id);
                }
                if let Some(id) = context.trace_id {
                    out.extend_from_slice(b",\"trace_id\":");
                    string_into(&mut out, id);
                }
                out.extend_from_slice(&body[*context_at..]);
                Some(out)
            }
            Splice::Details(details) => {
                let mut details = ProblemDetails::clone(details);
                let mut changed = false;
                for (slot, value) in [
                    (&mut details.instance, context.instance),
                    (&mut details.request_id, context.request_id),
                    (&mut details.trace_id, context.trace_id),
                ] {
                    if let (None, Some(value)) = (&slot, value) {
                        *slot = Some(value.to_owned());
                        changed = true;
                    }
                }
                changed.then(|| details.to_json())
            }
        }
    }
}

/// Adds the context to a problem response's body, when the response carries
/// a [`Rendered`] record and its body is still, byte for byte, the one
/// rendered; any other response goes on as it is.
///
/// A body that is compressed (`Content-Encoding`), or whose length is not
/// known to be the rendered one, is not read at all. Otherwise it is read
/// frame by frame while it matches: a frame that differs, trailers, more
/// bytes or an error end the reading, and the body is sent on as it came
/// ([`Replay`]): what was read, then the rest (or the error).
pub(crate) async fn add_context(mut response: Response, context: &Context<'_>) -> Response {
    let Some(rendered) = response.extensions_mut().remove::<Rendered>() else {
        return response;
    };
    let len = u64::try_from(rendered.body.len()).ok();
    if response.headers().contains_key(CONTENT_ENCODING)
        || response.body().size_hint().exact() != len
    {
        return response;
    }
    let Some(spliced) = rendered.with_context(context) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    match read_expecting(body, &rendered.body).await {
        Ok(()) => {
            parts.headers.remove(CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(spliced))
        }
        Err(replay) => Response::from_parts(parts, Body::new(replay)),
    }
}

/// Reads `body` while it is `expected`: `Ok` when it was exactly `expected`,
/// otherwise the body put back together as it came.
async fn read_expecting(mut body: Body, expected: &[u8]) -> Result<(), Replay> {
    let hint = body.size_hint();
    let mut read = VecDeque::new();
    let mut matched = 0;
    loop {
        match poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            None if matched == expected.len() => return Ok(()),
            // Shorter than rendered.
            None => return Err(Replay::new(read, None, hint)),
            Some(Ok(frame)) => {
                let same = frame
                    .data_ref()
                    .filter(|data| expected[matched..].starts_with(data))
                    .map(Bytes::len);
                read.push_back(Ok(frame));
                match same {
                    Some(n) => matched += n,
                    // Other bytes, more bytes, or trailers.
                    None => return Err(Replay::new(read, Some(body), hint)),
                }
            }
            // The error ends the body, as it would have without the layer.
            Some(Err(err)) => {
                read.push_back(Err(err));
                return Err(Replay::new(read, None, hint));
            }
        }
    }
}

/// A body read in part, put back: the frames read (the last of them the one
/// that ended the reading), then the rest of the body, with the size the
/// body announced.
struct Replay {
    read: VecDeque<Result<Frame<Bytes>, ::axum::Error>>,
    rest: Option<Body>,
    /// The original body's size hint, less what was sent since.
    hint: SizeHint,
}

impl Replay {
    fn new(
        read: VecDeque<Result<Frame<Bytes>, ::axum::Error>>,
        rest: Option<Body>,
        hint: SizeHint,
    ) -> Self {
        Replay { read, rest, hint }
    }

    /// Counts `n` bytes sent off the size hint.
    fn sent(&mut self, n: usize) {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        let lower = self.hint.lower().saturating_sub(n);
        let mut hint = SizeHint::new();
        if let Some(upper) = self.hint.upper() {
            hint.set_upper(upper.saturating_sub(n).max(lower));
        }
        hint.set_lower(lower);
        self.hint = hint;
    }
}

impl http_body::Body for Replay {
    type Data = Bytes;
    type Error = ::axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ::axum::Error>>> {
        let this = self.get_mut();
        let next = match this.read.pop_front() {
            Some(frame) => Poll::Ready(Some(frame)),
            None => match &mut this.rest {
                Some(rest) => Pin::new(rest).poll_frame(cx),
                None => Poll::Ready(None),
            },
        };
        if let Poll::Ready(Some(Ok(frame))) = &next
            && let Some(data) = frame.data_ref()
        {
            this.sent(data.len());
        }
        next
    }

    fn is_end_stream(&self) -> bool {
        self.read.is_empty() && self.rest.as_ref().is_none_or(Body::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldError;
    use crate::problem::{Envelope, Problem};

    /// The body of an envelope without context, and its record.
    fn render<P: Problem>(envelope: &Envelope<'_, P>) -> (Vec<u8>, Rendered) {
        let mut body = Vec::new();
        let offsets = envelope.write_marked(&mut body);
        let rendered = Rendered::envelope(Bytes::from(body.clone()), offsets);
        (body, rendered)
    }

    #[derive(crate::Problem)]
    #[problem(type_base = "https://errors.example.com/")]
    enum Sample {
        #[problem(code = "a.plain", status = 404, detail = "no \"{0}\"")]
        Plain(String),
        #[problem(code = "a.own_instance", status = 409)]
        OwnInstance {
            #[problem(instance)]
            at: String,
            #[problem(extension)]
            n: u32,
        },
        #[problem(code = "a.rich", status = 422)]
        Rich {
            #[problem(instance)]
            at: Option<String>,
            #[problem(retry_after)]
            wait: u64,
            #[problem(errors)]
            errors: Vec<FieldError>,
        },
    }

    fn samples() -> Vec<Sample> {
        vec![
            Sample::Plain("x\ny".into()),
            Sample::OwnInstance {
                at: "/own".into(),
                n: 3,
            },
            Sample::Rich {
                at: None,
                wait: 5,
                errors: vec![FieldError {
                    path: "/a".into(),
                    code: "b".into(),
                    detail: None,
                }],
            },
        ]
    }

    #[test]
    fn render_without_context_is_to_vec() {
        for s in samples() {
            let (body, template) = render(&s.envelope());
            assert_eq!(body, crate::to_vec(&s));
            assert!(template.with_context(&Context::default()).is_none());
        }
    }

    #[test]
    fn spliced_context_is_the_envelope_with_context() {
        let contexts = [
            Context {
                instance: Some("/scans/\"1\""),
                request_id: Some("req-1"),
                trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736"),
            },
            Context {
                instance: Some("/only"),
                ..Context::default()
            },
            Context {
                request_id: Some("r"),
                ..Context::default()
            },
        ];
        for s in samples() {
            let (_, template) = render(&s.envelope());
            for context in &contexts {
                let mut env = s.envelope();
                if let Some(v) = context.instance {
                    env = env.instance(v);
                }
                if let Some(v) = context.request_id {
                    env = env.request_id(v);
                }
                if let Some(v) = context.trace_id {
                    env = env.trace_id(v);
                }
                let spliced = template.with_context(context).unwrap();
                assert_eq!(
                    String::from_utf8(spliced).unwrap(),
                    String::from_utf8(env.to_vec()).unwrap()
                );
            }
        }
    }

    /// The output of a future that is ready at once (a body in memory).
    fn now<F: Future>(future: F) -> F::Output {
        let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
        match core::pin::pin!(future).poll(&mut cx) {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("not ready"),
        }
    }

    /// A response with `body` that carries the record of `rendered`.
    fn response(rendered: &Rendered, body: Body) -> Response {
        let mut response = Response::new(body);
        response.extensions_mut().insert(rendered.clone());
        response
    }

    /// The whole body of a response.
    fn bytes(response: Response) -> Vec<u8> {
        now(::axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap()
            .to_vec()
    }

    #[test]
    fn only_the_body_rendered_gets_the_context() {
        let context = Context {
            request_id: Some("r"),
            ..Context::default()
        };
        let p = Sample::Plain("x".into());
        let (body, rendered) = render(&p.envelope());
        let spliced = now(add_context(
            response(&rendered, Body::from(body.clone())),
            &context,
        ));
        assert_eq!(bytes(spliced), p.envelope().request_id("r").to_vec());

        // The same length, other bytes: read, and sent on as they came.
        let mut changed = body.clone();
        changed[2] = b'T';
        let out = now(add_context(
            response(&rendered, Body::from(changed.clone())),
            &context,
        ));
        assert_eq!(out.body().size_hint().exact(), Some(changed.len() as u64));
        assert_eq!(bytes(out), changed);

        // Longer: not read.
        let mut longer = body.clone();
        longer.push(b' ');
        let out = now(add_context(
            response(&rendered, Body::from(longer.clone())),
            &context,
        ));
        assert_eq!(bytes(out), longer);

        // Without a record: as it is.
        let out = now(add_context(
            Response::new(Body::from(body.clone())),
            &context,
        ));
        assert_eq!(bytes(out), body);
    }

    #[test]
    fn details_keep_their_own_context() {
        let mut details = Sample::Plain("x".into()).to_details();
        details.request_id = Some("mine".into());
        let template = Rendered::details(Bytes::new(), details.clone());
        let context = Context {
            instance: Some("/p"),
            request_id: Some("theirs"),
            trace_id: None,
        };
        let body = template.with_context(&context).unwrap();
        details.instance = Some("/p".into());
        assert_eq!(body, serde_json::to_vec(&details).unwrap());
        let only_id = Context {
            request_id: Some("theirs"),
            ..Context::default()
        };
        let template = Rendered::details(Bytes::new(), details);
        assert!(template.with_context(&only_id).is_none());
    }
}
