//! Generates the benchmark corpus (not committed): certificates, transcripts and scripts of
//! realistic size, deterministic for a given seed.
//!
//!     cargo run --release --example gen_corpus -- [--out DIR] [--certs N] [--transcripts M]
//!         [--fail-every K] [--size-mb N]
//!
//! Defaults: `target/bench-corpus`, 2,000 certificates, 40 transcripts and 40 scripts.
//!
//! * `certs/`: leaves like the OAuthTokenIssuer certificate, RSA (2048 and 3072 bits, keys made by
//!   `openssl genpkey` once, as ring cannot make RSA keys) and ECDSA (P-256, P-384), signed by an
//!   RSA or an ECDSA issuing CA, as DER `.cer` or PEM `.crt`/`.pem` (LF or CRLF). About one in
//!   twenty is broken: DER cut short, PEM whose Base64 is damaged, or text named `.cer`. Dates
//!   are explicit (rcgen's defaults run to 4096).
//! * `transcripts/`: Windows PowerShell transcripts of hybrid OAuth sessions (header, prompts,
//!   Format-List and table output, error records, footer) of 1,000 to 6,000 lines, one of exactly
//!   100,000 lines (`big-100000-lines.txt`), and every fourth in UTF-16LE with a BOM.
//! * `scripts/`: configuration scripts of 200 to 1,200 lines (param block, functions, loops,
//!   hashtables, splatting), every fourth in UTF-16LE with a BOM.
//!
//! The benchmark script (`benches/run.sh`) calls this; `pkilint` and `openssl` read the same files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    PKCS_ECDSA_P256_SHA256, PKCS_ECDSA_P384_SHA384, PKCS_RSA_SHA256, SerialNumber,
};
use time::{Duration, OffsetDateTime, macros::datetime};

/// A small deterministic generator (xorshift64*), so the corpus is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn guid(&mut self) -> String {
        let h = format!("{:016x}{:016x}", self.next(), self.next());
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }
    fn hex(&mut self, n: usize) -> String {
        let mut s = String::new();
        while s.len() < n {
            let _ = write!(s, "{:016X}", self.next());
        }
        s.truncate(n);
        s
    }
}

struct Args {
    out: PathBuf,
    certs: usize,
    transcripts: usize,
    /// Every K-th command of a transcript fails (0: only the usual mix): a session that fails often.
    fail_every: usize,
    /// Write transcripts of 10,000 lines until they hold this many MB (0: `transcripts` files).
    size_mb: usize,
}

fn args() -> Args {
    let mut a = Args {
        out: PathBuf::from("target/bench-corpus"),
        certs: 2000,
        transcripts: 40,
        fail_every: 0,
        size_mb: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--out" => a.out = PathBuf::from(value),
            "--certs" => a.certs = value.parse().expect("--certs N"),
            "--transcripts" => a.transcripts = value.parse().expect("--transcripts M"),
            "--fail-every" => a.fail_every = value.parse().expect("--fail-every K"),
            "--size-mb" => a.size_mb = value.parse().expect("--size-mb N"),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

fn main() {
    let a = args();
    for sub in ["certs", "transcripts", "scripts"] {
        let dir = a.out.join(sub);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("clear the old corpus");
        }
        std::fs::create_dir_all(&dir).expect("create the corpus folder");
    }
    let mut rng = Rng(0x5EED_1234_ABCD_0042);
    certificates(&a.out.join("certs"), a.certs, &mut rng);
    let shape = Shape {
        fail_every: a.fail_every,
        commands: 0,
    };
    if a.size_mb > 0 {
        sized_transcripts(&a.out.join("transcripts"), a.size_mb, shape, &mut rng);
    } else {
        transcripts(&a.out.join("transcripts"), a.transcripts, shape, &mut rng);
    }
    scripts(&a.out.join("scripts"), a.transcripts, &mut rng);
    println!("corpus written to {}", a.out.display());
}

// ---------------------------------------------------------------------------------------------
// Certificates

fn rsa_key(bits: u32) -> KeyPair {
    let out = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "RSA", "-pkeyopt"])
        .arg(format!("rsa_keygen_bits:{bits}"))
        .output()
        .expect("run openssl genpkey (the corpus needs openssl for RSA keys)");
    assert!(out.status.success(), "openssl genpkey failed");
    let pem = String::from_utf8(out.stdout).expect("PEM is text");
    KeyPair::from_pkcs8_pem_and_sign_algo(&pem, &PKCS_RSA_SHA256).expect("load RSA key")
}

