//! The wire of the gRPC tests: one tonic server on 127.0.0.1 that answers
//! each call with the status it is given, one hand-written HTTP/2 service
//! that answers with raw headers, and a client of each, on a runtime of
//! their own for the whole test run. The method is the hand-written one of
//! `examples/grpc_service.rs` (no protoc).
#![allow(dead_code)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::{Ready, ready};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use tonic::Status;
use tonic::body::Body;
use tonic::transport::Channel;

use crate::grpc_service::{Unary, call, connect, serve};

/// The request of the test method: which pending answer to send.
#[derive(Clone, PartialEq, prost::Message)]
struct Key {
    #[prost(uint64, tag = "1")]
    key: u64,
}

/// A message with no fields.
#[derive(Clone, PartialEq, prost::Message)]
struct Empty {}

const ANSWER: &str = "/problem.test.Statuses/Answer";

/// A response written by hand: an HTTP status and headers, no body (a gRPC
/// "trailers-only" response when the headers carry `grpc-status`).
struct RawReply {
    http_status: u16,
    headers: Vec<(&'static str, Vec<u8>)>,
}

/// Answers each request with the raw reply its `x-key` names.
#[derive(Clone)]
struct RawServer(Arc<Mutex<HashMap<u64, RawReply>>>);

impl tower_service::Service<http::Request<Body>> for RawServer {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let reply = request
            .headers()
            .get("x-key")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .and_then(|key| self.0.lock().unwrap().remove(&key));
        let mut response = http::Response::new(Body::default());
        if let Some(reply) = reply {
            *response.status_mut() = http::StatusCode::from_u16(reply.http_status).unwrap();
            for (name, value) in reply.headers {
                response
                    .headers_mut()
                    .insert(name, http::HeaderValue::from_bytes(&value).unwrap());
            }
        }
        ready(Ok(response))
    }
}

pub struct Wire {
    pub rt: tokio::runtime::Runtime,
    channel: Channel,
    raw_channel: Channel,
    statuses: Arc<Mutex<HashMap<u64, Status>>>,
    raw_replies: Arc<Mutex<HashMap<u64, RawReply>>>,
}

pub fn wire() -> &'static Wire {
    static WIRE: OnceLock<Wire> = OnceLock::new();
    WIRE.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let statuses: Arc<Mutex<HashMap<u64, Status>>> = Arc::default();
        let raw_replies: Arc<Mutex<HashMap<u64, RawReply>>> = Arc::default();
        let (channel, raw_channel) = rt.block_on(async {
            let pending = statuses.clone();
            let answer = move |request: tonic::Request<Key>| -> Result<Empty, Status> {
                Err(pending
                    .lock()
                    .unwrap()
                    .remove(&request.get_ref().key)
                    .unwrap_or_else(|| Status::internal("no answer for this key")))
            };
            let addr = spawn_server(Unary::new(ANSWER, answer)).await;
            let raw_addr = spawn_server(RawServer(raw_replies.clone())).await;
            (
                connect(addr).await.unwrap(),
                connect(raw_addr).await.unwrap(),
            )
        });
        Wire {
            rt,
            channel,
            raw_channel,
            statuses,
            raw_replies,
        }
    })
}

pub async fn spawn_server<S>(service: S) -> SocketAddr
where
    S: tower_service::Service<
            http::Request<Body>,
            Response = http::Response<Body>,
            Error = Infallible,
        > + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, service));
    addr
}

fn next_key() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The server answers with `status`: what the client receives.
pub fn over_the_wire(status: Status) -> Status {
    let wire = wire();
    let key = next_key();
    wire.statuses.lock().unwrap().insert(key, status);
    let request = tonic::Request::new(Key { key });
    wire.rt
        .block_on(call::<Key, Empty>(wire.channel.clone(), ANSWER, request))
        .expect_err("the server answers with a status")
}

/// Header names and raw values.
pub type RawHeaders<'a> = &'a [(&'static str, &'a [u8])];

/// The server answers with these raw headers: what the client receives.
pub fn raw_over_the_wire(http_status: u16, headers: RawHeaders<'_>) -> Status {
    let wire = wire();
    let key = next_key();
    let headers = headers.iter().map(|(n, v)| (*n, v.to_vec())).collect();
    wire.raw_replies.lock().unwrap().insert(
        key,
        RawReply {
            http_status,
            headers,
        },
    );
    let mut request = tonic::Request::new(Empty {});
    request
        .metadata_mut()
        .insert("x-key", key.to_string().parse().unwrap());
    wire.rt
        .block_on(call::<Empty, Empty>(
            wire.raw_channel.clone(),
            ANSWER,
            request,
        ))
        .expect_err("the raw reply is an error")
}

/// Whether `text` is anywhere in what the client received: the message, the
/// detail bytes, the metadata.
pub fn anywhere(status: &Status, text: &str) -> bool {
    let in_bytes = |bytes: &[u8]| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    status.message().contains(text)
        || in_bytes(status.details())
        || status
            .metadata()
            .clone()
            .into_headers()
            .iter()
            .any(|(_, v)| in_bytes(v.as_bytes()))
}
