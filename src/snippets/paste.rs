//! Paste-ready fix commands, written in the cmdlet generation the user asked for (`--cmdlets`,
//! Microsoft Graph by default: MSOnline and AzureAD are retired), with the user's own values
//! filled in. Every value goes in as a single-quoted literal (`ps_quote::literal`); where a
//! string must expand a value (an OData filter), the value is put in a variable first.

use crate::model::CmdletGeneration;
use crate::ps_quote::literal;
use crate::wellknown::{EXCHANGE_APP_ID, LYNC_APP_ID};

/// Uploads the OAuth certificate as a key credential of `app_id`, dates taken from the certificate
/// (so the credential lives exactly as long as the certificate).
pub fn upload_credential(generation: CmdletGeneration, app_id: &str, cert_path: &str) -> String {
    let app = literal(app_id);
    let path = literal(cert_path);
    match generation {
        CmdletGeneration::MsOnline => format!(
            "Connect-MsolService\n\
             $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate\n\
             $certificate.Import({path})\n\
             $credentialsValue = [System.Convert]::ToBase64String($certificate.GetRawCertData())\n\
             New-MsolServicePrincipalCredential -AppPrincipalId {app} -Type Asymmetric -Usage Verify -Value $credentialsValue -StartDate $certificate.GetEffectiveDateString() -EndDate $certificate.GetExpirationDateString()"
        ),
        CmdletGeneration::AzureAd => format!(
            "Connect-AzureAD\n\
             $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new({path})\n\
             $appId = {app}\n\
             $sp = Get-AzureADServicePrincipal -Filter \"AppId eq '$appId'\"\n\
             New-AzureADServicePrincipalKeyCredential -ObjectId $sp.ObjectId -Type AsymmetricX509Cert -Usage Verify -Value ([System.Convert]::ToBase64String($cert.GetRawCertData())) -StartDate $cert.NotBefore -EndDate $cert.NotAfter"
        ),
        CmdletGeneration::Graph => format!(
            "Connect-MgGraph -Scopes Application.ReadWrite.All\n\
             $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new({path})\n\
             $appId = {app}\n\
             $sp = Get-MgServicePrincipal -Filter \"AppId eq '$appId'\" -Property Id,KeyCredentials\n\
             # Keep the existing, unexpired credentials: -KeyCredentials replaces the whole list.\n\
             $keys = @($sp.KeyCredentials | Where-Object {{ $_.EndDateTime -gt (Get-Date) }})\n\
             $keys += @{{ Type = 'AsymmetricX509Cert'; Usage = 'Verify'; Key = $cert.GetRawCertData(); StartDateTime = $cert.NotBefore.ToUniversalTime(); EndDateTime = $cert.NotAfter.ToUniversalTime() }}\n\
             Update-MgServicePrincipal -ServicePrincipalId $sp.Id -KeyCredentials $keys"
        ),
    }
}

