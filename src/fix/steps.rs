//! The PowerShell for each step of the procedure, guarded: each block reads the current state
//! and changes it only when it is wrong.

use crate::model::CmdletGeneration;
use crate::ps_quote::{comment_text, literal};

pub(super) fn is_on_premises(id: &str) -> bool {
    matches!(
        id,
        "oauth-server" | "partner-application" | "oauth-service-name"
    )
}

pub(super) fn is_tenant(id: &str) -> bool {
    matches!(
        id,
        "connect-tenant" | "lync-credential" | "exchange-credential" | "exchange-principal-enabled"
    ) || id.starts_with("spn:")
        || id == "spn"
}

pub(super) fn on_premises(id: &str) -> String {
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
pub(super) fn certificate(cmdlets: CmdletGeneration) -> String {
    let value = match cmdlets {
        CmdletGeneration::MsOnline | CmdletGeneration::AzureAd => {
            "$credentialValue = [System.Convert]::ToBase64String($certificate.GetRawCertData())\n"
        }
        CmdletGeneration::Graph => "",
    };
    format!(
        r#"
# The certificate (DER or Base64 .cer both load here).
$certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $CertificatePath
{value}"#
    )
}

pub(super) fn connect(cmdlets: CmdletGeneration) -> String {
    match cmdlets {
        CmdletGeneration::Graph => r#"
# Step: connect to the tenant.
Connect-MgGraph -TenantId $TenantId -Scopes 'Application.ReadWrite.All'
$lyncSP = Get-MgServicePrincipal -Filter "appId eq '$LyncAppId'" -Property Id,KeyCredentials,ServicePrincipalNames
$exchangeSP = Get-MgServicePrincipal -Filter "appId eq '$ExchangeAppId'" -Property Id,KeyCredentials,AccountEnabled
"#
        .to_string(),
        CmdletGeneration::AzureAd => r#"
# Step: connect to the tenant.
Connect-AzureAD -TenantId $TenantId
$lyncSP = Get-AzureADServicePrincipal -Filter "AppId eq '$LyncAppId'"
$exchangeSP = Get-AzureADServicePrincipal -Filter "AppId eq '$ExchangeAppId'"
"#
        .to_string(),
        CmdletGeneration::MsOnline => r#"
# Step: connect to the tenant.
Connect-MsolService
"#
        .to_string(),
    }
}

pub(super) fn tenant(id: &str, cmdlets: CmdletGeneration) -> String {
    match (id, cmdlets) {
        ("connect-tenant", _) => String::new(),
        ("lync-credential", c) => credential("Lync", "$LyncAppId", "$lyncSP", c),
        ("exchange-credential", c) => credential("Exchange", "$ExchangeAppId", "$exchangeSP", c),
        ("exchange-principal-enabled", CmdletGeneration::Graph) => r#"
# Step: enable the Exchange principal.
if (-not $exchangeSP.AccountEnabled) {
    Update-MgServicePrincipal -ServicePrincipalId $exchangeSP.Id -AccountEnabled:$true
}
"#
        .to_string(),
        ("exchange-principal-enabled", CmdletGeneration::AzureAd) => r#"
# Step: enable the Exchange principal.
if (-not $exchangeSP.AccountEnabled) {
    Set-AzureADServicePrincipal -ObjectId $exchangeSP.ObjectId -AccountEnabled $true
}
"#
        .to_string(),
        ("exchange-principal-enabled", CmdletGeneration::MsOnline) => r#"
# Step: enable the Exchange principal.
if (-not (Get-MsolServicePrincipal -AppPrincipalId $ExchangeAppId).AccountEnabled) {
    Set-MsolServicePrincipal -AppPrincipalId $ExchangeAppId -AccountEnabled $true
}
"#
        .to_string(),
        (spn, c) => add_spn(spn.strip_prefix("spn:"), c),
    }
}

/// The SPN step for `fqdn` (a placeholder when the evidence names none). The SPN is a
/// single-quoted literal: the FQDN comes from the evidence.
fn add_spn(fqdn: Option<&str>, cmdlets: CmdletGeneration) -> String {
    let fqdn = fqdn.unwrap_or("<external web services FQDN>");
    let about = comment_text(fqdn);
    let spn = literal(&format!("{}/{fqdn}", crate::wellknown::LYNC_APP_ID));
    match cmdlets {
        CmdletGeneration::Graph => format!(
            r#"
# Step: the SPN for {about}, added to the existing list (never replacing it).
$spn = {spn}
if ($lyncSP.ServicePrincipalNames -notcontains $spn) {{
    Update-MgServicePrincipal -ServicePrincipalId $lyncSP.Id -ServicePrincipalNames (@($lyncSP.ServicePrincipalNames) + {spn})
    $lyncSP = Get-MgServicePrincipal -Filter "appId eq '$LyncAppId'" -Property Id,KeyCredentials,ServicePrincipalNames
}}
"#
        ),
        CmdletGeneration::AzureAd => format!(
            r#"
# Step: the SPN for {about}, added to the existing list (never replacing it).
$spn = {spn}
if ($lyncSP.ServicePrincipalNames -notcontains $spn) {{
    Set-AzureADServicePrincipal -ObjectId $lyncSP.ObjectId -ServicePrincipalNames (@($lyncSP.ServicePrincipalNames) + {spn})
    $lyncSP = Get-AzureADServicePrincipal -Filter "AppId eq '$LyncAppId'"
}}
"#
        ),
        CmdletGeneration::MsOnline => format!(
            r#"
# Step: the SPN for {about}, added to the existing list and saved.
$spn = {spn}
$lyncSP = Get-MsolServicePrincipal -AppPrincipalId $LyncAppId
if ($lyncSP.ServicePrincipalNames -notcontains $spn) {{
    $lyncSP.ServicePrincipalNames.Add($spn)
    Set-MsolServicePrincipal -AppPrincipalId $LyncAppId -ServicePrincipalNames $lyncSP.ServicePrincipalNames
}}
"#
        ),
    }
}

fn credential(who: &str, app: &str, sp: &str, cmdlets: CmdletGeneration) -> String {
    match cmdlets {
        CmdletGeneration::Graph => format!(
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
        CmdletGeneration::AzureAd => format!(
            r#"
# Step: the certificate as a credential of the {who} principal, unless it is there already.
$thumbprint = [System.Convert]::ToBase64String($certificate.GetCertHash())
$present = @(Get-AzureADServicePrincipalKeyCredential -ObjectId {sp}.ObjectId | Where-Object {{ $_.CustomKeyIdentifier -and ([System.Convert]::ToBase64String($_.CustomKeyIdentifier) -eq $thumbprint) }})
if ($present.Count -eq 0) {{
    New-AzureADServicePrincipalKeyCredential -ObjectId {sp}.ObjectId -Type AsymmetricX509Cert -Usage Verify -Value $credentialValue -StartDate $certificate.NotBefore.ToUniversalTime() -EndDate $certificate.NotAfter.ToUniversalTime()
}}
"#
        ),
        CmdletGeneration::MsOnline => format!(
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
