//! `secret/plaintext-credential`: a secret written into a transcript, script or recording. The
//! loaders found and blanked it (`evidence::secrets`); this check only says where it was and what
//! kind, never what it was (the model does not have it).

use crate::model::{EvidenceKind, Model, SecretKind};
use crate::rules::Hit;
use crate::rules::template::Context;

/// What to do about one kind of secret, paste-ready where a command helps.
fn fix(kind: SecretKind) -> &'static str {
    match kind {
        SecretKind::SecureStringPlaintext
        | SecretKind::PasswordParameter
        | SecretKind::SecretVariable => {
            "# remove the literal, change the password (it has been exposed), and read it at run time:\n$cred = Get-Credential\n# or: $password = Read-Host -AsSecureString\n# or from a vault: $password = Get-Secret -Name <name>   # Microsoft.PowerShell.SecretManagement"
        }
        SecretKind::PrintedPassword => {
            "# redact the printed password from the transcript and change it; never print\n# $cred.GetNetworkCredential().Password in a transcribed session"
        }
        SecretKind::ClientSecret => {
            "# remove the secret from the file, then replace it in the tenant:\nRemove-MgServicePrincipalPassword -ServicePrincipalId <id> -KeyId <key id>\n# prefer a certificate: Connect-MgGraph -ClientId <app id> -TenantId <tenant> -CertificateThumbprint <thumbprint>"
        }
        SecretKind::BearerToken => {
            "# remove the token from the file; it is valid until it expires. If it may have been used,\nRevoke-MgUserSignInSession -UserId <user>\n# sign in at run time instead: Connect-MgGraph -Scopes <scopes>"
        }
        SecretKind::PrivateKey => {
            "# remove the key from the file (and from version control history), then replace the\n# certificate it belongs to and upload the new public certificate"
        }
    }
}

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    model
        .secrets
        .iter()
        .enumerate()
        // A private key's body is blanked line by line; it is one finding, at its first line.
        .filter(|(i, s)| {
            !(s.kind == SecretKind::PrivateKey
                && i.checked_sub(1)
                    .and_then(|p| model.secrets.get(p))
                    .is_some_and(|p| {
                        p.kind == SecretKind::PrivateKey
                            && p.file == s.file
                            && p.location.line + 1 == s.location.line
                    }))
        })
        .map(|(_, s)| {
            let what = match model.files.get(s.file).map(|f| f.kind) {
                Some(EvidenceKind::Transcript) => "transcript",
                Some(EvidenceKind::Script) => "script",
                Some(EvidenceKind::Recording) => "probe recording",
                _ => "file",
            };
            Hit::new(
                format!(
                    "{} is written in clear text in this {what} (shown as `****`); anyone who reads the file has it",
                    capitalise(s.kind.describe())
                ),
                Some(s.location.clone()),
                Some(fix(s.kind).to_string()),
            )
        })
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
