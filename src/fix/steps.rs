//! The PowerShell for each step of the procedure, guarded: each block reads the current state
//! and changes it only when it is wrong.

use crate::cli::Cmdlets;

pub fn is_on_premises(id: &str) -> bool {
    matches!(
        id,
        "oauth-server" | "partner-application" | "oauth-service-name"
    )
}

pub fn is_tenant(id: &str) -> bool {
    matches!(
        id,
        "connect-tenant" | "lync-credential" | "exchange-credential" | "exchange-principal-enabled"
    ) || id.starts_with("spn:")
        || id == "spn"
}

pub fn on_premises(id: &str) -> String {
    match id {
        "oauth-server" => r#"
# Step: the OAuth server microsoft.sts, pointing at the tenant's ACS metadata.
$metadataUrl = "https://accounts.accesscontrol.windows.net/$TenantId/metadata/json/1"
$server = Get-CsOAuthServer -Identity microsoft.sts -ErrorAction SilentlyContinue
if ($null -eq $server) {
    New-CsOAuthServer -Identity microsoft.sts -MetadataUrl $metadataUrl
} elseif ($server.MetadataUrl -ne $metadataUrl) {
    Set-CsOAuthServer -Identity microsoft.sts -MetadataUrl $metadataUrl
}
"#
        .to_string(),
        "partner-application" => r#"
# Step: the partner application microsoft.exchange, trusted through the OAuth server.
$partner = Get-CsPartnerApplication -Identity microsoft.exchange -ErrorAction SilentlyContinue
if ($null -eq $partner) {
    New-CsPartnerApplication -Identity microsoft.exchange -ApplicationIdentifier $ExchangeAppId -ApplicationTrustLevel Full -UseOAuthServer
} elseif ($partner.ApplicationIdentifier -ne $ExchangeAppId) {
    Remove-CsPartnerApplication -Identity microsoft.exchange
    New-CsPartnerApplication -Identity microsoft.exchange -ApplicationIdentifier $ExchangeAppId -ApplicationTrustLevel Full -UseOAuthServer
}
"#
        .to_string(),
        "oauth-service-name" => r#"
# Step: the pool's OAuth service name is the Lync application id.
if ((Get-CsOAuthConfiguration).ServiceName -ne $LyncAppId) {
    Set-CsOAuthConfiguration -ServiceName $LyncAppId
}
"#
        .to_string(),
        _ => String::new(),
    }
}

/// Reads the certificate file once; the credential value is computed, never written down.
pub fn certificate(cmdlets: Cmdlets) -> String {
    let value = match cmdlets {
        Cmdlets::Msonline => {
            "$credentialValue = [System.Convert]::ToBase64String($certificate.GetRawCertData())\n"
        }
        Cmdlets::Graph => "",
    };
    format!(
        r#"
# The certificate (DER or Base64 .cer both load here).
$certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $CertificatePath
{value}"#
    )
}

pub fn connect(cmdlets: Cmdlets) -> String {
    match cmdlets {
        Cmdlets::Graph => r#"
# Step: connect to the tenant.
Connect-MgGraph -TenantId $TenantId -Scopes 'Application.ReadWrite.All'
$lyncSP = Get-MgServicePrincipal -Filter "appId eq '$LyncAppId'" -Property Id,KeyCredentials,ServicePrincipalNames
$exchangeSP = Get-MgServicePrincipal -Filter "appId eq '$ExchangeAppId'" -Property Id,KeyCredentials,AccountEnabled
"#
        .to_string(),
        Cmdlets::Msonline => r#"
# Step: connect to the tenant.
Connect-MsolService
"#
        .to_string(),
    }
}

