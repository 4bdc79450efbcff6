//! Helpers shared by the certificate checks: naming a certificate the way Windows and the
//! evidence name it, and building the PowerShell a fix pastes (find or make a replacement,
//! assign it, re-upload it in the cmdlet generation the evidence uses).

use time::OffsetDateTime;
use time::macros::format_description;

use crate::model::{Certificate, CmdletGeneration, Model};
use crate::ps_quote::literal;
use crate::snippets::paste;
use crate::wellknown;

/// The last component of a Windows or Unix path, without quotes.
pub(super) fn basename(path: &str) -> &str {
    let p = path.trim().trim_matches(|c| c == '"' || c == '\'');
    p.rsplit(['\\', '/']).next().unwrap_or(p)
}

/// Whether two paths name the same file name (Windows compares names case-insensitively).
pub(super) fn same_file_name(a: &str, b: &str) -> bool {
    basename(a).eq_ignore_ascii_case(basename(b))
}

/// The path the evidence uses for the file holding `cert` (say `C:\OAuth\LyncOAuth.cer` from a
/// transcript), or the file's own name when no command names it.
pub(super) fn evidence_path(model: &Model, file_path: &str) -> String {
    let cfg = &model.configuration;
    cfg.certificate_exports
        .iter()
        .chain(&cfg.certificate_imports)
        .chain(&cfg.certificate_text_reads)
        .find(|f| same_file_name(&f.value, file_path))
        .map(|f| f.value.trim_matches(|c| c == '"' || c == '\'').to_string())
        .unwrap_or_else(|| basename(file_path).to_string())
}

/// `C:\OAuth\LyncOAuth.cer` → `C:\OAuth\LyncOAuth-base64.cer`.
pub(super) fn base64_sibling(path: &str) -> String {
    let name = basename(path);
    let dir = &path[..path.len() - name.len()];
    match name.rfind('.') {
        Some(dot) if dot > 0 => format!("{dir}{}-base64.cer", &name[..dot]),
        _ => format!("{dir}{name}-base64.cer"),
    }
}

/// `2016-11-19 23:59:59 UTC`.
pub(super) fn date(t: OffsetDateTime) -> String {
    date_text(t, ' ', " UTC").unwrap_or_else(|| {
        t.format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
        ))
        .unwrap_or_else(|_| t.to_string())
    })
}

/// `2016-11-19T23:59:59`, a form PowerShell's `[datetime]` accepts in any culture.
pub(super) fn ps_date(t: OffsetDateTime) -> String {
    date_text(t, 'T', "").unwrap_or_else(|| {
        t.format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]"
        ))
        .unwrap_or_else(|_| t.to_string())
    })
}

