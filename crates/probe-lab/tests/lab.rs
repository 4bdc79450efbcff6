//! The lab against real clients on loopback: hickory-resolver for DNS, tokio-rustls (trusting
//! only the lab CA) for the endpoints. Each test starts its own lab from a committed fixture.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hickory_resolver::Resolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType};
use probe_lab::Lab;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, RootCertStore};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../fixtures/probe-lab/{name}"))
}

fn resolver(addr: SocketAddr, udp_only: bool, timeout: Duration) -> Resolver<TokioRuntimeProvider> {
    let mut udp = ConnectionConfig::udp();
    udp.port = addr.port();
    let mut connections = vec![udp];
    if !udp_only {
        let mut tcp = ConnectionConfig::tcp();
        tcp.port = addr.port();
        connections.push(tcp);
    }
    let ns = NameServerConfig::new(addr.ip(), true, connections);
    let mut builder = Resolver::builder_with_config(
        ResolverConfig::from_name_servers(vec![ns]),
        TokioRuntimeProvider::default(),
    );
    builder.options_mut().timeout = timeout;
    builder.options_mut().attempts = 1;
    builder.options_mut().cache_size = 0;
    builder.build().expect("resolver")
}

#[tokio::test]
async fn dns_serves_the_zone_and_its_faults() {
    let tenant = Lab::start(&fixture("tenant")).expect("tenant lab");
    let r = resolver(tenant.dns_addr(), false, Duration::from_secs(2));

    let cname = r
        .lookup("lyncdiscover.contoso.com.", RecordType::CNAME)
        .await
        .expect("lyncdiscover CNAME");
    let targets: Vec<String> = cname.answers().iter().map(|a| a.data.to_string()).collect();
    assert_eq!(targets, ["webdir.online.lync.com."]);

    let srv = r
        .lookup("_sipfederationtls._tcp.contoso.com.", RecordType::SRV)
        .await
        .expect("federation SRV");
    let srv: Vec<(u16, String)> = srv
        .answers()
        .iter()
        .filter_map(|a| match &a.data {
            RData::SRV(s) => Some((s.port, s.target.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(srv, [(5061, "sipfed.online.lync.com.".to_string())]);

    let faults = Lab::start(&fixture("faults")).expect("faults lab");
    let r = resolver(faults.dns_addr(), false, Duration::from_secs(2));
    // The name has an A record in the zone, so only the lab's SERVFAIL layer can fail it.
    let err = r
        .lookup("servfail.contoso.com.", RecordType::A)
        .await
        .expect_err("servfail.contoso.com must fail");
    assert!(
        matches!(
            err,
            NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail))
        ),
        "expected SERVFAIL, got {err:?}"
    );
    let ok = r
        .lookup("expired.contoso.com.", RecordType::A)
        .await
        .expect("a listed name still resolves");
    assert_eq!(ok.answers().len(), 1);

    let err = r
        .lookup("nothere.contoso.com.", RecordType::A)
        .await
        .expect_err("an unknown name must fail");
    assert!(err.is_nx_domain(), "expected NXDOMAIN, got {err:?}");
}

#[tokio::test]
async fn the_silent_dns_port_never_answers() {
    let lab = Lab::start(&fixture("faults")).expect("faults lab");
    let r = resolver(lab.silent_dns_addr(), true, Duration::from_millis(500));
    let started = Instant::now();
    let err = r
        .lookup("ok.contoso.com.", RecordType::A)
        .await
        .expect_err("the silent port must not answer");
    assert!(
        started.elapsed() >= Duration::from_millis(450),
        "failed after {:?}, too soon for a timeout: {err:?}",
        started.elapsed()
    );
    assert!(
        matches!(err, NetError::Timeout),
        "expected a timeout, got {err:?}"
    );

    // TCP on the same port accepts and stays mute too.
    let mut tcp = TcpStream::connect(lab.silent_dns_addr())
        .await
        .expect("the silent port accepts TCP");
    tcp.write_all(b"\x00\x1d\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x02ok\x07contoso\x03com\x00\x00\x01\x00\x01")
        .await
        .expect("send a query");
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_millis(300), tcp.read(&mut buf)).await;
    assert!(read.is_err(), "the silent port answered: {read:?}");
}

fn client_config(lab: &Lab) -> Arc<ClientConfig> {
    let ca = CertificateDer::from_pem_file(lab.ca_cert_path()).expect("ca.pem holds a certificate");
    let mut roots = RootCertStore::empty();
    roots.add(ca).expect("the lab CA parses");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

async fn connect_tls(
    lab: &Lab,
    host: &str,
    addr: SocketAddr,
) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(addr).await?;
    let name = ServerName::try_from(host.to_string()).expect("DNS name");
    TlsConnector::from(client_config(lab))
        .connect(name, tcp)
        .await
}

#[tokio::test]
async fn a_valid_endpoint_serves_its_body_over_tls() {
    let lab = Lab::start(&fixture("tenant")).expect("tenant lab");
    let addr = lab.endpoint("pool");

    let args = lab.hybridlint_args();
    let resolve = format!("lyncweb.contoso.com={addr}");
    assert!(
        args.windows(2)
            .any(|w| w[0] == "--resolve" && w[1] == resolve),
        "{args:?}"
    );
    assert_eq!(
        args[..2],
        ["--nameserver".to_string(), lab.dns_addr().to_string()]
    );

    let mut tls = connect_tls(&lab, "lyncweb.contoso.com", addr)
        .await
        .expect("TLS handshake with the lab CA");
    let chain = tls.get_ref().1.peer_certificates().expect("a chain").len();
    assert_eq!(chain, 2, "leaf + lab CA");
    tls.write_all(b"GET /metadata/json/1?x=1 HTTP/1.1\r\nHost: lyncweb.contoso.com\r\n\r\n")
        .await
        .expect("send the request");
    let mut response = Vec::new();
    tls.read_to_end(&mut response).await.expect("read to close");
    let response = String::from_utf8(response).expect("UTF-8 response");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("\r\nConnection: close"), "{head}");
    let expected = std::fs::read_to_string(fixture("tenant").join("pool-metadata.json")).unwrap();
    assert_eq!(body, expected);
    assert!(body.contains("\"serviceName\": \"00000004-0000-0ff1-ce00-00000000000\""));
}