fn ca(name: &str, key: KeyPair) -> Issuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn.push(DnType::OrganizationName, "Contoso");
    dn.push(DnType::CountryName, "US");
    params.distinguished_name = dn;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.not_before = datetime!(2015-01-01 0:00 UTC);
    params.not_after = datetime!(2040-01-01 0:00 UTC);
    Issuer::new(params, key)
}

fn certificates(dir: &Path, n: usize, rng: &mut Rng) {
    let rsa_ca = ca("Contoso Issuing CA 01", rsa_key(2048));
    let ec_ca = ca(
        "Contoso Issuing CA 02 (ECC)",
        KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384).expect("P-384 key"),
    );
    let rsa_keys = [rsa_key(2048), rsa_key(2048), rsa_key(3072), rsa_key(2048)];
    let mut ec_keys = Vec::new();
    for i in 0..16 {
        let alg = if i % 4 == 3 {
            &PKCS_ECDSA_P384_SHA384
        } else {
            &PKCS_ECDSA_P256_SHA256
        };
        ec_keys.push(KeyPair::generate_for(alg).expect("ECDSA key"));
    }
    let hosts = ["lyncpool", "sfbpool", "lyncweb", "edge", "fe", "director"];
    let domains = ["contoso.com", "fabrikam.net", "adatum.org", "litware.com"];
    let base = datetime!(2016-01-01 0:00 UTC);
    for i in 0..n {
        let host = format!("{}{:02}", rng.pick(&hosts), rng.below(60));
        let domain = *rng.pick(&domains);
        let fqdn = format!("{host}.{domain}");
        let mut params = CertificateParams::new(vec![
            fqdn.clone(),
            format!("lyncdiscover.{domain}"),
            domain.to_string(),
        ])
        .expect("params");
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, fqdn.as_str());
        dn.push(DnType::OrganizationName, "Contoso");
        dn.push(DnType::OrganizationalUnitName, "Unified Communications");
        dn.push(DnType::CountryName, "US");
        params.distinguished_name = dn;
        params.serial_number = Some(SerialNumber::from_slice(&rng.next().to_be_bytes()));
        let start: OffsetDateTime = base + Duration::days(rng.below(3650) as i64);
        params.not_before = start;
        params.not_after = start + Duration::days(365 + rng.below(730) as i64);
        let rsa = i % 2 == 0;
        let cert = if rsa {
            let key = &rsa_keys[i / 2 % rsa_keys.len()];
            params.signed_by(key, &rsa_ca)
        } else {
            let key = &ec_keys[i / 2 % ec_keys.len()];
            let issuer = if i % 3 == 0 { &rsa_ca } else { &ec_ca };
            params.signed_by(key, issuer)
        }
        .expect("sign");
        let kind = if rsa { "rsa" } else { "ec" };
        let broken = i % 20 == 7;
        let (name, bytes) = match (i / 2 % 3, broken) {
            (0, false) => (format!("{i:05}-{kind}.cer"), cert.der().to_vec()),
            (1, false) => (format!("{i:05}-{kind}.crt"), cert.pem().into_bytes()),
            (_, false) => (
                format!("{i:05}-{kind}.pem"),
                cert.pem().replace('\n', "\r\n").into_bytes(),
            ),
            (0, true) => {
                let der = cert.der();
                (
                    format!("{i:05}-{kind}-cut.cer"),
                    der[..der.len() / 2].to_vec(),
                )
            }
            (1, true) => {
                let damaged = cert.pem().replacen("MII", "M!I", 1).replace("A", "*");
                (format!("{i:05}-{kind}-damaged.crt"), damaged.into_bytes())
            }
            (_, true) => (
                format!("{i:05}-{kind}-not-a-cert.cer"),
                b"Thumbprint : 7B844DAB38D6A109C7B0D9A47BCA2BEF62E9B84E\r\n".to_vec(),
            ),
        };
        std::fs::write(dir.join(name), bytes).expect("write certificate");
    }
}

// ---------------------------------------------------------------------------------------------
// Transcripts

