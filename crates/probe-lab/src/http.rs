//! A minimal HTTP/1.1 responder: reads one request head (up to [`MAX_HEAD`] bytes), matches the
//! path exactly against the endpoint's routes, answers with `Connection: close` and closes.
//!
//! It is generic over the stream so that it runs over tokio-rustls (https mode). The faulty
//! behaviours (endless body, huge body, redirect loop, slow body) live here too.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::spec::{Behaviour, Route};

/// The largest request head read; a longer one gets 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The size of a `huge` body: 64 MiB.
pub const HUGE_LEN: u64 = 64 * 1024 * 1024;
/// The pause between two chunks of an `endless-body` response.
pub const ENDLESS_TICK: Duration = Duration::from_millis(10);
/// The pause before each byte of a `slow-body` response.
pub const SLOW_TICK: Duration = Duration::from_secs(1);

/// Serves one request on `stream`, then returns (the caller closes the connection).
pub async fn serve<S>(stream: &mut S, routes: &[Route], endpoint: &str) -> std::io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let head = match tokio::time::timeout(HEAD_TIMEOUT, read_head(stream)).await {
        Err(_) => return Ok(()),
        Ok(head) => head?,
    };
    let head = match head {
        Head::TooLong => {
            return write_simple(stream, 431, "request head too long\n", false).await;
        }
        Head::Closed => return Ok(()),
        Head::Complete(bytes) => bytes,
    };
    let Some((method, target)) = parse_request_line(&head) else {
        return write_simple(stream, 400, "malformed request line\n", false).await;
    };
    let is_head = method == "HEAD";
    let path = path_of(&target);
    let Some(route) = routes.iter().find(|r| r.path == path) else {
        let text = format!("probe-lab: no route for {path} on endpoint {endpoint}\n");
        return write_simple(stream, 404, &text, is_head).await;
    };
    if route.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(route.delay_ms)).await;
    }
    respond(stream, route, &target, is_head).await
}

enum Head {
    Complete(Vec<u8>),
    TooLong,
    Closed,
}

async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> std::io::Result<Head> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(Head::Closed);
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find_head_end(&buf) {
            buf.truncate(end);
            return Ok(Head::Complete(buf));
        }
        if buf.len() > MAX_HEAD {
            return Ok(Head::TooLong);
        }
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| buf.windows(2).position(|w| w == b"\n\n"))
}

/// Returns the method and the request target of the first line.
fn parse_request_line(head: &[u8]) -> Option<(String, String)> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end_matches('\r');
    let mut parts = line.split(' ');
    let method = parts.next()?;
    let target = parts.next()?;
    let version = parts.next()?;
    if parts.next().is_some() || method.is_empty() || !version.starts_with("HTTP/") {
        return None;
    }
    Some((method.to_string(), target.to_string()))
}

/// The path of a request target: absolute-form loses its scheme and authority, and the query
/// string is dropped.
fn path_of(target: &str) -> String {
    let rest = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
        .map(|after| after.find('/').map_or("/", |i| &after[i..]))
        .unwrap_or(target);
    rest.split(['?', '#']).next().unwrap_or("/").to_string()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// The status line and headers, ending with the blank line.
pub fn response_head(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    out.push_str("Server: probe-lab\r\nConnection: close\r\n");
    for (name, value) in headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A short `text/plain` answer.
pub async fn write_simple<S: AsyncWrite + Unpin>(
    stream: &mut S,
    status: u16,
    text: &str,
    is_head: bool,
) -> std::io::Result<()> {
    let len = text.len().to_string();
    let mut out = response_head(
        status,
        &[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", &len),
        ],
    );
    if !is_head {
        out.extend_from_slice(text.as_bytes());
    }
    stream.write_all(&out).await?;
    stream.flush().await
}

async fn respond<S: AsyncWrite + Unpin>(
    stream: &mut S,
    route: &Route,
    target: &str,
    is_head: bool,
) -> std::io::Result<()> {
    let extra = route.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    match route.behaviour {
        Behaviour::Normal | Behaviour::SlowBody => {
            let len = route.body.len().to_string();
            let mut headers = vec![
                ("Content-Type", route.content_type.as_str()),
                ("Content-Length", len.as_str()),
            ];
            headers.extend(extra);
            stream
                .write_all(&response_head(route.status, &headers))
                .await?;
            stream.flush().await?;
            if is_head {
                return Ok(());
            }
            if route.behaviour == Behaviour::Normal {
                stream.write_all(&route.body).await?;
            } else {
                for byte in &route.body {
                    tokio::time::sleep(SLOW_TICK).await;
                    stream.write_all(std::slice::from_ref(byte)).await?;
                    stream.flush().await?;
                }
            }
            stream.flush().await
        }
        Behaviour::RedirectLoop => {
            let mut headers = vec![("Location", target), ("Content-Length", "0")];
            headers.extend(extra);
            stream.write_all(&response_head(302, &headers)).await?;
            stream.flush().await
        }
        Behaviour::Huge => {
            let len = HUGE_LEN.to_string();
            let mut headers = vec![
                ("Content-Type", route.content_type.as_str()),
                ("Content-Length", len.as_str()),
            ];
            headers.extend(extra);
            stream
                .write_all(&response_head(route.status, &headers))
                .await?;
            if is_head {
                return stream.flush().await;
            }
            let block = vec![b'{'; 64 * 1024];
            let mut left = HUGE_LEN;
            while left > 0 {
                let n = left.min(block.len() as u64) as usize;
                stream.write_all(&block[..n]).await?;
                left -= n as u64;
            }
            stream.flush().await
        }
        Behaviour::EndlessBody => {
            let mut headers = vec![
                ("Content-Type", route.content_type.as_str()),
                ("Transfer-Encoding", "chunked"),
            ];
            headers.extend(extra);
            stream
                .write_all(&response_head(route.status, &headers))
                .await?;
            stream.flush().await?;
            if is_head {
                return Ok(());
            }
            write_chunk(stream, b"{\"keys\":[").await?;
            let item: &[u8] =
                b"{\"usage\":\"signing\",\"keyValue\":{\"type\":\"x509Certificate\",\"value\":\"AAAA\"}},";
            loop {
                tokio::time::sleep(ENDLESS_TICK).await;
                write_chunk(stream, item).await?;
            }
        }
    }
}

async fn write_chunk<S: AsyncWrite + Unpin>(stream: &mut S, data: &[u8]) -> std::io::Result<()> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    stream.write_all(&out).await?;
    stream.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_ignore_query_and_authority() {
        assert_eq!(path_of("/metadata/json/1?realm=x"), "/metadata/json/1");
        assert_eq!(path_of("https://h.test/a/b?c"), "/a/b");
        assert_eq!(path_of("https://h.test"), "/");
        assert_eq!(
            parse_request_line(b"GET /x HTTP/1.1\r\nHost: h"),
            Some(("GET".into(), "/x".into()))
        );
        assert_eq!(parse_request_line(b"\x16\x03\x01\x02\x00"), None);
    }
}