/// Uploads the public part of the certificate object in `var` (`$new`, a variable hybridlint's
/// own fix wrote, never evidence) as a key credential of each of `app_ids`, dates taken from the
/// certificate so the credential never outlives it (`Credential.EndDate` errors otherwise), the
/// same way as [`upload_credential`] (a Graph upload keeps the unexpired keys already there).
pub fn upload_certificate_object(
    generation: CmdletGeneration,
    var: &str,
    app_ids: &[&str],
) -> String {
    let apps = app_ids
        .iter()
        .map(|a| literal(a))
        .collect::<Vec<_>>()
        .join(",");
    match generation {
        CmdletGeneration::MsOnline => format!(
            "$value = [System.Convert]::ToBase64String({var}.GetRawCertData())\n\
             foreach ($appId in {apps}) {{ New-MsolServicePrincipalCredential -AppPrincipalId $appId -Type Asymmetric -Usage Verify -Value $value -StartDate {var}.NotBefore.ToUniversalTime() -EndDate {var}.NotAfter.ToUniversalTime() }}"
        ),
        CmdletGeneration::AzureAd => format!(
            "$value = [System.Convert]::ToBase64String({var}.GetRawCertData())\n\
             foreach ($appId in {apps}) {{ $sp = Get-AzureADServicePrincipal -Filter \"AppId eq '$appId'\"; New-AzureADServicePrincipalKeyCredential -ObjectId $sp.ObjectId -Type AsymmetricX509Cert -Usage Verify -Value $value -StartDate {var}.NotBefore.ToUniversalTime() -EndDate {var}.NotAfter.ToUniversalTime() }}"
        ),
        CmdletGeneration::Graph => format!(
            "foreach ($appId in {apps}) {{\n\
             \x20   $sp = Get-MgServicePrincipal -Filter \"appId eq '$appId'\" -Property Id,KeyCredentials\n\
             \x20   # Keep the existing, unexpired credentials: -KeyCredentials replaces the whole list.\n\
             \x20   $keys = @($sp.KeyCredentials | Where-Object {{ $_.EndDateTime -gt (Get-Date) }})\n\
             \x20   $keys += @{{ Type = 'AsymmetricX509Cert'; Usage = 'Verify'; Key = {var}.GetRawCertData(); StartDateTime = {var}.NotBefore.ToUniversalTime(); EndDateTime = {var}.NotAfter.ToUniversalTime() }}\n\
             \x20   Update-MgServicePrincipal -ServicePrincipalId $sp.Id -KeyCredentials $keys\n\
             }}"
        ),
    }
}

/// Adds `spn` to the Lync principal without dropping the names it already has.
pub fn add_spn(generation: CmdletGeneration, spn: &str) -> String {
    add_spn_to(generation, LYNC_APP_ID, spn)
}

/// Adds `spn` to the SPN list of the principal `app_id` (the Lync one unless a rule judges
/// another: an Exchange hybrid list on `00000002-…` is fixed on that principal).
pub fn add_spn_to(generation: CmdletGeneration, app_id: &str, spn: &str) -> String {
    let spn = literal(spn);
    let (var, id) = if app_id.eq_ignore_ascii_case(LYNC_APP_ID) {
        ("lyncSP", LYNC_APP_ID.to_string())
    } else if app_id.eq_ignore_ascii_case(EXCHANGE_APP_ID) {
        ("exchangeSP", EXCHANGE_APP_ID.to_string())
    } else {
        ("sp", app_id.to_ascii_lowercase())
    };
    // The id inside a PowerShell string: a literal without its quotes, and no quote can be in it.
    let id = literal(&id);
    let bare = id.trim_matches('\'');
    match generation {
        CmdletGeneration::MsOnline => format!(
            "${var} = Get-MsolServicePrincipal -AppPrincipalId {id}\n\
             ${var}.ServicePrincipalNames.Add({spn})\n\
             Set-MsolServicePrincipal -AppPrincipalId {id} -ServicePrincipalNames ${var}.ServicePrincipalNames"
        ),
        CmdletGeneration::AzureAd => format!(
            "${var} = Get-AzureADServicePrincipal -Filter \"AppId eq '{bare}'\"\n\
             Set-AzureADServicePrincipal -ObjectId ${var}.ObjectId -ServicePrincipalNames (@(${var}.ServicePrincipalNames) + {spn})"
        ),
        CmdletGeneration::Graph => format!(
            "${var} = Get-MgServicePrincipal -Filter \"AppId eq '{bare}'\" -Property Id,ServicePrincipalNames\n\
             Update-MgServicePrincipal -ServicePrincipalId ${var}.Id -ServicePrincipalNames (@(${var}.ServicePrincipalNames) + {spn})"
        ),
    }
}

