//! One lab endpoint: a TCP port on 127.0.0.1 that behaves according to its [`Mode`] — TLS with
//! the endpoint's certificate chain and the HTTP routes, or one of the transport faults
//! (refused, silent, reset, plain HTTP where TLS is expected).
//!
//! Each connection runs in its own task. The tasks live in a `JoinSet` owned by the accept loop,
//! whose own task lives in [`Endpoints`]: dropping it stops the listener and every connection.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use rustls::ServerConfig;
use socket2::{Domain, Protocol, SockRef, Socket, Type};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use crate::certs::ServerIdentity;
use crate::http;
use crate::spec::{Mode, Route};

/// How long the TLS handshake may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for a client's first bytes in `reset` and `plain` modes.
const FIRST_BYTES_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to wait for the client to close after the server has finished.
const LINGER_READ: Duration = Duration::from_secs(2);

/// Every endpoint of a lab, running; dropping this stops them.
#[derive(Default)]
pub struct Endpoints {
    tasks: JoinSet<()>,
    reserved: Vec<Socket>,
}

impl Endpoints {
    /// Starts one endpoint and returns the address it is reachable at.
    pub async fn start(
        &mut self,
        name: &str,
        mode: Mode,
        identity: ServerIdentity,
        routes: Vec<Route>,
    ) -> Result<SocketAddr> {
        if mode == Mode::Refuse {
            let (socket, addr) = reserve_port()
                .with_context(|| format!("endpoint {name:?}: reserving a refusing port"))?;
            self.reserved.push(socket);
            return Ok(addr);
        }
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .with_context(|| format!("endpoint {name:?}: binding a port"))?;
        let addr = listener.local_addr()?;
        let handler = Arc::new(match mode {
            Mode::Https => Handler::Https {
                acceptor: TlsAcceptor::from(Arc::new(
                    tls_config(identity).with_context(|| format!("endpoint {name:?}: TLS"))?,
                )),
                routes,
                name: name.to_string(),
            },
            Mode::Silent => Handler::Silent,
            Mode::Reset => Handler::Reset,
            Mode::Plain => Handler::Plain,
            Mode::Refuse => unreachable!("handled above"),
        });
        self.tasks.spawn(accept_loop(listener, handler));
        Ok(addr)
    }
}

/// A socket bound to an ephemeral port that never listens: the kernel refuses every connection,
/// and no other process can take the port while the socket is held.
fn reserve_port() -> Result<(Socket, SocketAddr)> {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into())?;
    let addr = socket
        .local_addr()?
        .as_socket()
        .context("the reserved socket has no IP address")?;
    Ok((socket, addr))
}

/// A rustls server configuration (ring provider, TLS 1.2 and 1.3, ALPN `http/1.1`).
pub fn tls_config(identity: ServerIdentity) -> Result<ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("choosing TLS versions")?
        .with_no_client_auth()
        .with_single_cert(identity.chain, identity.key)
        .context("loading the certificate chain")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

enum Handler {
    Https {
        acceptor: TlsAcceptor,
        routes: Vec<Route>,
        name: String,
    },
    Silent,
    Reset,
    Plain,
}

async fn accept_loop(listener: TcpListener, handler: Arc<Handler>) {
    let mut connections = JoinSet::new();
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let handler = handler.clone();
                connections.spawn(async move {
                    // A failed connection concerns only its client.
                    let _ = handle(stream, &handler).await;
                });
            }
            // Out of descriptors or similar: wait a little instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
        while connections.try_join_next().is_some() {}
    }
}

async fn handle(mut stream: TcpStream, handler: &Handler) -> std::io::Result<()> {
    match handler {
        Handler::Https {
            acceptor,
            routes,
            name,
        } => {
            let mut tls =
                match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                    Ok(tls) => tls?,
                    Err(_) => return Ok(()),
                };
            http::serve(&mut tls, routes, name).await?;
            tls.shutdown().await?;
            drain(&mut tls).await;
            Ok(())
        }
        Handler::Silent => {
            drain_forever(&mut stream).await;
            Ok(())
        }
        Handler::Reset => {
            let mut buf = [0u8; 4096];
            let _ = tokio::time::timeout(FIRST_BYTES_TIMEOUT, stream.read(&mut buf)).await;
            SockRef::from(&stream).set_linger(Some(Duration::ZERO))?;
            drop(stream);
            Ok(())
        }
        Handler::Plain => {
            let mut buf = [0u8; 4096];
            let _ = tokio::time::timeout(FIRST_BYTES_TIMEOUT, stream.read(&mut buf)).await;
            http::write_simple(
                &mut stream,
                400,
                "probe-lab: this port speaks plain HTTP, not TLS\n",
                false,
            )
            .await?;
            stream.shutdown().await?;
            drain(&mut stream).await;
            Ok(())
        }
    }
}

/// Reads until the client closes (or [`LINGER_READ`] passes), so that closing does not reset
/// a connection whose answer the client has not read yet.
async fn drain<S: AsyncRead + Unpin>(stream: &mut S) {
    let _ = tokio::time::timeout(LINGER_READ, drain_forever(stream)).await;
}

async fn drain_forever<S: AsyncRead + Unpin>(stream: &mut S) {
    let mut buf = [0u8; 4096];
    while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
}