/// `t` as `YYYY-MM-DD<between>hh:mm:ss<after>`, digit by digit: a folder of expired certificates
/// writes two dates per finding, and `time`'s formatter interprets its description each time (a
/// hundredth of such a run). `None` for a year outside 0–9999, which certificates cannot hold
/// and the callers then leave to `time`.
fn date_text(t: OffsetDateTime, between: char, after: &str) -> Option<String> {
    let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
    let mut out = String::with_capacity(19 + after.len());
    push_digits(&mut out, year, 4);
    out.push('-');
    push_digits(&mut out, u32::from(u8::from(t.month())), 2);
    out.push('-');
    push_digits(&mut out, u32::from(t.day()), 2);
    out.push(between);
    push_digits(&mut out, u32::from(t.hour()), 2);
    out.push(':');
    push_digits(&mut out, u32::from(t.minute()), 2);
    out.push(':');
    push_digits(&mut out, u32::from(t.second()), 2);
    out.push_str(after);
    Some(out)
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// How a message names a certificate: `certificate CN=lyncpool01.contoso.com (thumbprint 1A2B…)
/// in LyncOAuth.cer`, or `CA certificate …` when it is a CA's.
/// (Written piece by piece into one string of the right size: most certificate findings begin
/// with it, and two `format!`s cost as much as the rest of such a message.)
pub(super) fn describe(cert: &Certificate) -> String {
    let name = cert.common_name.as_deref();
    let file = basename(&cert.location.path);
    let mut out = String::with_capacity(
        40 + name.map_or(cert.subject.len(), str::len) + cert.thumbprint.len() + file.len(),
    );
    if cert.is_ca {
        out.push_str("CA ");
    }
    out.push_str("certificate ");
    match name {
        Some(cn) => {
            out.push_str("CN=");
            out.push_str(cn);
        }
        None => out.push_str(&cert.subject),
    }
    out.push_str(" (thumbprint ");
    out.push_str(&cert.thumbprint);
    out.push_str(") in `");
    out.push_str(file);
    out.push('`');
    out
}

/// The certificates rules judge as candidates for the OAuth signing certificate: every leaf, and
/// a CA certificate unless its file also holds a leaf (it is then the chain above that leaf,
/// judged by its own PKI). A CA certificate alone is judged: `openssl req -x509` makes CA
/// certificates, and lab OAuth certificates are made that way. Exchange Server's auth certificate
/// is not SfB's: its checks and fixes belong to the Exchange hybrid procedure (a fix here would
/// roll SfB's certificate), so it is left out.
pub(super) fn judged(model: &Model) -> impl Iterator<Item = &Certificate> {
    judged_for_lifetime(model).filter(|c| !is_exchange_auth_certificate(model, c))
}

/// The certificates whose validity and strength are judged: those of `judged`, and Exchange's
/// auth certificate too (an expired one stops Exchange hybrid OAuth as surely as an expired SfB
/// one stops SfB's); `replace_any` writes the fix for either.
pub(super) fn judged_for_lifetime(model: &Model) -> impl Iterator<Item = &Certificate> {
    // One flag per file, not a hashed set: six checks ask this of every certificate.
    let files = model.certificates.iter().map(|c| c.file + 1).max();
    let mut holds_leaf = vec![false; files.unwrap_or(0)];
    for c in model.certificates.iter().filter(|c| !c.is_ca) {
        if let Some(flag) = holds_leaf.get_mut(c.file) {
            *flag = true;
        }
    }
    model
        .certificates
        .iter()
        .filter(move |c| !c.is_ca || !holds_leaf.get(c.file).copied().unwrap_or(false))
}

/// The fix that replaces `cert`: for Exchange's auth certificate, a new one made and rolled in
/// with Set-AuthConfig (Exchange Management Shell), then published to Exchange Online by the
/// dedicated hybrid application's script (CSS-Exchange `ConfigureExchangeHybridApplication.ps1
/// -UpdateCertificate`) or the Hybrid Configuration Wizard; for SfB's certificate, `replace`.
pub(super) fn replace_any(
    model: &Model,
    generation: CmdletGeneration,
    cert: &Certificate,
    effective: Option<OffsetDateTime>,
) -> String {
    if !is_exchange_auth_certificate(model, cert) {
        return replace(generation, cert, effective);
    }
    let when = match effective {
        Some(t) => literal(&ps_date(t)),
        None => "(Get-Date)".to_string(),
    };
    format!(
        "# Exchange Management Shell: a new auth certificate, rolled in, then published\n$new = New-ExchangeCertificate -KeySize 2048 -PrivateKeyExportable $true -SubjectName 'cn=Microsoft Exchange Server Auth Certificate' -FriendlyName 'Microsoft Exchange Server Auth Certificate' -DomainName @()\nSet-AuthConfig -NewCertificateThumbprint $new.Thumbprint -NewCertificateEffectiveDate {when}\nSet-AuthConfig -PublishCertificate\nSet-AuthConfig -ClearPreviousCertificate\n# Then let Exchange Online trust it: with the dedicated hybrid application, .\\ConfigureExchangeHybridApplication.ps1 -UpdateCertificate; otherwise run the Hybrid Configuration Wizard again."
    )
}

/// PowerShell that makes `$new`, a replacement for `cert` with a 2048-bit RSA key and SHA-256,
/// keeping its subject and DNS names (each a single-quoted literal: they come from the
/// certificate, which anyone can make); appended to `out`, which is first given room for it and
/// `more` bytes after it: a folder of expired certificates writes one fix per certificate, and
/// a string grown piece by piece touched twice the memory its text needed.
fn write_new_certificate(out: &mut String, cert: &Certificate, more: usize) {
    const REQUEST: &str = "# Request one from your CA with Request-CsCertificate -New -Type OAuthTokenIssuer -KeySize 2048, or make one:\n$new = New-SelfSignedCertificate -Subject ";
    const OPTIONS: &str = " -KeyAlgorithm RSA -KeyLength 2048 -HashAlgorithm SHA256 -KeyExportPolicy Exportable -CertStoreLocation Cert:\\LocalMachine\\My -NotAfter (Get-Date).AddYears(2)";
    let cn = cert
        .common_name
        .as_deref()
        .or_else(|| cert.dns_names.first().map(String::as_str))
        .unwrap_or("<sip-domain>");
    let subject = literal(&format!("CN={cn}"));
    let dns: Vec<String> = if cert.dns_names.is_empty() {
        vec![literal(cn)]
    } else {
        cert.dns_names.iter().map(|d| literal(d)).collect()
    };
    let dns_len: usize = dns.iter().map(|d| d.len() + 1).sum();
    out.reserve(
        REQUEST.len() + subject.len() + " -DnsName ".len() + dns_len + OPTIONS.len() + more,
    );
    out.push_str(REQUEST);
    out.push_str(&subject);
    out.push_str(" -DnsName ");
    for (i, d) in dns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(d);
    }
    out.push_str(OPTIONS);
}

