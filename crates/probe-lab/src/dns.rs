//! The lab's DNS side: an authoritative hickory-server over UDP and TCP on one port, serving the
//! zone files with two faults layered on top (SERVFAIL for listed names, a delay before every
//! answer), and a "silent" UDP+TCP port that reads queries and never answers.
//!
//! Both must run inside a tokio runtime. Dropping [`DnsServers`] stops them: hickory's `Server`
//! aborts its tasks when dropped, and so does the `JoinSet` holding the silent port's tasks.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use hickory_server::Server;
use hickory_server::net::runtime::{Time, TokioRuntimeProvider};
use hickory_server::proto::op::{Header, HeaderCounts, MessageType, Metadata, ResponseCode};
use hickory_server::proto::rr::{LowerName, Name};
use hickory_server::proto::serialize::txt::Parser;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, MessageResponseBuilder, ZoneType};
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, UdpSocket};
use tokio::task::JoinSet;

use crate::spec::{DnsSpec, ZoneFile};

/// How long a TCP DNS connection may stay idle before hickory closes it.
const TCP_IDLE: Duration = Duration::from_secs(10);

/// The running DNS servers; dropping this stops them.
pub struct DnsServers {
    /// The authoritative server's UDP and TCP port.
    pub addr: SocketAddr,
    /// The port that reads queries and never answers.
    pub silent_addr: SocketAddr,
    /// The zone origins served, for the banner.
    pub origins: Vec<String>,
    _server: Server<LabHandler>,
    _silent: JoinSet<()>,
}

/// Parses the zones and starts both servers on 127.0.0.1 ephemeral ports.
pub async fn start(spec: &DnsSpec, zones: &[ZoneFile]) -> Result<DnsServers> {
    let (catalog, origins) = build_catalog(zones)?;
    let mut servfail = HashSet::new();
    for name in &spec.servfail {
        let mut parsed = Name::from_str(name)
            .with_context(|| format!("[dns] servfail: {name:?} is not a DNS name"))?;
        parsed.set_fqdn(true);
        servfail.insert(LowerName::new(&parsed));
    }
    let handler = LabHandler {
        catalog,
        servfail,
        delay: Duration::from_millis(spec.delay_ms),
    };

    let (udp, tcp) = bind_udp_and_tcp().await.context("binding the DNS port")?;
    let addr = udp.local_addr()?;
    let mut server = Server::new(handler);
    server.register_socket(udp);
    server.register_listener(tcp, TCP_IDLE, 4096);

    let (silent_udp, silent_tcp) = bind_udp_and_tcp()
        .await
        .context("binding the silent DNS port")?;
    let silent_addr = silent_udp.local_addr()?;
    let mut silent = JoinSet::new();
    silent.spawn(swallow_udp(silent_udp));
    silent.spawn(swallow_tcp(silent_tcp));

    Ok(DnsServers {
        addr,
        silent_addr,
        origins,
        _server: server,
        _silent: silent,
    })
}

fn build_catalog(zones: &[ZoneFile]) -> Result<(Catalog, Vec<String>)> {
    let mut catalog = Catalog::new();
    let mut origins = Vec::new();
    for zone in zones {
        let (origin, records) = Parser::new(zone.text.as_str(), Some(zone.path.clone()), None)
            .parse()
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| {
                format!(
                    "parsing zone file {} (it must set $ORIGIN)",
                    zone.path.display()
                )
            })?;
        let lower = LowerName::new(&origin);
        if catalog.contains(&lower) {
            bail!(
                "zone {origin} is defined twice (again in {})",
                zone.path.display()
            );
        }
        let handler = InMemoryZoneHandler::<TokioRuntimeProvider>::new(
            origin.clone(),
            records,
            ZoneType::Primary,
            AxfrPolicy::Deny,
        )
        .map_err(|e| anyhow!("{e}"))
        .with_context(|| format!("loading zone {origin} from {}", zone.path.display()))?;
        catalog.upsert(lower, vec![Arc::new(handler)]);
        origins.push(origin.to_string());
    }
    Ok((catalog, origins))
}

/// Binds UDP on an ephemeral port and TCP on the same port, retrying when the TCP port is taken.
async fn bind_udp_and_tcp() -> Result<(UdpSocket, TcpListener)> {
    let mut last = None;
    for _ in 0..20 {
        let udp = UdpSocket::bind(("127.0.0.1", 0)).await?;
        let port = udp.local_addr()?.port();
        match TcpListener::bind(("127.0.0.1", port)).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) => last = Some(e),
        }
    }
    Err(anyhow!(
        "no port free for both UDP and TCP after 20 tries: {last:?}"
    ))
}

/// The catalog plus the lab's faults.
struct LabHandler {
    catalog: Catalog,
    servfail: HashSet<LowerName>,
    delay: Duration,
}

#[async_trait::async_trait]
impl RequestHandler for LabHandler {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        mut response_handle: R,
    ) -> ResponseInfo {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        if let Ok(info) = request.request_info()
            && self.servfail.contains(info.query.name())
        {
            let response = MessageResponseBuilder::from_message_request(request)
                .error_msg(&request.metadata, ResponseCode::ServFail);
            return match response_handle.send_response(response).await {
                Ok(info) => info,
                Err(_) => {
                    let mut metadata = Metadata::new(
                        request.metadata.id,
                        MessageType::Response,
                        request.metadata.op_code,
                    );
                    metadata.response_code = ResponseCode::ServFail;
                    ResponseInfo::from(Header {
                        metadata,
                        counts: HeaderCounts::default(),
                    })
                }
            };
        }
        self.catalog
            .handle_request::<R, T>(request, response_handle)
            .await
    }
}

/// Reads datagrams forever and answers none.
async fn swallow_udp(socket: UdpSocket) {
    let mut buf = vec![0u8; 65_535];
    while socket.recv_from(&mut buf).await.is_ok() {}
}

/// Accepts connections and reads them to the end, answering nothing.
async fn swallow_tcp(listener: TcpListener) {
    let mut connections = JoinSet::new();
    while let Ok((mut stream, _)) = listener.accept().await {
        connections.spawn(async move {
            let mut buf = [0u8; 4096];
            while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
        });
        while connections.try_join_next().is_some() {}
    }
}
