//! Host names given as facts (`--web-fqdn`, `web-fqdns` in hybridlint.toml): a DNS name only,
//! so a pasted URL (`https://lyncweb.contoso.com/`) or an empty string is an error that says what
//! to write instead, not a probe of a name that cannot exist.

/// Checks that `value` is a host name (letters, digits and hyphens in dot-separated labels of at
/// most 63 characters, 253 in all; one trailing dot allowed) and returns it without the trailing
/// dot. The error says what is wrong and what to write.
pub fn parse_host_name(value: &str) -> Result<String, String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err("a host name is needed, e.g. lyncweb.contoso.com (got an empty string)".into());
    }
    if let Some((scheme, rest)) = trimmed.split_once("://") {
        let host = rest.split(['/', ':', '?', '#']).next().unwrap_or_default();
        return Err(format!(
            "`{value}` is a URL: give the host name only, without `{scheme}://` or a path (e.g. {host})"
        ));
    }
    if let Some((host, _)) = trimmed.split_once('/') {
        return Err(format!(
            "`{value}` has a path: give the host name only (e.g. {host})"
        ));
    }
    if let Some((host, _)) = trimmed.split_once(':') {
        return Err(format!(
            "`{value}` has a port: give the host name only (e.g. {host})"
        ));
    }
    let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if name.len() > 253 || !name.split('.').all(label_ok) {
        return Err(format!(
            "`{value}` is not a host name: letters, digits and hyphens in labels separated by dots, e.g. lyncweb.contoso.com"
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_host_name;

    #[test]
    fn host_names_pass_and_lose_a_trailing_dot() {
        assert_eq!(
            parse_host_name("lyncweb.contoso.com"),
            Ok("lyncweb.contoso.com".into())
        );
        assert_eq!(
            parse_host_name("pool-1.contoso.com."),
            Ok("pool-1.contoso.com".into())
        );
        assert_eq!(parse_host_name("localhost"), Ok("localhost".into()));
    }

    #[test]
    fn urls_paths_ports_and_empty_strings_are_refused_with_the_host_to_write() {
        let e = parse_host_name("https://lyncweb.contoso.com/metadata/json/1").unwrap_err();
        assert!(
            e.contains("URL") && e.contains("(e.g. lyncweb.contoso.com)"),
            "{e}"
        );
        let e = parse_host_name("lyncweb.contoso.com/x").unwrap_err();
        assert!(e.contains("path"), "{e}");
        let e = parse_host_name("lyncweb.contoso.com:443").unwrap_err();
        assert!(e.contains("port"), "{e}");
        assert!(parse_host_name("").unwrap_err().contains("empty"));
        assert!(parse_host_name("  ").unwrap_err().contains("empty"));
        assert!(parse_host_name("lync web.contoso.com").is_err());
        assert!(parse_host_name("a..b").is_err());
        assert!(parse_host_name("-a.b").is_err());
    }
}