/// PowerShell that uploads the public part of the certificate in `var` to both principals
/// (`snippets::paste::upload_certificate_object`).
pub(super) fn upload(generation: CmdletGeneration, var: &str) -> String {
    paste::upload_certificate_object(
        generation,
        var,
        &[wellknown::LYNC_APP_ID, wellknown::EXCHANGE_APP_ID],
    )
}

/// `upload(generation, "$new")`, written once per generation and run: every replacement fix
/// pastes it, and a folder of expired certificates asks for it once per certificate.
fn upload_new(generation: CmdletGeneration) -> &'static str {
    static WRITTEN: [std::sync::OnceLock<String>; 3] = [const { std::sync::OnceLock::new() }; 3];
    let slot = match generation {
        CmdletGeneration::MsOnline => 0,
        CmdletGeneration::AzureAd => 1,
        CmdletGeneration::Graph => 2,
    };
    WRITTEN[slot].get_or_init(|| upload(generation, "$new"))
}

/// The full replacement: make a new certificate, assign it (rolled at `effective`, or at once),
/// and upload it to both principals.
pub(super) fn replace(
    generation: CmdletGeneration,
    cert: &Certificate,
    effective: Option<OffsetDateTime>,
) -> String {
    const ASSIGN: &str =
        "Set-CsCertificate -Identity global -Type OAuthTokenIssuer -Thumbprint $new.Thumbprint";
    let roll = effective.map(|t| format!(" -Roll -EffectiveDate {}", literal(&ps_date(t))));
    let roll = roll.as_deref().unwrap_or_default();
    let upload = upload_new(generation);
    // Written into one string sized for all of it (see `write_new_certificate`).
    let mut out = String::new();
    write_new_certificate(&mut out, cert, 2 + ASSIGN.len() + roll.len() + upload.len());
    out.push('\n');
    out.push_str(ASSIGN);
    out.push_str(roll);
    out.push('\n');
    out.push_str(upload);
    out
}

/// PowerShell that exports the public part of the OAuthTokenIssuer certificate to `path` as
/// Base64 (what the documented procedure asks for).
pub(super) fn export_public(model: &Model, path: &str) -> String {
    let thumbprint = model
        .configuration
        .oauth_certificate_thumbprints
        .first()
        .map(|f| normalise_thumbprint(&f.value))
        .filter(|t| !t.is_empty());
    let lookup = match thumbprint {
        Some(t) => format!("$t = {}", literal(&t)),
        None => {
            "$t = (Get-CsCertificate -Type OAuthTokenIssuer | Select-Object -First 1).Thumbprint"
                .to_string()
        }
    };
    format!(
        "{lookup}\nExport-Certificate -Cert \"Cert:\\LocalMachine\\My\\$t\" -FilePath {} -Type CERT\n{}",
        literal(path),
        encode_base64(path)
    )
}