#[tokio::test]
async fn bad_certificates_fail_verification_for_their_own_reason() {
    let lab = Lab::start(&fixture("faults")).expect("faults lab");
    type Expect = fn(&CertificateError) -> bool;
    let cases: [(&str, Expect); 4] = [
        ("expired", |e| {
            matches!(
                e,
                CertificateError::Expired | CertificateError::ExpiredContext { .. }
            )
        }),
        ("notyet", |e| {
            matches!(
                e,
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. }
            )
        }),
        ("wrongname", |e| {
            matches!(
                e,
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
            )
        }),
        ("untrusted", |e| {
            matches!(e, CertificateError::UnknownIssuer)
        }),
    ];
    for (name, expected) in cases {
        let host = format!("{name}.contoso.com");
        let err = connect_tls(&lab, &host, lab.endpoint(name))
            .await
            .expect_err("the handshake must fail");
        let rustls_err = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<rustls::Error>())
            .unwrap_or_else(|| panic!("{name}: not a rustls error: {err:?}"));
        match rustls_err {
            rustls::Error::InvalidCertificate(cert_err) if expected(cert_err) => {}
            other => panic!("{name}: unexpected error {other:?}"),
        }
    }
}

#[tokio::test]
async fn refuse_refuses() {
    let lab = Lab::start(&fixture("faults")).expect("faults lab");
    let err = TcpStream::connect(lab.endpoint("refused"))
        .await
        .expect_err("the refused endpoint must not accept");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused, "{err:?}");
    // The control endpoint in the same lab does accept.
    TcpStream::connect(lab.endpoint("ok"))
        .await
        .expect("the ok endpoint accepts");
    assert_eq!(
        lab.endpoint_for_host("REFUSED.contoso.com"),
        Some(lab.endpoint("refused"))
    );
    assert_eq!(
        lab.endpoint("refused").ip(),
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    );
}
