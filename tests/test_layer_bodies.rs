//! `ProblemLayer` never rewrites a problem body once it is rendered: a
//! problem rendered while the layer polls the request has the request's
//! context from the start (nothing is spliced in later), so a body that an
//! inner layer rewrote (to any length) or failed reaches the client exactly
//! as that layer left it, and a plain error body that fails while the layer
//! converts it gives a problem whose `Content-Length` is its own. Each case
//! runs a real inner layer under the `ProblemLayer` of an axum server on
//! 127.0.0.1, beside the same router without the layer.
//!
//! (Issue 13's regression tests for the splice, which the layer no longer
//! does: what they guarded, a body corrupted or sent with a stale
//! `Content-Length`, is still checked here.)

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::get;
use hyper::body::{Frame, SizeHint};
use problem_core::axum::ProblemLayer;
use problem_core::{Problem, ProblemDetails};

#[path = "support/http1.rs"]
mod http1;
#[path = "support/serve.rs"]
mod serve;

use http1::get as GET;

#[derive(Debug, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ScanError {
    #[problem(
        code = "scans.not_found",
        status = 404,
        title = "Scan not found",
        detail = "scan {id} was not found"
    )]
    NotFound {
        #[problem(extension)]
        id: u64,
    },
}

fn details() -> ProblemDetails {
    ProblemDetails::from_response(
        402,
        Some("application/problem+json"),
        br#"{"type":"https://billing.example/quota","title":"Quota exceeded","status":402,"code":"billing.quota"}"#,
    )
}

/// The body an inner layer read, and the response without it.
async fn take_body(response: Response) -> (http::response::Parts, Vec<u8>) {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts, bytes.to_vec())
}

/// Rewrites the body to bytes of the same length (uppercase ASCII),
/// keeping the response's extensions.
async fn same_length(response: Response) -> Response {
    let (parts, body) = take_body(response).await;
    Response::from_parts(parts, Body::from(body.to_ascii_uppercase()))
}

/// Replaces the body with another of another length.
async fn other_body(response: Response) -> Response {
    let (parts, _) = take_body(response).await;
    Response::from_parts(parts, Body::from(r#"{"rewritten":true}"#))
}

/// Puts the same bytes back, in a new body of two frames.
async fn same_bytes(response: Response) -> Response {
    let (parts, body) = take_body(response).await;
    let half = body.len() / 2;
    let frames = Failing {
        frames: vec![
            Ok(Bytes::copy_from_slice(&body[..half])),
            Ok(Bytes::copy_from_slice(&body[half..])),
        ],
        len: body.len() as u64,
    };
    Response::from_parts(parts, Body::new(frames))
}

/// A body of the same announced length that fails: after `prefix` bytes of
/// the original (none, or half).
type BoxedResponse = Pin<Box<dyn Future<Output = Response> + Send>>;

fn failing(prefix: fn(usize) -> usize) -> impl Fn(Response) -> BoxedResponse + Clone {
    move |response| {
        Box::pin(async move {
            let (mut parts, body) = take_body(response).await;
            let cut = prefix(body.len());
            let mut frames = Vec::new();
            if cut > 0 {
                frames.push(Ok(Bytes::copy_from_slice(&body[..cut])));
            }
            frames.push(Err("the inner layer failed the body"));
            // Announced, as a layer that knows the length would.
            parts.headers.insert(
                http::header::CONTENT_LENGTH,
                http::HeaderValue::from(body.len()),
            );
            Response::from_parts(
                parts,
                Body::new(Failing {
                    frames,
                    len: body.len() as u64,
                }),
            )
        })
    }
}

/// A body of the given frames, of an exactly known length.
struct Failing {
    frames: Vec<Result<Bytes, &'static str>>,
    len: u64,
}

impl hyper::body::Body for Failing {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.frames.is_empty() {
            return Poll::Ready(None);
        }
        Poll::Ready(Some(match self.frames.remove(0) {
            Ok(bytes) => {
                self.len -= bytes.len() as u64;
                Ok(Frame::data(bytes))
            }
            Err(e) => Err(e.into()),
        }))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.len)
    }
}

fn not_found() -> ScanError {
    ScanError::NotFound { id: 7 }
}

fn app() -> Router {
    async fn problem() -> Result<(), ScanError> {
        Err(not_found())
    }
    async fn relayed() -> ProblemDetails {
        details()
    }
    async fn unavailable() -> (StatusCode, [(&'static str, &'static str); 2], &'static str) {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [("content-type", "text/plain"), ("retry-after", "5")],
            "backend db-7 is down",
        )
    }
    Router::new()
        .route("/plain", get(problem))
        .route(
            "/same-length",
            get(problem).layer(map_response(same_length)),
        )
        .route("/other-body", get(problem).layer(map_response(other_body)))
        .route("/same-bytes", get(problem).layer(map_response(same_bytes)))
        .route(
            "/fails-at-once",
            get(problem).layer(map_response(failing(|_| 0))),
        )
        .route(
            "/fails-half-way",
            get(problem).layer(map_response(failing(|len| len / 2))),
        )
        .route("/details", get(relayed))
        .route(
            "/details/same-length",
            get(relayed).layer(map_response(same_length)),
        )
        .route(
            "/details/other-body",
            get(relayed).layer(map_response(other_body)),
        )
        .route(
            "/details/same-bytes",
            get(relayed).layer(map_response(same_bytes)),
        )
        .route(
            "/details/fails-half-way",
            get(relayed).layer(map_response(failing(|len| len / 2))),
        )
        .route(
            "/unavailable/fails-at-once",
            get(unavailable).layer(map_response(failing(|_| 0))),
        )
        .route(
            "/unavailable/fails-half-way",
            get(unavailable).layer(map_response(failing(|len| len / 2))),
        )
}