fn header(text: &mut String, stamp: &str, machine: &str) {
    let _ = write!(
        text,
        "**********************\nWindows PowerShell transcript start\nStart time: {stamp}\nUsername: CONTOSO\\lyncadmin\nRunAs User: CONTOSO\\lyncadmin\nConfiguration Name: \nMachine: {machine} (Microsoft Windows NT 10.0.17763.0)\nHost Application: C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\PowerShell.exe -noexit -command Import-Module SkypeForBusiness\nProcess ID: 4312\nPSVersion: 5.1.17763.1852\nPSEdition: Desktop\nPSCompatibleVersions: 1.0, 2.0, 3.0, 4.0, 5.0, 5.1.17763.1852\nBuildVersion: 10.0.17763.1852\nCLRVersion: 4.0.30319.42000\nWSManStackVersion: 3.0\nPSRemotingProtocolVersion: 2.3\nSerializationVersion: 1.1.0.1\n**********************\nTranscript started, output file is C:\\Users\\lyncadmin\\Documents\\PowerShell_transcript.{machine}.{stamp}.txt\n"
    );
}

const PROMPT: &str = "PS C:\\Users\\lyncadmin> ";

/// How often commands fail, and how many were written so far.
#[derive(Clone, Copy)]
struct Shape {
    fail_every: usize,
    commands: usize,
}

/// A command that fails against a principal the tenant does not have: one
/// `transcript/command-failed` finding each.
fn failing_block(text: &mut String, rng: &mut Rng) {
    let p = PROMPT;
    let id = format!("{}-0000-0ff1-ce00-{}", rng.hex(8), rng.hex(12)).to_ascii_lowercase();
    let _ = write!(
        text,
        "{p}Set-MsolServicePrincipal -AppPrincipalId {id} -AccountEnabled $true\nSet-MsolServicePrincipal : Service principal was not found.\nAt line:1 char:1\n+ Set-MsolServicePrincipal -AppPrincipalId {id} ...\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : OperationStopped: (:) [Set-MsolServicePrincipal], MicrosoftOnlineException\n    + FullyQualifiedErrorId : Microsoft.Online.Administration.Automation.ServicePrincipalNotFoundException,Microsoft.Online.Administration.Automation.SetServicePrincipal\n\n"
    );
}