pub fn tenant(id: &str, cmdlets: Cmdlets) -> String {
    match (id, cmdlets) {
        ("connect-tenant", _) => String::new(),
        ("lync-credential", c) => credential("Lync", "$LyncAppId", "$lyncSP", c),
        ("exchange-credential", c) => credential("Exchange", "$ExchangeAppId", "$exchangeSP", c),
        ("exchange-principal-enabled", Cmdlets::Graph) => r#"
# Step: enable the Exchange principal.
if (-not $exchangeSP.AccountEnabled) {
    Update-MgServicePrincipal -ServicePrincipalId $exchangeSP.Id -AccountEnabled:$true
}
"#
        .to_string(),
        ("exchange-principal-enabled", Cmdlets::Msonline) => r#"
# Step: enable the Exchange principal.
if (-not (Get-MsolServicePrincipal -AppPrincipalId $ExchangeAppId).AccountEnabled) {
    Set-MsolServicePrincipal -AppPrincipalId $ExchangeAppId -AccountEnabled $true
}
"#
        .to_string(),
        (spn, c) => {
            let fqdn = spn
                .strip_prefix("spn:")
                .unwrap_or("<external web services FQDN>");
            let lync = crate::wellknown::LYNC_APP_ID;
            match c {
                Cmdlets::Graph => format!(
                    r#"
# Step: the SPN for {fqdn}, added to the existing list (never replacing it).
$spn = "$LyncAppId/{fqdn}"
if ($lyncSP.ServicePrincipalNames -notcontains $spn) {{
    Update-MgServicePrincipal -ServicePrincipalId $lyncSP.Id -ServicePrincipalNames (@($lyncSP.ServicePrincipalNames) + "{lync}/{fqdn}")
    $lyncSP = Get-MgServicePrincipal -Filter "appId eq '$LyncAppId'" -Property Id,KeyCredentials,ServicePrincipalNames
}}
"#
                ),
                Cmdlets::Msonline => format!(
                    r#"
# Step: the SPN for {fqdn}, added to the existing list and saved.
$spn = "$LyncAppId/{fqdn}"
$lyncSP = Get-MsolServicePrincipal -AppPrincipalId $LyncAppId
if ($lyncSP.ServicePrincipalNames -notcontains $spn) {{
    $lyncSP.ServicePrincipalNames.Add($spn)
    Set-MsolServicePrincipal -AppPrincipalId $LyncAppId -ServicePrincipalNames $lyncSP.ServicePrincipalNames
}}
"#
                ),
            }
        }
    }
}

fn credential(who: &str, app: &str, sp: &str, cmdlets: Cmdlets) -> String {
    match cmdlets {
        Cmdlets::Graph => format!(
            r#"
# Step: the certificate as a credential of the {who} principal, unless it is there already.
$thumbprint = $certificate.GetCertHash()
$present = @({sp}.KeyCredentials | Where-Object {{ $_.CustomKeyIdentifier -and ([System.Convert]::ToBase64String($_.CustomKeyIdentifier) -eq [System.Convert]::ToBase64String($thumbprint)) }})
if ($present.Count -eq 0) {{
    # -KeyCredentials replaces the list: keep the unexpired credentials already there.
    $keys = @({sp}.KeyCredentials | Where-Object {{ $_.EndDateTime -gt (Get-Date) }})
    $keys += @{{ Type = 'AsymmetricX509Cert'; Usage = 'Verify'; Key = $certificate.GetRawCertData(); StartDateTime = $certificate.NotBefore.ToUniversalTime(); EndDateTime = $certificate.NotAfter.ToUniversalTime() }}
    Update-MgServicePrincipal -ServicePrincipalId {sp}.Id -KeyCredentials $keys
}}
"#
        ),
        Cmdlets::Msonline => format!(
            r#"
# Step: the certificate as a credential of the {who} principal, unless it is there already.
$existing = @(Get-MsolServicePrincipalCredential -AppPrincipalId {app} -ReturnKeyValues $true | Where-Object {{ $_.Value -eq $credentialValue }})
if ($existing.Count -eq 0) {{
    New-MsolServicePrincipalCredential -AppPrincipalId {app} -Type Asymmetric -Usage Verify -Value $credentialValue -StartDate $certificate.NotBefore.ToUniversalTime() -EndDate $certificate.NotAfter.ToUniversalTime()
}}
"#
        ),
    }
}