fn layered() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| serve::axum(app().layer(ProblemLayer::new()), 0))
}

fn bare() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| serve::axum(app(), 0))
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn a_problem_rendered_under_the_layer_has_the_context() {
    let expected = not_found()
        .envelope()
        .instance("/plain")
        .request_id("r-1")
        .to_vec();
    let reply = GET("/plain").header("X-Request-Id", "r-1").send(layered());
    assert_eq!(reply.text(), text(&expected));
    // The same bytes in another body: as the inner layer sent them.
    let reply = GET("/same-bytes")
        .header("X-Request-Id", "r-1")
        .send(layered());
    let expected = not_found()
        .envelope()
        .instance("/same-bytes")
        .request_id("r-1")
        .to_vec();
    assert_eq!(reply.text(), text(&expected));

    let mut with_context = details();
    with_context.instance = Some("/details/same-bytes".into());
    with_context.request_id = Some("r-2".into());
    let reply = GET("/details/same-bytes")
        .header("X-Request-Id", "r-2")
        .send(layered());
    assert_eq!(reply.problem(), with_context);
}

#[test]
fn a_body_rewritten_to_the_same_length_is_left_alone() {
    // The inner layer rewrote the body rendered with the context: that
    // rewrite, byte for byte, and nothing added to it.
    let reply = GET("/same-length")
        .header("X-Request-Id", "r-3")
        .send(layered());
    let rewritten = not_found()
        .envelope()
        .instance("/same-length")
        .request_id("r-3")
        .to_vec()
        .to_ascii_uppercase();
    assert_eq!(reply.text(), text(&rewritten));
    assert_eq!(reply.header("x-request-id"), Some("r-3"));
    assert_eq!(
        reply.header("content-length"),
        Some(rewritten.len().to_string().as_str())
    );
    // Without the layer: the same rewrite of the body without context.
    let bare_reply = GET("/same-length").send(bare());
    let rewritten_bare = problem_core::to_vec(&not_found()).to_ascii_uppercase();
    assert_eq!(bare_reply.text(), text(&rewritten_bare));

    let reply = GET("/details/same-length")
        .header("X-Request-Id", "r-4")
        .send(layered());
    let mut with_context = details();
    with_context.instance = Some("/details/same-length".into());
    with_context.request_id = Some("r-4".into());
    let rewritten = serde_json::to_vec(&with_context)
        .unwrap()
        .to_ascii_uppercase();
    assert_eq!(reply.text(), text(&rewritten));
}

#[test]
fn a_body_rewritten_to_another_is_left_alone() {
    for path in ["/other-body", "/details/other-body"] {
        let reply = GET(path).header("X-Request-Id", "r-5").send(layered());
        assert_eq!(reply.text(), r#"{"rewritten":true}"#, "{path}");
        assert_eq!(reply.header("x-request-id"), Some("r-5"));
    }
}

#[test]
fn a_body_that_fails_fails_as_without_the_layer() {
    for path in [
        "/fails-at-once",
        "/fails-half-way",
        "/details/fails-half-way",
    ] {
        let bare = GET(path).try_send(bare());
        assert!(bare.is_err(), "{path}: without the layer: {bare:?}");
        let layered = GET(path).header("X-Request-Id", "r-6").try_send(layered());
        assert!(
            layered.is_err(),
            "{path}: the layer turned a failed body into {layered:?}"
        );
    }
}

#[test]
fn a_plain_error_body_that_fails_is_converted_with_its_own_length() {
    for path in ["/unavailable/fails-at-once", "/unavailable/fails-half-way"] {
        // Without the layer, the client sees the failure.
        let bare = GET(path).try_send(bare());
        assert!(bare.is_err(), "{path}: without the layer: {bare:?}");
        // With it: a whole problem, whose Content-Length (announced by the
        // inner layer for the old body) is the new body's.
        let reply = GET(path).header("X-Request-Id", "r-7").send(layered());
        assert_eq!(reply.status, 503, "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json"),
            "{path}"
        );
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string().as_str()),
            "{path}"
        );
        assert_eq!(reply.header("retry-after"), Some("5"), "{path}");
        let problem = reply.problem();
        assert_eq!(problem.code.as_deref(), Some("http.503"), "{path}");
        assert_eq!(problem.request_id.as_deref(), Some("r-7"), "{path}");
        // A 5xx body is never sent, whole or in part.
        assert!(!reply.text().contains("db-7"), "{path}: {}", reply.text());
    }
}

/// A plain error body that is always ready with an empty frame, forever.
struct EndlessEmpty;

impl hyper::body::Body for EndlessEmpty {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(Some(Ok(Frame::data(Bytes::new()))))
    }
}

#[test]
fn a_body_of_endless_empty_frames_does_not_hold_the_conversion() {
    use tower::ServiceExt;
    let app = Router::new()
        .route(
            "/endless",
            get(|| async {
                Response::builder()
                    .status(StatusCode::IM_A_TEAPOT)
                    .header("content-type", "text/plain")
                    .body(Body::new(EndlessEmpty))
                    .unwrap()
            }),
        )
        .layer(ProblemLayer::new());
    let (tx, rx) = std::sync::mpsc::channel();
    // A thread of its own: a conversion that spins would never yield to a
    // timer on the runtime that polls it.
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let response =
            rt.block_on(app.oneshot(http::Request::get("/endless").body(Body::empty()).unwrap()));
        let _ = tx.send(response.map(|r| r.status()));
    });
    let status = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the conversion returns");
    assert_eq!(status.unwrap(), StatusCode::IM_A_TEAPOT);
}
