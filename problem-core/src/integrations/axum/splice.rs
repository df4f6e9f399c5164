//! Per-request context added to a problem body after it was rendered.
//!
//! Handlers render their error before any middleware sees the response, and
//! the error is gone by then. Rather than keeping the error alive (which would
//! need `Send + Sync + 'static` of every derived type), the response carries a
//! [`Rendered`] record: the byte offsets at which the JSON sink would have
//! written the context. Inserting the same bytes there gives exactly what
//! [`Envelope::to_vec`](crate::Envelope::to_vec) gives with that context.

use std::sync::Arc;

use crate::details::ProblemDetails;
use crate::escape::string_into;
use crate::protocol::Context;
use crate::sinks::json::ContextOffsets;

/// How a rendered problem body takes per-request context. Stored in the
/// response's extensions; `ProblemLayer` takes it out.
#[derive(Clone, Debug)]
pub(crate) enum Rendered {
    /// A body written by the JSON sink without context.
    Envelope {
        /// The body's length, to recognise it unchanged.
        len: usize,
        /// Where the context goes.
        offsets: ContextOffsets,
    },
    /// A body serialized from [`ProblemDetails`]: context is added to a copy.
    Details(Arc<ProblemDetails>),
}

impl Rendered {
    /// The body with the context added, or `None` when there is nothing to
    /// add or `body` is not the body this template was made for.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn with_context(&self, body: &[u8], context: &Context<'_>) -> Option<Vec<u8>> {
        if *context == Context::default() {
            return None;
        }
        match self {
            Rendered::Envelope {
                len,
                offsets:
                    ContextOffsets {
                        instance_at,
                        context_at,
                    },
            } => {
                if body.len() != *len
                    || instance_at.is_some_and(|at| at > *context_at)
                    || *context_at > body.len()
                {
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
            Rendered::Details(details) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldError;
    use crate::problem::{Envelope, Problem};

    /// The body of an envelope without context, and its record.
    fn render<P: Problem>(envelope: &Envelope<'_, P>) -> (Vec<u8>, Rendered) {
        let mut body = Vec::new();
        let offsets = envelope.write_marked(&mut body);
        let len = body.len();
        (body, Rendered::Envelope { len, offsets })
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
            assert!(template.with_context(&body, &Context::default()).is_none());
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
            let (body, template) = render(&s.envelope());
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
                let spliced = template.with_context(&body, context).unwrap();
                assert_eq!(
                    String::from_utf8(spliced).unwrap(),
                    String::from_utf8(env.to_vec()).unwrap()
                );
            }
        }
    }

    #[test]
    fn a_changed_body_is_left_alone() {
        let (mut body, template) = render(&Sample::Plain("x".into()).envelope());
        body.push(b' ');
        let context = Context {
            request_id: Some("r"),
            ..Context::default()
        };
        assert!(template.with_context(&body, &context).is_none());
    }

    #[test]
    fn details_keep_their_own_context() {
        let mut details = Sample::Plain("x".into()).to_details();
        details.request_id = Some("mine".into());
        let template = Rendered::Details(Arc::new(details.clone()));
        let context = Context {
            instance: Some("/p"),
            request_id: Some("theirs"),
            trace_id: None,
        };
        let body = template.with_context(b"", &context).unwrap();
        details.instance = Some("/p".into());
        assert_eq!(body, serde_json::to_vec(&details).unwrap());
        let only_id = Context {
            request_id: Some("theirs"),
            ..Context::default()
        };
        let template = Rendered::Details(Arc::new(details));
        assert!(template.with_context(b"", &only_id).is_none());
    }
}