/// Makes the tenant's principal get `name`, which the evidence added to a local copy of its SPN
/// list (`$variable`) and never saved. In MSOnline, whose objects the evidence's variable holds,
/// the local list is written back as is; otherwise the name is added afresh.
pub fn save_spns(generation: CmdletGeneration, app_id: &str, variable: &str, name: &str) -> String {
    let plain_variable = !variable.is_empty()
        && variable
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    match generation {
        CmdletGeneration::MsOnline if plain_variable => format!(
            "Set-MsolServicePrincipal -AppPrincipalId {} -ServicePrincipalNames ${variable}.ServicePrincipalNames",
            literal(app_id)
        ),
        _ => add_spn_to(generation, app_id, name),
    }
}

/// Enables the Exchange principal.
pub fn enable_exchange(generation: CmdletGeneration) -> String {
    match generation {
        CmdletGeneration::MsOnline => format!(
            "Set-MsolServicePrincipal -AppPrincipalId '{EXCHANGE_APP_ID}' -AccountEnabled $true"
        ),
        CmdletGeneration::AzureAd => format!(
            "$exo = Get-AzureADServicePrincipal -Filter \"AppId eq '{EXCHANGE_APP_ID}'\"\nSet-AzureADServicePrincipal -ObjectId $exo.ObjectId -AccountEnabled $true"
        ),
        CmdletGeneration::Graph => format!(
            "$exo = Get-MgServicePrincipal -Filter \"AppId eq '{EXCHANGE_APP_ID}'\"\nUpdate-MgServicePrincipal -ServicePrincipalId $exo.Id -AccountEnabled:$true"
        ),
    }
}

/// Connects to the tenant.
pub fn connect(generation: CmdletGeneration) -> &'static str {
    match generation {
        CmdletGeneration::MsOnline => "Import-Module MSOnline\nConnect-MsolService",
        CmdletGeneration::AzureAd => "Import-Module AzureAD\nConnect-AzureAD",
        CmdletGeneration::Graph => "Connect-MgGraph -Scopes Application.ReadWrite.All",
    }
}

/// Prints a principal's state whole, so the next run of hybridlint can see it.
pub fn show_principal(generation: CmdletGeneration, app_id: &str) -> String {
    let app = literal(app_id);
    match generation {
        CmdletGeneration::MsOnline => format!(
            "$FormatEnumerationLimit = -1\nGet-MsolServicePrincipal -AppPrincipalId {app} | Format-List AppPrincipalId, AccountEnabled, ServicePrincipalNames"
        ),
        CmdletGeneration::AzureAd => format!(
            "$FormatEnumerationLimit = -1\n$appId = {app}\nGet-AzureADServicePrincipal -Filter \"AppId eq '$appId'\" | Format-List AppId, AccountEnabled, ServicePrincipalNames"
        ),
        CmdletGeneration::Graph => format!(
            "$FormatEnumerationLimit = -1\n$appId = {app}\nGet-MgServicePrincipal -Filter \"AppId eq '$appId'\" -Property AppId,AccountEnabled,ServicePrincipalNames | Format-List AppId, AccountEnabled, ServicePrincipalNames"
        ),
    }
}

/// Prints a principal's key credentials with their values, so the next run of hybridlint can
/// compare them with the certificate.
pub fn show_credentials(generation: CmdletGeneration, app_id: &str) -> String {
    let app = literal(app_id);
    match generation {
        CmdletGeneration::MsOnline => format!(
            "$FormatEnumerationLimit = -1\nGet-MsolServicePrincipalCredential -AppPrincipalId {app} -ReturnKeyValues $true | Format-List"
        ),
        CmdletGeneration::AzureAd => format!(
            "$FormatEnumerationLimit = -1\n$appId = {app}\n$sp = Get-AzureADServicePrincipal -Filter \"AppId eq '$appId'\"\nGet-AzureADServicePrincipalKeyCredential -ObjectId $sp.ObjectId | Format-List"
        ),
        CmdletGeneration::Graph => format!(
            "$FormatEnumerationLimit = -1\n$appId = {app}\n(Get-MgServicePrincipal -Filter \"AppId eq '$appId'\" -Property KeyCredentials).KeyCredentials | Format-List *"
        ),
    }
}