/// `certutil -encode` of `path` into its `-base64.cer` sibling.
pub(super) fn encode_base64(path: &str) -> String {
    format!(
        "certutil -encode {} {}",
        literal(path),
        literal(&base64_sibling(path))
    )
}

/// The subject name Exchange Server gives the auth certificate it makes.
const EXCHANGE_AUTH_CERTIFICATE_NAME: &str = "Microsoft Exchange Server Auth Certificate";

/// Whether `cert` is Exchange Server's auth certificate: its thumbprint is one `Get-AuthConfig`
/// names, or it has the subject Exchange gives it. It signs Exchange's tokens, not SfB's, and
/// Exchange's own procedure exports it as DER; the SfB certificate rules leave it alone.
pub(super) fn is_exchange_auth_certificate(model: &Model, cert: &Certificate) -> bool {
    cert.common_name.as_deref() == Some(EXCHANGE_AUTH_CERTIFICATE_NAME)
        || model
            .configuration
            .exchange
            .auth_certificate_thumbprints()
            .iter()
            .any(|f| normalise_thumbprint(&f.value) == cert.thumbprint)
}

/// Thumbprints as Windows prints them may carry spaces or lower case; compare hex digits only.
pub(super) fn normalise_thumbprint(t: &str) -> String {
    t.chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(basename("C:\\OAuth\\LyncOAuth.cer"), "LyncOAuth.cer");
        assert_eq!(basename("\"fixtures/x/LyncOAuth.cer\""), "LyncOAuth.cer");
        assert!(same_file_name(
            "C:\\OAuth\\LYNCOAUTH.CER",
            "dir/LyncOAuth.cer"
        ));
        assert!(!same_file_name(
            "C:\\OAuth\\SFBoauth.cer",
            "C:\\OAuth\\SFBauth.cer"
        ));
        assert_eq!(
            base64_sibling("C:\\OAuth\\LyncOAuth.cer"),
            "C:\\OAuth\\LyncOAuth-base64.cer"
        );
        assert_eq!(base64_sibling("cert"), "cert-base64.cer");
        assert_eq!(normalise_thumbprint("ab 12 Cd"), "AB12CD");
    }

    /// The dates written digit by digit are those `time` writes from the same description,
    /// across the years certificates hold (UTCTime's 1950–2049 and GeneralizedTime's to 9999)
    /// and every field at its widths.
    #[test]
    fn dates_written_by_hand_are_times() {
        let mut t = time::macros::datetime!(0001-01-01 0:00:00 UTC);
        let step = time::Duration::seconds(86_400 * 397 + 3_600 * 7 + 60 * 13 + 29);
        let mut compared = 0;
        while t.year() < 9999 {
            let by_time = t
                .format(format_description!(
                    "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
                ))
                .expect("formats");
            assert_eq!(date(t), by_time);
            let by_time = t
                .format(format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second]"
                ))
                .expect("formats");
            assert_eq!(ps_date(t), by_time);
            t += step;
            compared += 1;
        }
        assert!(compared > 9000, "{compared}");
        assert_eq!(
            date(time::macros::datetime!(2016-11-09 03:05:09 UTC)),
            "2016-11-09 03:05:09 UTC"
        );
    }

    #[test]
    fn the_upload_written_once_is_the_one_written_each_time() {
        for generation in [
            CmdletGeneration::MsOnline,
            CmdletGeneration::AzureAd,
            CmdletGeneration::Graph,
        ] {
            assert_eq!(upload_new(generation), upload(generation, "$new"));
            assert_eq!(upload_new(generation), upload(generation, "$new"));
        }
        assert_ne!(
            upload_new(CmdletGeneration::Graph),
            upload_new(CmdletGeneration::AzureAd)
        );
    }
}
