//! The HTTP client of the framework tests: hyper's HTTP/1.1 client over a
//! tokio `TcpStream`, one request per connection, loopback addresses only,
//! bounded by a timeout. Shared by the tests that serve axum and actix-web.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use problem_core::ProblemDetails;

/// How long a request may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A response as the client read it.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("UTF-8 body")
    }

    /// The reply read as a client reads it: `ProblemDetails::from_response`.
    pub fn problem(&self) -> ProblemDetails {
        ProblemDetails::from_response(self.status, self.header("content-type"), &self.body)
    }
}

/// A request to build and send.
pub struct Req<'a> {
    method: &'a str,
    path: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

/// `GET path`.
pub fn get(path: &str) -> Req<'_> {
    request("GET", path)
}

/// Any method.
pub fn request<'a>(method: &'a str, path: &'a str) -> Req<'a> {
    Req {
        method,
        path,
        headers: Vec::new(),
        body: b"",
    }
}

impl<'a> Req<'a> {
    /// Adds a header.
    pub fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: &'a [u8]) -> Self {
        self.body = body;
        self
    }

    /// Sends the request to `addr` (a loopback address) and reads the reply.
    pub fn send(self, addr: SocketAddr) -> Reply {
        self.try_send(addr)
            .unwrap_or_else(|err| panic!("the whole body: {err}"))
    }

    /// As [`send`](Self::send), with an error when the response cannot be
    /// read whole (the server failed its body, or closed the connection early).
    pub fn try_send(self, addr: SocketAddr) -> Result<Reply, String> {
        assert!(addr.ip().is_loopback(), "tests only talk to loopback");
        let mut builder = hyper::Request::builder()
            .method(self.method)
            .uri(self.path)
            .header("host", addr.to_string());
        for (name, value) in &self.headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(Full::new(Bytes::copy_from_slice(self.body)))
            .expect("a valid request");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            tokio::time::timeout(TIMEOUT, try_exchange(addr, request))
                .await
                .expect("the server answers in time")
        })
    }
}

/// Sends one request with any body on a new connection and reads the reply.
pub async fn exchange<B>(addr: SocketAddr, request: hyper::Request<B>) -> Reply
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    try_exchange(addr, request)
        .await
        .unwrap_or_else(|err| panic!("the whole body: {err}"))
}

/// As [`exchange`], with an error when the response cannot be read whole
/// (the server failed its body, or closed the connection early).
pub async fn try_exchange<B>(addr: SocketAddr, request: hyper::Request<B>) -> Result<Reply, String>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    assert!(addr.ip().is_loopback(), "tests only talk to loopback");
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    tokio::spawn(connection);
    // A server that fails the body may close the connection before the
    // response's head is out: no response, an error like a cut body.
    let response = sender
        .send_request(request)
        .await
        .map_err(|err| err.to_string())?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().expect("a visible ASCII header value");
            (name.as_str().to_owned(), value.to_owned())
        })
        .collect();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|err| err.to_string())?
        .to_bytes()
        .to_vec();
    Ok(Reply {
        status,
        headers,
        body,
    })
}
