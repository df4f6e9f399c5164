//! `reqwest` feature, over loopback sockets: `ResponseExt::error_for_problem`
//! and `From<reqwest::Error> for ClientError` against a real axum service,
//! against a raw TCP server for every malformed response (bodies that are
//! not UTF-8, truncated, HTML, cut mid-read, empty; connections closed;
//! `Retry-After` values of every kind; a 1 GiB error page), and against a
//! closed port. The memory the client holds is counted by a global
//! allocator, per thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::error::Error as _;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use problem_core::reqwest::{MAX_ERROR_BODY, ResponseExt};
use problem_core::{ClientError, Problem, ProblemDetails};

#[path = "support/serve.rs"]
mod serve;

// ---------------------------------------------------------------------------
// The memory the current thread holds, and its peak.

/// Counts the bytes the current thread holds, and the most it held.
struct Counting;

thread_local! {
    // `const` and without a destructor: reading them never allocates.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(by: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + by;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn size(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are
// plain thread-local cells.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(size(layout.size()));
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(size(layout.size()));
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grow(size(new_size) - size(layout.size()));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grow(-size(layout.size()));
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// ---------------------------------------------------------------------------
// Servers and the client.

/// How long any socket operation of a test may take.
const TIMEOUT: Duration = Duration::from_secs(20);

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A raw HTTP/1.1 server on 127.0.0.1, on its own thread, for one
/// connection: it reads the request head, hands the stream to `respond`, and
/// its thread returns what `respond` returned.
fn raw<T: Send + 'static>(
    respond: impl FnOnce(TcpStream) -> T + Send + 'static,
) -> (SocketAddr, JoinHandle<T>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
            if stream.read(&mut byte).unwrap() == 0 {
                break;
            }
            head.push(byte[0]);
        }
        respond(stream)
    });
    (addr, server)
}

/// Waits for a server's thread without blocking the runtime, whose tasks
/// (hyper's connections) must run for the server to see the client hang up.
async fn join<T: Send + 'static>(server: JoinHandle<T>) -> T {
    tokio::task::spawn_blocking(move || server.join().unwrap())
        .await
        .unwrap()
}

/// Answers one request with `bytes`, then closes the connection.
fn canned(bytes: impl Into<Vec<u8>>) -> SocketAddr {
    let bytes = bytes.into();
    raw(move |mut stream| {
        // The client may hang up first (it read what it needed).
        let _ = stream.write_all(&bytes);
    })
    .0
}

/// A response with a `Content-Length` that matches `body`.
fn response(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len()).into_bytes();
    for header in headers {
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// GET `path` at `addr`, through `error_for_problem`.
async fn call(addr: SocketAddr, path: &str) -> Result<reqwest::Response, ClientError> {
    client()
        .get(format!("http://{addr}{path}"))
        .send()
        .await?
        .error_for_problem()
        .await
}

/// The `ClientError` of a GET that must fail.
async fn failure(addr: SocketAddr) -> ClientError {
    match call(addr, "/").await {
        Ok(response) => panic!("expected an error, got {}", response.status()),
        Err(err) => err,
    }
}

/// The source of an error, as the reqwest error it must be.
fn reqwest_source(err: &ClientError) -> &reqwest::Error {
    err.source()
        .and_then(|s| s.downcast_ref::<reqwest::Error>())
        .unwrap_or_else(|| panic!("no reqwest source in {err:?}"))
}

// ---------------------------------------------------------------------------
// A real service.

#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(type_base = "https://docs.example.com/errors/")]
enum ApiError {
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
    #[problem(code = "scans.rate_limited", status = 429, title = "Too many scans")]
    RateLimited {
        #[problem(retry_after)]
        retry_after: u64,
    },
    #[problem(
        code = "scans.crashed",
        status = 500,
        detail = "worker {worker} crashed"
    )]
    Crashed { worker: String },
}

/// The same problem in the wrapped shape (`Content-Type: application/json`).
#[derive(Debug, Clone, PartialEq, Problem)]
#[problem(envelope = "wrapped")]
enum WrappedError {
    #[problem(code = "room.full", status = 409, detail = "room {room} is full")]
    Full {
        #[problem(extension)]
        room: u32,
    },
}

