//! A problem rendered once for a framework response, with a record of where
//! per-request context (`instance`, `request_id`, `trace_id`) goes, so that a
//! middleware can add it afterwards without the error value.
//!
//! Handlers render their error before any middleware sees the response, and
//! the error is gone by then. Rather than keeping the error alive (which would
//! need `Send + Sync + 'static` of every derived type), the response carries a
//! [`Template`]: the byte offsets at which [`JsonSink`] would have written the
//! context. Inserting the same bytes there gives exactly what
//! [`Envelope::to_vec`](crate::Envelope::to_vec) gives with that context.

use std::sync::Arc;

use crate::details::ProblemDetails;
use crate::json::string_into;
use crate::problem::{Envelope, Problem};

/// Where the context goes in a rendered body. Stored in response extensions.
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "axum"), allow(dead_code))]
pub(crate) enum Template {
    /// A body written by the fast writer without context.
    Envelope {
        /// The body's length, to recognise it unchanged.
        len: usize,
        /// Where `,"instance":…` goes; `None` when the problem has its own instance.
        instance_at: Option<usize>,
        /// Where `,"request_id":…,"trace_id":…` go: right after `code`.
        context_at: usize,
    },
    /// A body serialized from [`ProblemDetails`]: context is added to a copy.
    Details(Arc<ProblemDetails>),
}

/// Per-request context that a middleware adds.
#[derive(Clone, Copy, Debug, Default)]
#[cfg_attr(not(feature = "axum"), allow(dead_code))]
pub(crate) struct Extra<'a> {
    pub(crate) instance: Option<&'a str>,
    pub(crate) request_id: Option<&'a str>,
    pub(crate) trace_id: Option<&'a str>,
}

impl Extra<'_> {
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    fn is_empty(&self) -> bool {
        self.instance.is_none() && self.request_id.is_none() && self.trace_id.is_none()
    }
}

/// The status a framework response carries: the problem's, or 500 when it
/// is not an error status (400..=599). A derived type's status always is
/// one; a hand-written `Problem` or a `ProblemDetails` (a transport error's
/// 0) may hold any `u16`, and a problem response is never a 1xx, 2xx or 3xx.
#[must_use]
pub(crate) fn response_status(status: u16) -> u16 {
    crate::status::error_status(status).unwrap_or(500)
}

/// Renders a problem's envelope without per-request context (in its
/// language, when it is localized): the bytes of [`Envelope::to_vec`], and
/// where context would go.
#[cfg_attr(not(feature = "http"), allow(dead_code))]
pub(crate) fn render<P: ?Sized + Problem>(envelope: &Envelope<'_, P>) -> (Vec<u8>, Template) {
    let mut out = Vec::with_capacity(256);
    let (instance_at, context_at) = envelope.write_marked(&mut out);
    let template = Template::Envelope {
        len: out.len(),
        instance_at,
        context_at,
    };
    (out, template)
}

impl Template {
    /// The body with the context added, or `None` when there is nothing to
    /// add or `body` is not the body this template was made for.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn with_context(&self, body: &[u8], extra: &Extra<'_>) -> Option<Vec<u8>> {
        if extra.is_empty() {
            return None;
        }
        match self {
            Template::Envelope {
                len,
                instance_at,
                context_at,
            } => {
                if body.len() != *len
                    || instance_at.is_some_and(|at| at > *context_at)
                    || *context_at > body.len()
                {
                    return None;
                }
                let mut out = Vec::with_capacity(body.len() + 128);
                let mut from = 0;
                if let (Some(at), Some(instance)) = (instance_at, extra.instance) {
                    out.extend_from_slice(&body[..*at]);
                    out.extend_from_slice(b",\"instance\":");
                    string_into(&mut out, instance);
                    from = *at;
                }
                out.extend_from_slice(&body[from..*context_at]);
                if let Some(id) = extra.request_id {
                    out.extend_from_slice(b",\"request_id\":");
                    string_into(&mut out, id);
                }
                if let Some(id) = extra.trace_id {
                    out.extend_from_slice(b",\"trace_id\":");
                    string_into(&mut out, id);
                }
                out.extend_from_slice(&body[*context_at..]);
                Some(out)
            }
            Template::Details(details) => {
                let mut details = ProblemDetails::clone(details);
                let mut changed = false;
                for (slot, value) in [
                    (&mut details.instance, extra.instance),
                    (&mut details.request_id, extra.request_id),
                    (&mut details.trace_id, extra.trace_id),
                ] {
                    if let (None, Some(value)) = (&slot, value) {
                        *slot = Some(value.to_owned());
                        changed = true;
                    }
                }
                changed.then(|| details_body(&details))
            }
        }
    }
}

/// A [`ProblemDetails`] as JSON bytes.
pub(crate) fn details_body(details: &ProblemDetails) -> Vec<u8> {
    // Serializing a `ProblemDetails` (strings, integers and `serde_json`
    // values) into a `Vec` cannot fail.
    serde_json::to_vec(details).unwrap_or_default()
}

#[cfg(all(test, feature = "derive"))]
mod tests {
    use super::*;
    use crate::FieldError;

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
            assert!(template.with_context(&body, &Extra::default()).is_none());
        }
    }

    #[test]
    fn spliced_context_is_the_envelope_with_context() {
        let extras = [
            Extra {
                instance: Some("/scans/\"1\""),
                request_id: Some("req-1"),
                trace_id: Some("4bf92f3577b34da6a3ce929d0e0e4736"),
            },
            Extra {
                instance: Some("/only"),
                ..Extra::default()
            },
            Extra {
                request_id: Some("r"),
                ..Extra::default()
            },
        ];
        for s in samples() {
            let (body, template) = render(&s.envelope());
            for extra in &extras {
                let mut env = s.envelope();
                if let Some(v) = extra.instance {
                    env = env.instance(v);
                }
                if let Some(v) = extra.request_id {
                    env = env.request_id(v);
                }
                if let Some(v) = extra.trace_id {
                    env = env.trace_id(v);
                }
                let spliced = template.with_context(&body, extra).unwrap();
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
        let extra = Extra {
            request_id: Some("r"),
            ..Extra::default()
        };
        assert!(template.with_context(&body, &extra).is_none());
    }

    #[test]
    fn details_keep_their_own_context() {
        let mut details = Sample::Plain("x".into()).to_details();
        details.request_id = Some("mine".into());
        let template = Template::Details(Arc::new(details.clone()));
        let extra = Extra {
            instance: Some("/p"),
            request_id: Some("theirs"),
            trace_id: None,
        };
        let body = template.with_context(b"", &extra).unwrap();
        details.instance = Some("/p".into());
        assert_eq!(body, serde_json::to_vec(&details).unwrap());
        let only_id = Extra {
            request_id: Some("theirs"),
            ..Extra::default()
        };
        let template = Template::Details(Arc::new(details));
        assert!(template.with_context(b"", &only_id).is_none());
    }

    #[test]
    fn statuses_that_are_not_errors_become_500() {
        assert_eq!(response_status(404), 404);
        assert_eq!(response_status(599), 599);
        assert_eq!(response_status(0), 500);
        assert_eq!(response_status(204), 500);
        assert_eq!(response_status(399), 500);
        assert_eq!(response_status(600), 500);
        assert_eq!(response_status(1000), 500);
    }
}