/// One command and its output, like the ones an administrator runs while setting up or checking
/// the hybrid OAuth configuration; every `fail_every`-th one fails.
fn block(text: &mut String, rng: &mut Rng, shape: &mut Shape) {
    let p = PROMPT;
    shape.commands += 1;
    if shape.fail_every > 0 && shape.commands.is_multiple_of(shape.fail_every) {
        failing_block(text, rng);
        return;
    }
    match rng.below(10) {
        0 => {
            let user = format!("user{:04}@contoso.com", rng.below(10_000));
            let _ = write!(
                text,
                "{p}Get-CsUser -Identity sip:{user} | Format-List\n\n\nIdentity                            : CN={user},OU=Users,DC=contoso,DC=com\nVoicePolicy                         :\nVoiceRoutingPolicy                  :\nConferencingPolicy                  :\nPresencePolicy                      :\nDialPlan                            :\nLocationPolicy                      :\nClientPolicy                        :\nClientVersionPolicy                 :\nArchivingPolicy                     :\nExchangeArchivingPolicy             : Uninitialized\nLegalInterceptPolicy                :\nPinPolicy                           :\nExternalAccessPolicy                :\nHostedVoiceMail                     :\nHostedVoicemailPolicy               :\nHostingProvider                     : SRV:\nRegistrarPool                       : lyncpool01.contoso.com\nEnabled                             : True\nSipAddress                          : sip:{user}\nLineURI                             :\nEnterpriseVoiceEnabled              : False\nDisplayName                         : User {}\n\n\n\n",
                rng.below(10_000)
            );
        }
        1 => {
            let _ = write!(
                text,
                "{p}Get-ChildItem C:\\OAuth\n\n\n    Directory: C:\\OAuth\n\n\nMode                LastWriteTime         Length Name\n----                -------------         ------ ----\n"
            );
            for k in 0..(5 + rng.below(20)) {
                let _ = writeln!(
                    text,
                    "-a----         6/{}/2025   9:{:02} AM          {:5} export-{k:03}.cer",
                    1 + rng.below(28),
                    rng.below(60),
                    900 + rng.below(1200)
                );
            }
            text.push_str("\n\n");
        }
        2 => {
            let thumb = rng.hex(40);
            let _ = write!(
                text,
                "{p}Get-CsCertificate -Type OAuthTokenIssuer | Format-List Issuer, Subject, NotBefore, NotAfter, Thumbprint, Use\n\n\nIssuer     : CN=Contoso Issuing CA 01, O=Contoso\nSubject    : CN=lyncpool{:02}.contoso.com, O=Contoso\nNotBefore  : 3/1/2025 12:00:00 AM\nNotAfter   : 2/28/2027 11:59:59 PM\nThumbprint : {thumb}\nUse        : OAuthTokenIssuer\n\n\n\n",
                rng.below(60)
            );
        }
        3 => {
            let _ = write!(
                text,
                "{p}Get-MsolServicePrincipal -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 | Format-List\n\n\nExtensionData         : System.Runtime.Serialization.ExtensionDataObject\nAccountEnabled        : True\nAddresses             : {{}}\nAppPrincipalId        : 00000004-0000-0ff1-ce00-000000000000\nDisplayName           : Skype for Business Online\nObjectId              : {}\nServicePrincipalNames : {{00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com, 00000004-0000-0ff1-ce00-000000000000/*.contoso.com, 00000004-0000-0ff1-ce00-000000000000}}\nTrustedForDelegation  : False\n\n\n\n",
                rng.guid()
            );
        }
        4 => {
            let _ = write!(
                text,
                "{p}New-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-00000000000 -Type asymmetric -Usage Verify -Value $credentialsValue\nNew-MsolServicePrincipalCredential : Cannot bind parameter 'AppPrincipalId'. Cannot convert value\n\"00000004-0000-0ff1-ce00-00000000000\" to type \"System.Guid\". Error: \"Guid should contain 32 digits with 4 dashes\n(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).\"\nAt line:1 char:52\n+ New-MsolServicePrincipalCredential -AppPrincipalId 00000004-0000-0ff1-ce00-00 ...\n+                                                    ~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    + CategoryInfo          : InvalidArgument: (:) [New-MsolServicePrincipalCredential], ParameterBindingException\n    + FullyQualifiedErrorId : CannotConvertArgumentNoMessage,Microsoft.Online.Administration.Automation.NewServicePrin\n   cipalCredential\n\n"
            );
        }
        5 => {
            let _ = writeln!(text, "{p}$lyncSP.ServicePrincipalNames");
            for _ in 0..(5 + rng.below(40)) {
                let _ = writeln!(
                    text,
                    "00000004-0000-0ff1-ce00-000000000000/lyncweb{:02}.contoso.com",
                    rng.below(99)
                );
            }
        }
        6 => {
            let _ = writeln!(
                text,
                "{p}Get-Content C:\\Logs\\oauth-$(Get-Date -Format yyyyMMdd).log | Select-Object -Last 40"
            );
            for _ in 0..(10 + rng.below(60)) {
                let _ = writeln!(
                    text,
                    "2025-06-01 10:{:02}:{:02}.{:03} [INFO ] OAuth token request for https://outlook.office365.com/ completed in {} ms (correlation {})",
                    rng.below(60),
                    rng.below(60),
                    rng.below(1000),
                    rng.below(900),
                    rng.guid()
                );
            }
        }
        7 => {
            let _ = write!(
                text,
                "{p}Test-CsExStorageConnectivity -SipUri sip:user{:04}@contoso.com -Verbose\nVERBOSE: Successfully opened a connection to storage service at localhost using binding: NetNamedPipe.\nVERBOSE: Create message.\nVERBOSE: Execute Exchange Storage Command.\nVERBOSE: Processing web storage response for ExCreateItem Success., result=ErrorSuccess, activityId={}, reason=.\nVERBOSE: Activity tracing:\n2025/06/01 10:15:02.361 Lookup user details, sipUri=sip:user@contoso.com, smtpAddress=user@contoso.com, sid=S-1-5-21-1, upn=user@contoso.com, tenantId=00000000-0000-0000-0000-000000000000\n2025/06/01 10:15:02.377 Autodiscover, send GetUserSettings request, SMTP=user@contoso.com, Autodiscover Uri=https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc, Web Proxy=<NULL>\nVERBOSE: Is command successful: True\n",
                rng.below(10_000),
                rng.guid()
            );
        }
        8 => {
            let _ = write!(
                text,
                "{p}Get-CsOAuthConfiguration\n\n\nIdentity                               : Global\nPartnerApplications                    : {{microsoft.exchange}}\nOAuthServers                           : {{microsoft.sts}}\nRealm                                  : contoso.com\nExchangeAutodiscoverUrl                : https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc\nClientAuthorizationOAuthServerIdentity :\nExchangeAutodiscoverAllowedDomains     : *.outlook.com\nClientAdalAuthOverride                 : Disallowed\nServiceName                            : 00000004-0000-0ff1-ce00-000000000000\n\n\n\n"
            );
        }
        _ => {
            let cmd = *rng.pick(&[
                "Set-CsOAuthConfiguration -ServiceName 00000004-0000-0ff1-ce00-000000000000",
                "New-CsOAuthServer microsoft.sts -MetadataUrl \"https://accounts.accesscontrol.windows.net/8f4c2a1e-3b7d-4c9a-9e2f-5d6b7a8c9d0e/metadata/json/1\"",
                "New-CsPartnerApplication -Identity microsoft.exchange -ApplicationIdentifier 00000002-0000-0ff1-ce00-000000000000 -ApplicationTrustLevel Full -UseOAuthServer",
                "$certificate.Import(\"C:\\OAuth\\LyncOAuth.cer\")",
                "$binaryValue = $certificate.GetRawCertData()",
                "$credentialsValue = [System.Convert]::ToBase64String($binaryValue)",
                "Set-MsolServicePrincipal -AppPrincipalId 00000002-0000-0ff1-ce00-000000000000 -AccountEnabled $true",
                "$lyncSP = Get-MsolServicePrincipal -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000",
                "$lyncSP.ServicePrincipalNames.Add(\"00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com\")",
                "Set-MsolServicePrincipal -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000 -ServicePrincipalNames $lyncSP.ServicePrincipalNames",
            ]);
            let _ = writeln!(text, "{p}{cmd}");
        }
    }
}