fn service() -> SocketAddr {
    let app = Router::new()
        .route("/ok", get(|| async { "a scan" }))
        .route(
            "/created",
            get(|| async { (axum::http::StatusCode::CREATED, [("x-id", "7")], "made") }),
        )
        .route(
            "/moved",
            get(|| async { axum::response::Redirect::to("/ok").into_response() }),
        )
        .route(
            "/scans/{id}",
            get(
                |axum::extract::Path(id): axum::extract::Path<u64>| async move {
                    ApiError::NotFound { id }
                },
            ),
        )
        .route(
            "/limited",
            get(|| async { ApiError::RateLimited { retry_after: 30 } }),
        )
        .route(
            "/crash",
            get(|| async {
                ApiError::Crashed {
                    worker: "w-3 at 10.0.0.7".to_owned(),
                }
            }),
        )
        .route("/wrapped", get(|| async { WrappedError::Full { room: 7 } }))
        .layer(problem_core::axum::ProblemLayer::new());
    serve::axum(app, 1)
}

#[tokio::test]
async fn success_passes_through_untouched() {
    let addr = service();
    let ok = call(addr, "/ok").await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "a scan");
    let created = call(addr, "/created").await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["x-id"], "7");
    assert_eq!(created.text().await.unwrap(), "made");
    // Below 400: a redirect the client does not follow is no error either.
    let moved = call(addr, "/moved").await.unwrap();
    assert_eq!(moved.status(), 303);
    assert_eq!(moved.headers()["location"], "/ok");
}

#[tokio::test]
async fn a_services_problem_decodes_into_its_type() {
    let addr = service();
    let err = call(addr, "/scans/42").await.unwrap_err();
    assert_eq!(err.status(), 404);
    assert_eq!(
        err.decode::<ApiError>(),
        Some(ApiError::NotFound { id: 42 })
    );
    assert_eq!(err.to_string(), "scans.not_found: scan 42 was not found");
    let details = err.details();
    assert_eq!(details.code.as_deref(), Some("scans.not_found"));
    assert_eq!(details.instance.as_deref(), Some("/scans/42"));
    assert!(details.request_id.is_some(), "{details:?}");
    assert!(err.source().is_none());
    assert_eq!(err.retry_after(), None);
    // The whole envelope, as the service serialized it.
    let mut expected = ApiError::NotFound { id: 42 }.to_details();
    expected.instance.clone_from(&details.instance);
    expected.request_id.clone_from(&details.request_id);
    assert_eq!(details, &expected);

    let err = call(addr, "/limited").await.unwrap_err();
    assert_eq!(err.status(), 429);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    let decoded = err.decode::<ApiError>().unwrap();
    assert_eq!(decoded, ApiError::RateLimited { retry_after: 30 });
    assert!(decoded.retryable());
    assert_eq!(err.to_string(), "scans.rate_limited: Too many scans");

    // A withheld 5xx detail stays withheld: the title is what shows.
    let err = call(addr, "/crash").await.unwrap_err();
    assert_eq!(err.status(), 500);
    assert_eq!(err.details().detail, None);
    assert_eq!(err.to_string(), "scans.crashed: Internal Server Error");
    assert!(!err.to_string().contains("10.0.0.7"));
    // The variant has a field that never travels: it cannot be rebuilt.
    assert_eq!(err.decode::<ApiError>(), None);

    let err = call(addr, "/wrapped").await.unwrap_err();
    assert_eq!(err.status(), 409);
    assert_eq!(
        err.decode::<WrappedError>(),
        Some(WrappedError::Full { room: 7 })
    );
    assert_eq!(err.to_string(), "room.full: room 7 is full");

    // The fallback of an unknown route is a problem too.
    let err = call(addr, "/nope").await.unwrap_err();
    assert_eq!((err.status(), err.decode::<ApiError>()), (404, None));
}

