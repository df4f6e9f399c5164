//! Serves an axum router on 127.0.0.1 for the framework tests: on its own
//! thread and tokio runtime, for the whole test run.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::mpsc;

/// Serves `app` on a free loopback port with `workers` runtime threads (0: a
/// current-thread runtime) and returns its address.
pub fn axum(app: axum::Router, workers: usize) -> SocketAddr {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut builder = if workers == 0 {
            tokio::runtime::Builder::new_current_thread()
        } else {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(workers);
            b
        };
        let rt = builder.enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}
