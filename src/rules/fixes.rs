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

/// Adds `spn` to the Lync principal without dropping the names it already has.
pub fn add_spn(generation: CmdletGeneration, spn: &str) -> String {
    let spn = literal(spn);
    match generation {
        CmdletGeneration::MsOnline => format!(
            "$lyncSP = Get-MsolServicePrincipal -AppPrincipalId '{LYNC_APP_ID}'\n\
             $lyncSP.ServicePrincipalNames.Add({spn})\n\
             Set-MsolServicePrincipal -AppPrincipalId '{LYNC_APP_ID}' -ServicePrincipalNames $lyncSP.ServicePrincipalNames"
        ),
        CmdletGeneration::AzureAd => format!(
            "$lyncSP = Get-AzureADServicePrincipal -Filter \"AppId eq '{LYNC_APP_ID}'\"\n\
             Set-AzureADServicePrincipal -ObjectId $lyncSP.ObjectId -ServicePrincipalNames (@($lyncSP.ServicePrincipalNames) + {spn})"
        ),
        CmdletGeneration::Graph => format!(
            "$lyncSP = Get-MgServicePrincipal -Filter \"AppId eq '{LYNC_APP_ID}'\" -Property Id,ServicePrincipalNames\n\
             Update-MgServicePrincipal -ServicePrincipalId $lyncSP.Id -ServicePrincipalNames (@($lyncSP.ServicePrincipalNames) + {spn})"
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
        _ => add_spn(generation, name),
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