#[tokio::test]
async fn the_retry_after_header_wins_over_the_member() {
    let body = br#"{"type":"about:blank","status":503,"code":"scans.busy","retry_after":30}"#;
    let ct = "content-type: application/problem+json";
    let in_two_minutes = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    let cases: Vec<(String, Option<Duration>)> = vec![
        ("5".into(), Some(Duration::from_secs(5))),
        (" 0 ".into(), Some(Duration::ZERO)),
        // Negative, fractional, not a number, empty: ignored, so the member.
        ("-5".into(), Some(Duration::from_secs(30))),
        ("1.5".into(), Some(Duration::from_secs(30))),
        ("soon".into(), Some(Duration::from_secs(30))),
        ("".into(), Some(Duration::from_secs(30))),
        ("Sun, 06 Nov 1994 08:49:37 GMT".into(), Some(Duration::ZERO)),
        // More seconds than a u64 holds: the longest wait there is.
        (
            "99999999999999999999999999999".into(),
            Some(Duration::from_secs(u64::MAX)),
        ),
        (format!("Retry-After-Date:{in_two_minutes}"), None),
    ];
    for (value, expected) in cases {
        let (header, expected) = match value.strip_prefix("Retry-After-Date:") {
            Some(date) => (format!("retry-after: {date}"), None),
            None => (format!("retry-after: {value}"), expected),
        };
        let addr = canned(response("503 Service Unavailable", &[ct, &header], body));
        let err = failure(addr).await;
        assert_eq!(err.status(), 503, "{header}");
        assert_eq!(
            err.details().code.as_deref(),
            Some("scans.busy"),
            "{header}"
        );
        match expected {
            Some(expected) => assert_eq!(err.retry_after(), Some(expected), "{header}"),
            // The date two minutes ahead: a little less by now.
            None => {
                let wait = err.retry_after().unwrap();
                assert!(
                    wait <= Duration::from_secs(120) && wait > Duration::from_secs(100),
                    "{wait:?}"
                );
            }
        }
    }

    // A header value that is not text (obs-text bytes) is ignored too.
    let mut bytes = response("503 Service Unavailable", &[ct], body);
    let at = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 2;
    bytes.splice(at..at, b"retry-after: \xff\xfe9\r\n".iter().copied());
    let err = failure(canned(bytes)).await;
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));

    // No header, no member: none.
    let addr = canned(response("503 Service Unavailable", &[], b""));
    assert_eq!(failure(addr).await.retry_after(), None);
}

// ---------------------------------------------------------------------------
// Malformed responses.

/// What a synthesised error must be: `http.<status>`, the reason phrase, the
/// status, and `detail`.
fn assert_synthesised(err: &ClientError, status: u16, detail: Option<&str>) {
    let details = err.details();
    let code = format!("http.{status}");
    assert_eq!(err.status(), status, "{details:?}");
    assert_eq!(details.status, Some(status), "{details:?}");
    assert_eq!(details.code.as_deref(), Some(code.as_str()), "{details:?}");
    assert_eq!(
        details.title.as_deref(),
        problem_core::reason_phrase(status),
        "{details:?}"
    );
    assert_eq!(details.detail.as_deref(), detail, "{details:?}");
    assert_eq!(err.decode::<ApiError>(), None);
}

#[tokio::test]
async fn a_body_that_is_not_utf8() {
    for ct in [
        "content-type: text/plain",
        "content-type: application/problem+json",
    ] {
        let addr = canned(response(
            "500 Internal Server Error",
            &[ct],
            b"oops \xff\xfe done",
        ));
        let err = failure(addr).await;
        assert_synthesised(&err, 500, Some("oops \u{fffd}\u{fffd} done"));
        assert!(err.source().is_none());
    }
}

#[tokio::test]
async fn truncated_json() {
    let body = br#"{"type":"about:blank","status":404,"code":"scans.not_fo"#;
    let addr = canned(response(
        "404 Not Found",
        &["content-type: application/problem+json"],
        body,
    ));
    let err = failure(addr).await;
    assert_synthesised(&err, 404, Some(std::str::from_utf8(body).unwrap()));
    assert_eq!(
        err.to_string(),
        format!("http.404: {}", std::str::from_utf8(body).unwrap())
    );
}

