//! `exchange/auth-certificate-not-on-server`: the evidence lists the certificates of several
//! Exchange servers (`Get-ExchangeCertificate -Server …`, printed) and the auth certificate that
//! `Get-AuthConfig` names is missing from one of them. Every Exchange server signs with it, so it
//! must be present on all of them. Only servers whose certificates the evidence lists are judged.

use std::collections::BTreeMap;

use crate::model::{Location, Model, Record};
use crate::rules::Hit;
use crate::rules::applies::Applies;
use crate::rules::builtin::cert_common::normalise_thumbprint;
use crate::rules::template::Context;

/// The server a printed `Get-ExchangeCertificate` object belongs to: the command's known
/// `-Server`, else the part of its `Identity` before `\` (`EX02\7A1C…`).
fn server_of(record: &Record, model: &Model) -> Option<String> {
    let cmd = record.command.and_then(|c| model.commands.get(c))?;
    if !cmd.is("Get-ExchangeCertificate") {
        return None;
    }
    let from_command = cmd.resolved("Server").map(str::to_string);
    let from_identity = || {
        record
            .text("Identity")
            .and_then(|i| i.split_once('\\').map(|(s, _)| s.trim().to_string()))
    };
    from_command
        .or_else(from_identity)
        .filter(|s| !s.is_empty())
}

/// Applies when the evidence holds what this check judges (see `rules::applies`).
pub(crate) fn applies(model: &Model, _: &toml::Table, _: &Context) -> Applies {
    Applies::when(!model.configuration.exchange.auth_configs.is_empty(), || {
        "the evidence shows no Exchange auth configuration (Set-AuthConfig, Get-AuthConfig)".to_string()
    })
}


pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    // The current auth certificate, when the evidence names exactly one.
    let mut current: Vec<String> = model
        .configuration
        .exchange
        .auth_configs
        .iter()
        .filter_map(|c| c.current_certificate_thumbprint.as_ref())
        .filter(|f| f.is_known() && !f.value.trim().is_empty())
        .map(|f| normalise_thumbprint(&f.value))
        .collect();
    current.sort();
    current.dedup();
    let [auth] = current.as_slice() else {
        return Vec::new();
    };
    // Each listed server (by its name in lower case, as Windows compares them): its name as
    // written, its thumbprints, and where its list was printed.
    let mut servers: BTreeMap<String, (String, Vec<String>, Location)> = BTreeMap::new();
    for record in &model.records {
        let (Some(server), Some(thumbprint)) = (server_of(record, model), record.text("Thumbprint"))
        else {
            continue;
        };
        servers
            .entry(server.to_ascii_lowercase())
            .or_insert_with(|| (server, Vec::new(), record.location.clone()))
            .1
            .push(normalise_thumbprint(&thumbprint));
    }
    if servers.len() < 2 {
        return Vec::new();
    }
    servers
        .values()
        .filter(|(_, thumbprints, _)| !thumbprints.contains(auth))
        .map(|(server, _, at)| {
            Hit::new(
                format!(
                    "the Exchange auth certificate `{auth}` (Get-AuthConfig's current one) is not among the certificates listed for server `{server}`; every Exchange server needs it"
                ),
                Some(at.clone()),
                Some(format!(
                    "# Exchange Management Shell: export the auth certificate with its private key from a server that has it, import it on {server}\n$password = Read-Host -AsSecureString \"PFX password\"\nExport-ExchangeCertificate -Thumbprint \"{auth}\" -BinaryEncoded -Password $password -FileName \"C:\\AuthCert.pfx\"\nImport-ExchangeCertificate -Server \"{server}\" -FileData ([System.IO.File]::ReadAllBytes(\"C:\\AuthCert.pfx\")) -Password $password -PrivateKeyExportable $true"
                )),
            )
        })
        .collect()
}
