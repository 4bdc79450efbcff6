//! Secrets written into the evidence: plain-text passwords, client secrets, bearer tokens and
//! private keys in transcripts and scripts. Loaders find them and blank their characters before
//! anything else reads the text, so the model records where each one was, never what it was.

use serde::Serialize;

use super::Location;

/// What kind of secret a span held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    /// `ConvertTo-SecureString "…" -AsPlainText`: a password typed into the command.
    SecureStringPlaintext,
    /// `-Password "…"` (or another parameter ending in `Password`) given a literal.
    PasswordParameter,
    /// A password printed by a transcript (`$cred.GetNetworkCredential().Password`, a
    /// `Password : …` list field).
    PrintedPassword,
    /// `$password = "…"`, `$clientSecret = "…"`: a literal assigned to a secret-named variable.
    SecretVariable,
    /// `-ClientSecret "…"`, `client_secret=…`, `SecretText : …` (an application password).
    ClientSecret,
    /// `Authorization: Bearer …`, `-AccessToken …`, or any JWT-shaped string.
    BearerToken,
    /// The body of a `-----BEGIN … PRIVATE KEY-----` block inside text evidence.
    PrivateKey,
}

impl SecretKind {
    /// A short description for messages (never the secret itself).
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::SecureStringPlaintext => {
                "a password given to `ConvertTo-SecureString -AsPlainText`"
            }
            SecretKind::PasswordParameter => "a password passed as a literal parameter value",
            SecretKind::PrintedPassword => "a decrypted password the session printed",
            SecretKind::SecretVariable => "a secret assigned as a literal to a variable",
            SecretKind::ClientSecret => "an application client secret",
            SecretKind::BearerToken => "a bearer (access) token",
            SecretKind::PrivateKey => "private key material",
        }
    }
}

/// Where a secret was written: `location` covers exactly its characters (now blanked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Secret {
    pub kind: SecretKind,
    pub location: Location,
    /// Index of the file in `Model::files`.
    pub file: usize,
}
