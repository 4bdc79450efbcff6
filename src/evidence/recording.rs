//! Loads probe recordings into the model: a `--record` file read as evidence, or a live run's
//! recording handed over in memory. Both go through `ingest`, which is why a replay reaches the
//! same findings as the live run it recorded.

use base64::Engine as _;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::certificate::describe::describe;
use super::metadata;
use crate::model::{CertificateEncoding, DnsProbe, EndpointProbe, InputProblem, Location, Model};
use crate::recording::{KEPT_HEADERS, MARKER, Recording, VERSION};

/// Whether a text file is a recording (rather than other JSON).
pub fn looks_like_recording(lines: &[&str]) -> bool {
    lines
        .iter()
        .take(20)
        .any(|l| l.contains(&format!("\"{MARKER}\"")))
}

/// Reads a recording file's text; a damaged recording is an input problem, not a crash.
pub fn load(lines: &[&str], display: &str, model: &mut Model) {
    let text = lines.join("\n");
    let recording: Recording = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            model.problems.push(InputProblem {
                detail: format!("this probe recording cannot be read: {e}"),
                location: Location::new(
                    display,
                    e.line().max(1) as u32,
                    e.column().max(1) as u32,
                    1,
                ),
            });
            return;
        }
    };
    if recording.version > VERSION {
        model.problems.push(InputProblem {
            detail: format!(
                "this probe recording has format version {}, newer than the {VERSION} this hybridlint reads",
                recording.version
            ),
            location: Location::file(display),
        });
        return;
    }
    ingest(&recording, Some((display, lines)), model);
}

/// Adds a recording's observations to the model. `source` is the recording file and its lines,
/// so each observation points at its line; a live run without `--record` points at the URL or
/// name probed instead.
pub fn ingest(recording: &Recording, source: Option<(&str, &[&str])>, model: &mut Model) {
    let observed_at = OffsetDateTime::parse(&recording.observed_at, &Rfc3339).unwrap_or(model.now);
    if model.probes.is_empty() {
        model.probes.facts = recording.facts.clone();
    }
    let mut finder = source.map(|(path, lines)| LineFinder {
        path,
        lines,
        next: 0,
    });
    for observation in &recording.dns {
        let needle = format!("\"name\": \"{}\"", observation.name);
        let location = match finder.as_mut() {
            Some(f) => f.find(&needle),
            None => Location::file(format!(
                "dns:{}/{}",
                observation.name, observation.record_type
            )),
        };
        model.probes.dns.push(DnsProbe {
            observation: observation.clone(),
            location,
        });
    }
    for observation in &recording.https {
        let needle = format!("\"url\": \"{}\"", observation.url);
        let location = match finder.as_mut() {
            Some(f) => f.find(&needle),
            None => Location::file(observation.url.clone()),
        };
        let host = reqwest::Url::parse(&observation.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        let mut chain = Vec::new();
        let mut chain_problems = Vec::new();
        for (i, b64) in observation
            .tls
            .iter()
            .flat_map(|t| t.chain.iter())
            .enumerate()
        {
            let der = match base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
                Ok(d) => d,
                Err(e) => {
                    chain_problems.push(format!("chain entry {i} is not Base64 ({e})"));
                    continue;
                }
            };
            match X509Certificate::from_der(&der) {
                Ok((_, cert)) => chain.push(describe(
                    &cert,
                    &der,
                    CertificateEncoding::Der,
                    location.clone(),
                    usize::MAX,
                )),
                Err(e) => {
                    chain_problems.push(format!("chain entry {i} is not a certificate ({e})"))
                }
            }
        }
        let metadata = observation.body.as_deref().map(metadata::parse);
        let mut observation = observation.clone();
        observation
            .headers
            .retain(|name, _| KEPT_HEADERS.contains(&name.to_ascii_lowercase().as_str()));
        model.probes.endpoints.push(EndpointProbe {
            observation,
            host,
            observed_at,
            chain,
            chain_problems,
            metadata,
            location,
        });
    }
}

/// Finds each observation's line in a pretty-printed recording, scanning forward so repeated
/// names map to their own entries.
struct LineFinder<'a> {
    path: &'a str,
    lines: &'a [&'a str],
    next: usize,
}

impl LineFinder<'_> {
    fn find(&mut self, needle: &str) -> Location {
        let hit = (self.next..self.lines.len())
            .chain(0..self.next)
            .find(|&i| self.lines[i].contains(needle));
        match hit {
            Some(i) => {
                self.next = i + 1;
                let line = &self.lines[i];
                let column = line.find('"').map_or(1, |c| line[..c].chars().count() + 1);
                Location::new(
                    self.path,
                    (i + 1) as u32,
                    column as u32,
                    line.trim().trim_end_matches(',').chars().count() as u32,
                )
            }
            None => Location::file(self.path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    #[test]
    fn a_recording_read_back_keeps_no_credential_headers() {
        let text = r#"{"hybridlint-recording": 1, "observed-at": "2025-06-01T00:00:00Z",
          "https": [{"url": "https://a.test/", "purpose": "other", "outcome": "response",
            "headers": {"content-type": "text/html", "set-cookie": "session=abc",
                        "authorization": "Bearer eyJx"}}]}"#;
        let lines: Vec<&str> = text.lines().collect();
        let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        load(&lines, "r.json", &mut model);
        let headers = &model.probes.endpoints[0].observation.headers;
        assert_eq!(headers.keys().collect::<Vec<_>>(), ["content-type"]);
    }
}
