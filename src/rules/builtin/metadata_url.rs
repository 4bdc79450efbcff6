//! The parts of a metadata URL the partner-application and OAuth-server checks judge (scheme,
//! host, path), and the hosts of Microsoft's token services, whose documents belong to an OAuth
//! server and never to an on-premises partner application.

/// A URL split the way the checks need it: lower-case scheme and host, path without a final `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlParts {
    pub scheme: String,
    pub host: String,
    pub path: String,
}

/// Splits `url` (`https://host[:port]/path[?query]`); `None` when it has no `scheme://host`.
pub(crate) fn split(url: &str) -> Option<UrlParts> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.split(':').next().unwrap_or_default();
    if host.is_empty() || scheme.is_empty() {
        return None;
    }
    let path = rest[end..].split(['?', '#']).next().unwrap_or_default();
    Some(UrlParts {
        scheme: scheme.to_ascii_lowercase(),
        host: host.trim_end_matches('.').to_ascii_lowercase(),
        path: path.trim_end_matches('/').to_ascii_lowercase(),
    })
}

/// Hosts of Microsoft's token services (ACS, Entra ID): their documents describe an OAuth server.
pub(crate) fn is_token_service(host: &str) -> bool {
    [
        crate::wellknown::ACS_HOST,
        "login.windows.net",
        "login.microsoftonline.com",
        "sts.windows.net",
    ]
    .iter()
    .any(|h| host.eq_ignore_ascii_case(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_scheme_host_and_path() {
        let p = split("HTTPS://Autodiscover.Contoso.com:443/autodiscover/metadata/json/1/?x=1")
            .expect("a URL");
        assert_eq!(p.scheme, "https");
        assert_eq!(p.host, "autodiscover.contoso.com");
        assert_eq!(p.path, "/autodiscover/metadata/json/1");
        assert_eq!(split("lyncweb.contoso.com/metadata/json/1"), None);
        assert!(is_token_service("Login.Windows.net"));
        assert!(!is_token_service("lyncweb.contoso.com"));
    }
}