#[tokio::test]
async fn an_html_page() {
    let page = "<html><body><h1>502 Bad Gateway</h1>".to_owned() + &"<p>nginx</p>".repeat(100);
    let addr = canned(response(
        "502 Bad Gateway",
        &["content-type: text/html; charset=utf-8"],
        page.as_bytes(),
    ));
    let err = failure(addr).await;
    let first_500: String = page.chars().take(500).collect();
    assert_synthesised(&err, 502, Some(&first_500));
    // JSON behind an HTML content type is not parsed either.
    let addr = canned(response(
        "409 Conflict",
        &["content-type: text/html"],
        br#"{"code":"x.y"}"#,
    ));
    assert_synthesised(&failure(addr).await, 409, Some(r#"{"code":"x.y"}"#));
    // Nor behind a content type that is not text.
    let mut bytes = response("409 Conflict", &[], br#"{"code":"x.y"}"#);
    let at = bytes.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    bytes.splice(at..at, b"content-type: \xff/json\r\n".iter().copied());
    assert_synthesised(
        &failure(canned(bytes)).await,
        409,
        Some(r#"{"code":"x.y"}"#),
    );
}

#[tokio::test]
async fn an_empty_body_with_a_json_content_type() {
    for status in ["500 Internal Server Error", "401 Unauthorized"] {
        let addr = canned(response(
            status,
            &["content-type: application/problem+json"],
            b"",
        ));
        let err = failure(addr).await;
        let code: u16 = status[..3].parse().unwrap();
        assert_synthesised(&err, code, None);
    }
    // No content-length, closed at once: an empty close-delimited body.
    let addr = canned(
        b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\r\n".to_vec(),
    );
    assert_synthesised(&failure(addr).await, 503, None);
}

#[tokio::test]
async fn a_body_that_fails_mid_read() {
    // 1,000 bytes announced, 33 sent, then the connection is closed.
    let sent = br#"{"type":"about:blank","status":50"#;
    let mut bytes = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\ncontent-length: 1000\r\n\r\n".to_vec();
    bytes.extend_from_slice(sent);
    let err = failure(canned(bytes)).await;
    // The status is known: the body that was read is the detail, and the
    // reqwest error that cut it is the source.
    assert_synthesised(&err, 503, Some(std::str::from_utf8(sent).unwrap()));
    let source = reqwest_source(&err);
    assert!(source.is_body() || source.is_decode(), "{source:?}");

    // A chunked body whose next chunk size is not a number.
    let bytes = b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n".to_vec();
    let err = failure(canned(bytes)).await;
    assert_synthesised(&err, 500, Some("hello"));
    assert!(reqwest_source(&err).is_body() || reqwest_source(&err).is_decode());
}

#[tokio::test]
async fn a_body_that_never_comes_ends_with_the_clients_timeout() {
    let (addr, server) = raw(|mut stream| {
        stream
            .write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 100\r\n\r\npartial")
            .unwrap();
        // Hold the connection open, silent, until the client hangs up.
        let _ = stream.read(&mut [0; 1]);
    });
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let response = client.get(format!("http://{addr}/")).send().await.unwrap();
    let err = response.error_for_problem().await.unwrap_err();
    assert!(started.elapsed() < TIMEOUT);
    assert_synthesised(&err, 500, Some("partial"));
    assert!(reqwest_source(&err).is_timeout());
    drop(client);
    join(server).await;
}

#[tokio::test]
async fn a_server_that_closes_the_connection() {
    // Before any response.
    let (addr, server) = raw(drop);
    let err = failure(addr).await;
    join(server).await;
    assert_transport(&err, "request: error sending request for url");
    // With a status line cut short.
    let err = failure(canned(b"HTTP/1.1 50".to_vec())).await;
    assert_transport(&err, "request: error sending request for url");
    // With something that is not HTTP.
    let err = failure(canned(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec())).await;
    assert_transport(&err, "request: error sending request for url");
}

/// A transport error: `transport.error`, status 0, the reqwest error as the
/// source, and its whole chain in the detail after `prefix`.
fn assert_transport(err: &ClientError, prefix: &str) {
    let details = err.details();
    assert_eq!(err.status(), 0, "{details:?}");
    assert_eq!(details.status, Some(0));
    assert_eq!(details.code.as_deref(), Some("transport.error"));
    let detail = details.detail.as_deref().unwrap();
    assert!(detail.starts_with(prefix), "{detail}");
    // Every cause of the chain is in the detail.
    let mut cause = err.source();
    assert!(cause.is_some());
    while let Some(c) = cause {
        assert!(detail.contains(&c.to_string()), "{c} not in {detail}");
        cause = c.source();
    }
    assert_eq!(err.to_string(), format!("transport.error: {detail}"));
    reqwest_source(err);
}

#[tokio::test]
async fn connection_refused_on_a_closed_port() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let err = failure(addr).await;
    assert_transport(
        &err,
        &format!("connect: error sending request for url (http://{addr}/): "),
    );
    assert!(reqwest_source(&err).is_connect());
    let detail = err.details().detail.as_deref().unwrap();
    assert!(
        detail.to_lowercase().contains("connection refused"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (addr, server) = raw(|mut stream| {
        let _ = stream.read(&mut [0; 1]);
    });
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err: ClientError = client
        .get(format!("http://{addr}/"))
        .send()
        .await
        .unwrap_err()
        .into();
    drop(client);
    join(server).await;
    assert_transport(&err, "timeout: error sending request for url");
    assert!(reqwest_source(&err).is_timeout());
}

#[tokio::test]
async fn other_reqwest_errors_name_their_kind() {
    // A URL reqwest cannot send to.
    let err = ClientError::from(client().get("unix:/nope").send().await.unwrap_err());
    assert_eq!(err.status(), 0);
    let detail = err.details().detail.clone().unwrap();
    assert!(detail.starts_with("builder: builder error"), "{detail}");
    // A body that is not what the SDK expected to decode.
    let addr = service();
    let response = call(addr, "/ok").await.unwrap();
    let err = ClientError::from(response.json::<u32>().await.unwrap_err());
    let detail = err.details().detail.clone().unwrap();
    assert!(
        detail.starts_with(&format!(
            "decode: error decoding response body for url (http://{addr}/ok): "
        )),
        "{detail}"
    );
}

// ---------------------------------------------------------------------------
// A 1 GiB error page.

#[tokio::test]
async fn a_huge_error_page_costs_max_error_body() {
    const GIB: u64 = 1 << 30;
    // The server writes as much of 1 GiB as the client lets it, counting.
    let (addr, server) = raw(|mut stream| {
        let head = format!(
            "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/html\r\ncontent-length: {GIB}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).unwrap();
        let block = vec![b'x'; 64 * 1024];
        let mut written = 0u64;
        while written < GIB {
            match stream.write(&block) {
                Ok(0) | Err(_) => break,
                Ok(n) => written += n as u64,
            }
        }
        written
    });
    let client = client();
    let response = client.get(format!("http://{addr}/")).send().await.unwrap();
    let (live, peak) = (LIVE.get(), PEAK.replace(LIVE.get()));
    let started = Instant::now();
    let err = response.error_for_problem().await.unwrap_err();
    let elapsed = started.elapsed();
    let held = PEAK.get() - live;
    PEAK.set(peak.max(PEAK.get()));
    assert_synthesised(&err, 500, Some(&"x".repeat(500)));
    assert!(err.source().is_none());
    drop(err);
    drop(client);
    // The response was dropped unread: the connection closes, and the
    // server's writes fail.
    let written = join(server).await;
    println!(
        "1 GiB error page: the server wrote {written} bytes before the client hung up; \
         the client held at most {held} bytes more while reading it, in {elapsed:?}"
    );
    // What the server wrote is what fits in the sockets' buffers and one
    // MAX_ERROR_BODY: megabytes, not a gigabyte.
    assert!(written < 32 << 20, "{written}");
    // The client's thread (the whole current-thread runtime: reqwest, hyper's
    // connection task) held the body prefix and hyper's read buffer.
    assert!(held >= isize::try_from(MAX_ERROR_BODY).unwrap(), "{held}");
    assert!(held < 1 << 20, "{held}");
}

// ---------------------------------------------------------------------------
// Without the feature: an SDK method over the transport-agnostic `ClientError`
// alone, with the glue `error_for_problem` saves it (23 lines against 4).

async fn get_by_hand(http: &reqwest::Client, url: &str) -> Result<String, ClientError> {
    let mut response = http.get(url).send().await.map_err(ClientError::transport)?;
    let status = response.status().as_u16();
    if status >= 400 {
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(ClientError::transport)? {
            body.extend_from_slice(&chunk[..chunk.len().min(MAX_ERROR_BODY - body.len())]);
            if body.len() == MAX_ERROR_BODY {
                break;
            }
        }
        let content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let err = ClientError::from_response(status, content_type, &body);
        return Err(match headers.get(reqwest::header::RETRY_AFTER) {
            Some(value) => err.with_retry_after(value),
            None => err,
        });
    }
    response.text().await.map_err(ClientError::transport)
}

/// The same method with the feature.
async fn get_with_feature(http: &reqwest::Client, url: &str) -> Result<String, ClientError> {
    let response = http.get(url).send().await?;
    Ok(response.error_for_problem().await?.text().await?)
}

#[tokio::test]
async fn the_feature_does_what_an_sdk_wrote_by_hand() {
    let http = client();
    let addr = service();
    for path in [
        "/ok",
        "/scans/42",
        "/limited",
        "/crash",
        "/wrapped",
        "/nope",
    ] {
        let url = format!("http://{addr}{path}");
        let by_hand = get_by_hand(&http, &url).await;
        let with_feature = get_with_feature(&http, &url).await;
        match (by_hand, with_feature) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => {
                // Request ids differ per request; the rest is the same.
                let strip = |e: &ClientError| ProblemDetails {
                    request_id: None,
                    ..e.details().clone()
                };
                assert_eq!(strip(&a), strip(&b), "{path}");
                assert_eq!(a.status(), b.status(), "{path}");
                assert_eq!(a.retry_after(), b.retry_after(), "{path}");
            }
            (a, b) => panic!("{path}: {a:?} against {b:?}"),
        }
    }
    let html = canned(response(
        "502 Bad Gateway",
        &["content-type: text/html"],
        b"<p>down</p>",
    ));
    let by_hand = get_by_hand(&http, &format!("http://{html}/"))
        .await
        .unwrap_err();
    assert_synthesised(&by_hand, 502, Some("<p>down</p>"));
}
