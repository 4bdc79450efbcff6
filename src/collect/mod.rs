//! `hybridlint collect`: the read-only collector script (`Collect-HybridEvidence.ps1`) that
//! gathers every piece of evidence hybridlint reads into one bundle folder and `.zip`. The
//! script's text is a template kept beside this file; the values written into it (the version,
//! the application ids, the Graph scopes) go in as single-quoted literals only.

mod quote;

use crate::wellknown::{EXCHANGE_APP_ID, LYNC_APP_ID};

const TEMPLATE: &str = include_str!("Collect-HybridEvidence.ps1");

/// The Microsoft Graph permissions the collector asks for: read-only.
pub const GRAPH_SCOPES: &[&str] = &["Application.Read.All", "Organization.Read.All"];

/// The collector script, with Windows line endings (it is saved and run on Windows).
pub fn script() -> String {
    let list = |values: &[&str]| {
        values
            .iter()
            .map(|v| quote::single_quoted(v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = TEMPLATE
        .replace(
            "{{VERSION_LITERAL}}",
            &quote::single_quoted(env!("CARGO_PKG_VERSION")),
        )
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
        .replace("{{APP_IDS}}", &list(&[LYNC_APP_ID, EXCHANGE_APP_ID]))
        .replace("{{GRAPH_SCOPES}}", &list(GRAPH_SCOPES));
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        let s = script();
        assert!(!s.contains("{{"), "a placeholder is left");
        assert!(s.contains("$applicationIds = @('00000004-0000-0ff1-ce00-000000000000', '00000002-0000-0ff1-ce00-000000000000')"));
        assert!(s.contains("$graphScopes = @('Application.Read.All', 'Organization.Read.All')"));
        assert!(!s.replace("\r\n", "").contains('\n'), "CRLF throughout");
    }
}
