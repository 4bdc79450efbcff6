//! `tenant/credential-value-invalid`: the uploaded value is not the certificate: PEM armour left in,
//! a file path, Base64 of Base64, or binary text read with `Get-Content`. The upload may even
//! succeed, but the key never matches the certificate Lync signs with (AADSTS50012 "key was not
//! found"). The forms Microsoft's procedures publish (DER bytes, their Base64, the ASCII bytes of
//! that Base64 in Graph's `Key`, a .cer file's bytes) are accepted; a value the evaluator cannot
//! follow is not judged.

use crate::rules::applies::{self, Applies};
use std::collections::HashSet;

use base64::Engine as _;

use crate::model::{Credential, Model};
use crate::rules::Hit;
use crate::snippets::paste;
use crate::rules::template::Context;

/// Why a credential's value is not Base64 DER, if it is not.
fn problem(c: &Credential, read_by_get_content: &HashSet<String>) -> Option<String> {
    let text = c.value_text.as_deref().unwrap_or("");
    match c.value_form.as_deref() {
        // The forms Microsoft's own procedures publish and customers run: the DER bytes, their
        // Base64, the ASCII bytes of that Base64 (Graph's `Key`), or a .cer file's bytes.
        Some(
            "der-bytes" | "base64-of-der" | "ascii-bytes-of-base64" | "file-bytes" | "existing-key",
        ) => {
            return None;
        }
        Some("file-text") => {
            return Some(format!(
                "`{text}` is the certificate file's text as read by Get-Content (PEM lines with headers, or garbled binary for DER), not Base64 of the DER bytes"
            ));
        }
        _ => {}
    }
    // A variable (or inline expression) filled by Get-Content holds the file's text lines.
    let reads_file_text = text.to_ascii_lowercase().contains("get-content")
        || read_by_get_content.contains(&text.trim_start_matches('$').to_ascii_lowercase());
    if reads_file_text {
        return Some(format!(
            "`{text}` is the certificate file's text as read by Get-Content (PEM lines with headers, or garbled binary for DER), not Base64 of the DER bytes"
        ));
    }
    let value = c.value.as_deref()?.trim();
    if value.is_empty() {
        return None;
    }
    if value.contains("-----BEGIN") {
        return Some("the value still contains the PEM armour (-----BEGIN CERTIFICATE-----); only the Base64 of the DER bytes is accepted".into());
    }
    if value.contains('\\')
        || value.to_ascii_lowercase().ends_with(".cer")
        || value.to_ascii_lowercase().ends_with(".crt")
    {
        return Some(format!(
            "the value `{value}` is a file path, not the certificate's Base64"
        ));
    }
    let compact: String = value.split_whitespace().collect();
    match base64::engine::general_purpose::STANDARD.decode(&compact) {
        Err(_) => Some("the value is not valid Base64".into()),
        Ok(bytes) if bytes.starts_with(b"MII") => {
            Some("the value is Base64 of Base64 (encoded twice); decode it once".into())
        }
        Ok(bytes) if bytes.first() != Some(&0x30) => {
            Some("the value decodes, but not to a DER certificate".into())
        }
        Ok(_) => None,
    }
}

/// The variables (lower case) that `Get-Content` output is assigned to, found once per run.
fn read_by_get_content(model: &Model) -> HashSet<String> {
    model
        .commands
        .iter()
        .filter(|cmd| {
            ["get-content", "gc", "cat", "type"]
                .iter()
                .any(|n| cmd.name.eq_ignore_ascii_case(n))
        })
        .filter_map(|cmd| cmd.assigned_to.as_ref().map(|v| v.to_ascii_lowercase()))
        .collect()
}

/// Whether the evidence gives this check anything to judge (`crate::rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    applies::credentials(model)
}

pub(crate) fn check(model: &Model, _: &toml::Table, ctx: &Context) -> Vec<Hit> {
    let read_by_get_content = read_by_get_content(model);
    let mut hits = Vec::new();
    for sp in &model.configuration.service_principals {
        for c in &sp.credentials {
            if let Some(why) = problem(c, &read_by_get_content) {
                hits.push(Hit::new(
                    format!("the credential for `{}`: {why}", sp.app_id),
                    Some(c.location.clone()),
                    Some(paste::upload_credential(
                        ctx.cmdlets,
                        &sp.app_id,
                        &ctx.cert_path,
                    )),
                ));
            }
        }
    }
    hits
}