fn transcript(lines: usize, rng: &mut Rng, machine: &str, shape: &mut Shape) -> String {
    let mut text = String::new();
    header(&mut text, "20250601101500", machine);
    let mut count = text.lines().count();
    while count + 4 < lines {
        let before = text.len();
        block(&mut text, rng, shape);
        count += text[before..].lines().count();
    }
    text.push_str("**********************\nWindows PowerShell transcript end\nEnd time: 20250601121502\n**********************\n");
    // Exactly `lines` lines: cut or pad the output before the footer.
    let mut all: Vec<&str> = text.lines().collect();
    let footer = all.split_off(all.len() - 4);
    all.truncate(lines - 4);
    while all.len() < lines - 4 {
        all.push("");
    }
    all.extend(footer);
    all.join("\r\n") + "\r\n"
}

fn utf16le(text: &str) -> Vec<u8> {
    [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

fn write_text(path: &Path, text: &str, utf16: bool) {
    let bytes = if utf16 {
        utf16le(text)
    } else {
        [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()
    };
    std::fs::write(path, bytes).expect("write text");
}

fn transcripts(dir: &Path, m: usize, mut shape: Shape, rng: &mut Rng) {
    let big = transcript(100_000, rng, "LYNCFE01", &mut shape);
    write_text(&dir.join("big-100000-lines.txt"), &big, false);
    for i in 0..m {
        let lines = 1000 + rng.below(5000) as usize;
        let text = transcript(lines, rng, &format!("LYNCFE{:02}", i % 8), &mut shape);
        let name = format!("PowerShell_transcript.LYNCFE{:02}.{:05}.txt", i % 8, i);
        write_text(&dir.join(name), &text, i % 4 == 3);
    }
}

/// Transcripts of 10,000 lines until they hold `mb` megabytes (a consultant's folder, a CI
/// repository of recorded sessions).
fn sized_transcripts(dir: &Path, mb: usize, mut shape: Shape, rng: &mut Rng) {
    let mut written = 0;
    let mut i = 0;
    while written < mb * 1_000_000 {
        let text = transcript(10_000, rng, &format!("LYNCFE{:02}", i % 8), &mut shape);
        let name = format!("PowerShell_transcript.LYNCFE{:02}.{:05}.txt", i % 8, i);
        written += text.len();
        write_text(&dir.join(name), &text, false);
        i += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Scripts

fn script(pools: usize, rng: &mut Rng) -> String {
    let mut s = String::from(
        "#Requires -Modules SkypeForBusiness, Microsoft.Graph.Applications\n<#\n.SYNOPSIS\n  Configures server-to-server OAuth between the on-premises pools and Exchange Online.\n#>\n[CmdletBinding(SupportsShouldProcess)]\nparam(\n    [Parameter(Mandatory)] [string] $TenantId,\n    [string] $CertificatePath = \"C:\\OAuth\\LyncOAuth.cer\",\n    [string[]] $Pools = @()\n)\n\nSet-StrictMode -Version Latest\n$ErrorActionPreference = 'Stop'\n$LyncAppId = \"00000004-0000-0ff1-ce00-000000000000\"\n$ExchangeAppId = \"00000002-0000-0ff1-ce00-000000000000\"\n\nfunction Write-Step {\n    param([string] $Message)\n    Write-Host (\"[{0:HH:mm:ss}] {1}\" -f (Get-Date), $Message) -ForegroundColor Cyan\n}\n\nfunction Get-CertificateValue {\n    param([string] $Path)\n    $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2\n    $certificate.Import($Path)\n    return [System.Convert]::ToBase64String($certificate.GetRawCertData())\n}\n\nWrite-Step \"Configuring the on-premises OAuth server and partner application\"\nNew-CsOAuthServer microsoft.sts -MetadataUrl \"https://accounts.accesscontrol.windows.net/$TenantId/metadata/json/1\"\nNew-CsPartnerApplication -Identity microsoft.exchange -ApplicationIdentifier $ExchangeAppId -ApplicationTrustLevel Full -UseOAuthServer\nSet-CsOAuthConfiguration -ServiceName $LyncAppId\n\nConnect-MgGraph -Scopes Application.ReadWrite.All -NoWelcome\n$value = Get-CertificateValue -Path $CertificatePath\n$cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($CertificatePath)\n",
    );
    for p in 0..pools {
        let pool = format!("lyncpool{:02}.contoso.com", rng.below(99));
        let web = format!("lyncweb{:02}.contoso.com", rng.below(99));
        let _ = write!(
            s,
            "\n# ---- pool {p}: {pool} ----\n$pool{p} = @{{\n    Fqdn      = \"{pool}\"\n    WebFqdn   = \"{web}\"\n    Site      = \"Site{}\"\n    Enabled   = $true\n}}\nif ($Pools.Count -eq 0 -or $Pools -contains $pool{p}.Fqdn) {{\n    Write-Step \"Pool $($pool{p}.Fqdn)\"\n    try {{\n        $sp = Get-MgServicePrincipal -Filter \"AppId eq '$LyncAppId'\" -Property Id,ServicePrincipalNames,KeyCredentials\n        $names = @($sp.ServicePrincipalNames)\n        $spn = \"$LyncAppId/$($pool{p}.WebFqdn)\"\n        if ($names -notcontains $spn) {{\n            $names += $spn\n            Update-MgServicePrincipal -ServicePrincipalId $sp.Id -ServicePrincipalNames $names\n        }}\n        $keys = @($sp.KeyCredentials | Where-Object {{ $_.EndDateTime -gt (Get-Date) }})\n        $keys += @{{ Type = \"AsymmetricX509Cert\"; Usage = \"Verify\"; Key = $cert.GetRawCertData(); StartDateTime = $cert.NotBefore.ToUniversalTime(); EndDateTime = $cert.NotAfter.ToUniversalTime() }}\n        $params = @{{\n            ServicePrincipalId = $sp.Id\n            KeyCredentials     = $keys\n        }}\n        Update-MgServicePrincipal @params\n        foreach ($name in $names) {{\n            Write-Verbose \"SPN: $name\"\n        }}\n    }}\n    catch {{\n        Write-Warning \"Pool $($pool{p}.Fqdn): $($_.Exception.Message)\"\n        throw\n    }}\n}}\n",
            rng.below(9)
        );
    }
    s.push_str("\nWrite-Step \"Done\"\n");
    s.replace('\n', "\r\n")
}

fn scripts(dir: &Path, m: usize, rng: &mut Rng) {
    for i in 0..m {
        let pools = 5 + rng.below(35) as usize;
        let text = script(pools, rng);
        write_text(
            &dir.join(format!("Configure-HybridOAuth-{i:03}.ps1")),
            &text,
            i % 4 == 3,
        );
    }
}
