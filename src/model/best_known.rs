//! The best-known facts of the whole evidence, resolved one way for everyone who names them: rule
//! fix templates (`{ctx.tenant_id}`), the `fix` script's values, the probe plan and `diagnose`'s
//! commands. Stated facts (`--tenant-id`, hybridlint.toml) come first, then what the evidence
//! shows; a value only run time knows (a variable never set, a path built from one) is never
//! offered as the value.

use super::{Model, Outcome};

impl Model {
    /// The tenant id: the one stated, else the first GUID the evidence gives (lower case), else
    /// the first tenant name it gives (`contoso.onmicrosoft.com`, which the tenant cmdlets and
    /// metadata URLs accept too).
    pub fn best_tenant_id(&self) -> Option<String> {
        if let Some(t) = &self.expected.tenant_id {
            return Some(t.clone());
        }
        let known = || {
            self.configuration
                .tenant_ids
                .iter()
                .filter(|f| f.is_known() && f.outcome != Outcome::Failed)
        };
        known()
            .find(|f| crate::guid::is_guid(&f.value))
            .map(|f| f.value.to_ascii_lowercase())
            .or_else(|| known().next().map(|f| f.value.clone()))
    }

    /// The path of the certificate file the evidence's commands export, read or import (quotes
    /// trimmed; a value only run time knows left out).
    pub fn best_certificate_path(&self) -> Option<String> {
        let cfg = &self.configuration;
        cfg.certificate_exports
            .iter()
            .chain(&cfg.certificate_text_reads)
            .chain(&cfg.certificate_imports)
            .filter(|f| f.is_known())
            .map(|f| f.value.trim_matches(|c| c == '"' || c == '\'').to_string())
            .next()
    }

    /// The certificate file to upload from: the path the evidence's commands use, else the
    /// first certificate file given as evidence (the one hybridlint judged).
    /// A path whose text still names a variable (`$dir\x.cer` from a printed command line) is
    /// no file name to write into a script.
    pub fn best_certificate_file(&self) -> Option<String> {
        let cfg = &self.configuration;
        let stated = cfg
            .certificate_exports
            .iter()
            .chain(&cfg.certificate_text_reads)
            .chain(&cfg.certificate_imports)
            .filter(|f| f.is_known())
            .map(|f| f.value.trim_matches(|c| c == '"' || c == '\'').to_string())
            .find(|p| !names_a_variable(p));
        stated.or_else(|| {
            self.certificates
                .iter()
                .find(|c| !c.is_ca)
                .map(|c| c.location.path.to_string())
        })
    }

    /// The SIP domain, as stated (the evidence's own SIP domain is not yet a fact).
    pub fn best_sip_domain(&self) -> Option<String> {
        self.expected
            .sip_domain
            .as_ref()
            .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
    }

    /// The host of Exchange Server's autodiscover service: from the pool's partner applications'
    /// metadata URLs under `/autodiscover/`, else from `-ExchangeAutodiscoverUrl` (a wrong path on
    /// the right host still names the host).
    pub fn best_exchange_autodiscover_host(&self) -> Option<String> {
        let cfg = &self.configuration;
        let host = |url: &str| {
            let rest = url.trim().trim_matches(['"', '\'']).split_once("://")?.1;
            let host = rest.split(['/', ':', '?']).next()?.to_ascii_lowercase();
            (!host.is_empty() && rest.to_ascii_lowercase().contains("/autodiscover/"))
                .then_some(host)
        };
        cfg.partner_applications
            .iter()
            .filter(|a| a.outcome != Outcome::Failed)
            .filter_map(|a| a.metadata_url.as_ref())
            .chain(
                cfg.oauth_settings
                    .iter()
                    .filter(|s| s.name == "ExchangeAutodiscoverUrl")
                    .map(|s| &s.value),
            )
            .filter(|f| f.is_known())
            .find_map(|f| host(&f.value))
    }

    /// A best-known fact by the name procedure files give it (`[[value]] fact = "tenant-id"`),
    /// or `None` when the evidence does not give it; `Err` names the known facts.
    pub fn best_known(&self, fact: &str) -> Result<Option<String>, String> {
        Ok(match fact {
            "tenant-id" => self.best_tenant_id(),
            "certificate-path" => self.best_certificate_file(),
            "sip-domain" => self.best_sip_domain(),
            "web-fqdn" => self.web_fqdns().into_iter().next(),
            "exchange-autodiscover-host" => self.best_exchange_autodiscover_host(),
            "exchange-auth-thumbprint" => self
                .configuration
                .exchange
                .auth_certificate_thumbprints()
                .into_iter()
                .find(|f| f.is_known())
                .map(|f| f.value.clone()),
            _ => {
                return Err(format!(
                    "no fact `{fact}`; known: {}",
                    KNOWN_FACTS.join(", ")
                ));
            }
        })
    }
}

/// The facts [`Model::best_known`] resolves, for validating procedure files.
pub const KNOWN_FACTS: &[&str] = &[
    "tenant-id",
    "certificate-path",
    "sip-domain",
    "web-fqdn",
    "exchange-auth-thumbprint",
    "exchange-autodiscover-host",
];

/// Whether a path as the evidence gives it still holds a variable (`$dir\x.cer`, `$(…)`): the
/// evidence did not say its value. A `$` that starts no name (an admin share, `\\srv\c$\…`) is
/// part of the path.
fn names_a_variable(path: &str) -> bool {
    path.match_indices('$').any(|(at, _)| {
        path[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '{' | '(' | ':'))
    })
}

#[cfg(test)]
mod tests {
    use super::names_a_variable;

    #[test]
    fn a_dollar_that_starts_no_name_is_part_of_the_path() {
        assert!(names_a_variable("$dir\\LyncOAuth.cer"));
        assert!(names_a_variable("C:\\OAuth\\$(Get-Date).cer"));
        assert!(names_a_variable("${env:TEMP}\\x.cer"));
        assert!(!names_a_variable("\\\\srv\\c$\\OAuth\\LyncOAuth.cer"));
        assert!(!names_a_variable("C:\\OAuth\\LyncOAuth.cer"));
    }
}
