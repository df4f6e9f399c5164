//! The example programs as processes: `cargo test` builds every example
//! beside the tests, in `target/<profile>/examples/`.
#![allow(dead_code)]

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

/// The built example `name`.
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is not built: run `cargo test --workspace --all-features`, which builds the examples",
        bin.display()
    );
    bin
}

/// `examples/axum_service.rs` running on a free loopback port, killed when
/// dropped.
pub struct Service {
    pub addr: SocketAddr,
    child: Child,
    // Kept open until the child is killed: the service prints its routes
    // after the first line, and a closed pipe would end it.
    _stdout: std::io::BufReader<ChildStdout>,
}

impl Service {
    /// Starts the service on port 0 and reads the address it prints first.
    pub fn start() -> Self {
        let mut child = Command::new(binary("axum_service"))
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let addr = first
            .strip_prefix("scan service on http://")
            .and_then(|rest| rest.split(';').next())
            .and_then(|addr| addr.parse().ok());
        let Some(addr) = addr else {
            let _ = child.kill();
            panic!("the service's first line: {first:?}");
        };
        Service {
            addr,
            child,
            _stdout: stdout,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
