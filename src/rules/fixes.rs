//! Paste-ready fix commands, written in the cmdlet generation the evidence uses (Graph when it
//! shows none: MSOnline and AzureAD are retired), with the user's own values filled in.

use crate::model::CmdletGeneration;
use crate::wellknown::{EXCHANGE_APP_ID, LYNC_APP_ID};

/// Uploads the OAuth certificate as a key credential of `app_id`, dates taken from the certificate
/// (so the credential lives exactly as long as the certificate).
pub fn upload_credential(generation: CmdletGeneration, app_id: &str, cert_path: &str) -> String {
    match generation {
        CmdletGeneration::MsOnline => format!(
            "Connect-MsolService\n\
             $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate\n\
             $certificate.Import(\"{cert_path}\")\n\
             $credentialsValue = [System.Convert]::ToBase64String($certificate.GetRawCertData())\n\
             New-MsolServicePrincipalCredential -AppPrincipalId {app_id} -Type Asymmetric -Usage Verify -Value $credentialsValue -StartDate $certificate.GetEffectiveDateString() -EndDate $certificate.GetExpirationDateString()"
        ),
        CmdletGeneration::AzureAd => format!(
            "Connect-AzureAD\n\
             $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new(\"{cert_path}\")\n\
             $sp = Get-AzureADServicePrincipal -Filter \"AppId eq '{app_id}'\"\n\
             New-AzureADServicePrincipalKeyCredential -ObjectId $sp.ObjectId -Type AsymmetricX509Cert -Usage Verify -Value ([System.Convert]::ToBase64String($cert.GetRawCertData())) -StartDate $cert.NotBefore -EndDate $cert.NotAfter"
        ),
        CmdletGeneration::Graph => format!(
            "Connect-MgGraph -Scopes Application.ReadWrite.All\n\
             $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new(\"{cert_path}\")\n\
             $sp = Get-MgServicePrincipal -Filter \"AppId eq '{app_id}'\" -Property Id,KeyCredentials\n\
             # Keep the existing, unexpired credentials: -KeyCredentials replaces the whole list.\n\
             $keys = @($sp.KeyCredentials | Where-Object {{ $_.EndDateTime -gt (Get-Date) }})\n\
             $keys += @{{ Type = \"AsymmetricX509Cert\"; Usage = \"Verify\"; Key = $cert.GetRawCertData(); StartDateTime = $cert.NotBefore.ToUniversalTime(); EndDateTime = $cert.NotAfter.ToUniversalTime() }}\n\
             Update-MgServicePrincipal -ServicePrincipalId $sp.Id -KeyCredentials $keys"
        ),
    }
}

/// Adds `spn` to the Lync principal without dropping the names it already has.
pub fn add_spn(generation: CmdletGeneration, spn: &str) -> String {
    match generation {
        CmdletGeneration::MsOnline => format!(
            "$lyncSP = Get-MsolServicePrincipal -AppPrincipalId {LYNC_APP_ID}\n\
             $lyncSP.ServicePrincipalNames.Add(\"{spn}\")\n\
             Set-MsolServicePrincipal -AppPrincipalId {LYNC_APP_ID} -ServicePrincipalNames $lyncSP.ServicePrincipalNames"
        ),
        CmdletGeneration::AzureAd => format!(
            "$lyncSP = Get-AzureADServicePrincipal -Filter \"AppId eq '{LYNC_APP_ID}'\"\n\
             Set-AzureADServicePrincipal -ObjectId $lyncSP.ObjectId -ServicePrincipalNames ($lyncSP.ServicePrincipalNames + \"{spn}\")"
        ),
        CmdletGeneration::Graph => format!(
            "$lyncSP = Get-MgServicePrincipal -Filter \"AppId eq '{LYNC_APP_ID}'\" -Property Id,ServicePrincipalNames\n\
             Update-MgServicePrincipal -ServicePrincipalId $lyncSP.Id -ServicePrincipalNames ($lyncSP.ServicePrincipalNames + \"{spn}\")"
        ),
    }
}

/// Writes a locally changed SPN list (held in `$variable`) back to the tenant.
pub fn save_spns(generation: CmdletGeneration, app_id: &str, variable: &str) -> String {
    match generation {
        CmdletGeneration::MsOnline => format!(
            "Set-MsolServicePrincipal -AppPrincipalId {app_id} -ServicePrincipalNames ${variable}.ServicePrincipalNames"
        ),
        CmdletGeneration::AzureAd => format!(
            "Set-AzureADServicePrincipal -ObjectId ${variable}.ObjectId -ServicePrincipalNames ${variable}.ServicePrincipalNames"
        ),
        CmdletGeneration::Graph => format!(
            "Update-MgServicePrincipal -ServicePrincipalId ${variable}.Id -ServicePrincipalNames ${variable}.ServicePrincipalNames"
        ),
    }
}

/// Enables the Exchange principal.
pub fn enable_exchange(generation: CmdletGeneration) -> String {
    match generation {
        CmdletGeneration::MsOnline => format!(
            "Set-MsolServicePrincipal -AppPrincipalId {EXCHANGE_APP_ID} -AccountEnabled $true"
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
    match generation {
        CmdletGeneration::MsOnline | CmdletGeneration::AzureAd => format!(
            "$FormatEnumerationLimit = -1\nGet-MsolServicePrincipal -AppPrincipalId {app_id} | Format-List AppPrincipalId, AccountEnabled, ServicePrincipalNames"
        ),
        CmdletGeneration::Graph => format!(
            "$FormatEnumerationLimit = -1\nGet-MgServicePrincipal -Filter \"AppId eq '{app_id}'\" -Property AppId,AccountEnabled,ServicePrincipalNames | Format-List AppId, AccountEnabled, ServicePrincipalNames"
        ),
    }
}
