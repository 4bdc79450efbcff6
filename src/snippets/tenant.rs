//! The tenant half of a generated fix script: loading the certificate, connecting, and the
//! guarded steps on a principal (each reads the current state and changes it only when it is
//! wrong, so running the script twice changes nothing more).

use crate::model::CmdletGeneration;

/// A principal as the script names it: the variable holding its application id (`$LyncAppId`),
/// the variable holding the object (`$lyncSP`) and a word for comments (`Lync`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub app_variable: String,
    pub object_variable: String,
    pub who: String,
    /// The properties the script's steps read from it (`KeyCredentials`, …), after `Id`.
    pub properties: Vec<&'static str>,
}

impl Principal {
    /// The principal whose application id the script holds in `$<value>`: `LyncAppId` gives
    /// `$lyncSP` and "Lync".
    pub fn from_value(value: &str) -> Principal {
        let who = value
            .strip_suffix("AppId")
            .or_else(|| value.strip_suffix("Id"))
            .filter(|w| !w.is_empty())
            .unwrap_or(value);
        let mut chars = who.chars();
        let object = match chars.next() {
            Some(first) => format!("${}{}SP", first.to_ascii_lowercase(), chars.as_str()),
            None => "$sp".to_string(),
        };
        Principal {
            app_variable: format!("${value}"),
            object_variable: object,
            who: who.to_string(),
            properties: Vec::new(),
        }
    }

    /// Records that a step reads `property`; the list keeps one fixed order.
    pub fn reads(&mut self, property: &'static str) {
        const ORDER: [&str; 3] = ["KeyCredentials", "ServicePrincipalNames", "AccountEnabled"];
        if !self.properties.contains(&property) {
            self.properties.push(property);
            self.properties
                .sort_by_key(|p| ORDER.iter().position(|o| o == p).unwrap_or(ORDER.len()));
        }
    }

    fn graph_lookup(&self) -> String {
        let mut properties = vec!["Id"];
        properties.extend(&self.properties);
        format!(
            "{sp} = Get-MgServicePrincipal -Filter \"appId eq '{app}'\" -Property {props}",
            sp = self.object_variable,
            app = self.app_variable,
            props = properties.join(",")
        )
    }

    fn azuread_lookup(&self) -> String {
        format!(
            "{sp} = Get-AzureADServicePrincipal -Filter \"AppId eq '{app}'\"",
            sp = self.object_variable,
            app = self.app_variable
        )
    }
}

/// Reads the certificate file once; the credential value is computed, never written down.
pub fn certificate(cmdlets: CmdletGeneration) -> String {
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

/// Connects to the tenant and reads the principals the steps act on.
pub fn connect(cmdlets: CmdletGeneration, principals: &[Principal]) -> String {
    let mut out = String::from("\n# Step: connect to the tenant.\n");
    match cmdlets {
        CmdletGeneration::Graph => {
            out.push_str(
                "Connect-MgGraph -TenantId $TenantId -Scopes 'Application.ReadWrite.All'\n",
            );
            for p in principals {
                out.push_str(&p.graph_lookup());
                out.push('\n');
            }
        }
        CmdletGeneration::AzureAd => {
            out.push_str("Connect-AzureAD -TenantId $TenantId\n");
            for p in principals {
                out.push_str(&p.azuread_lookup());
                out.push('\n');
            }
        }
        CmdletGeneration::MsOnline => out.push_str("Connect-MsolService\n"),
    }
    out
}

/// The certificate as a key credential of `p`, unless it is there already; the credential
/// lives exactly as long as the certificate.
pub fn upload_credential(cmdlets: CmdletGeneration, p: &Principal) -> String {
    let (who, app, sp) = (&p.who, &p.app_variable, &p.object_variable);
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

/// `p` enabled, unless it is already.
pub fn enable_principal(cmdlets: CmdletGeneration, p: &Principal) -> String {
    let (who, app, sp) = (&p.who, &p.app_variable, &p.object_variable);
    match cmdlets {
        CmdletGeneration::Graph => format!(
            r#"
# Step: enable the {who} principal.
if (-not {sp}.AccountEnabled) {{
    Update-MgServicePrincipal -ServicePrincipalId {sp}.Id -AccountEnabled:$true
}}
"#
        ),
        CmdletGeneration::AzureAd => format!(
            r#"
# Step: enable the {who} principal.
if (-not {sp}.AccountEnabled) {{
    Set-AzureADServicePrincipal -ObjectId {sp}.ObjectId -AccountEnabled $true
}}
"#
        ),
        CmdletGeneration::MsOnline => format!(
            r#"
# Step: enable the {who} principal.
if (-not (Get-MsolServicePrincipal -AppPrincipalId {app}).AccountEnabled) {{
    Set-MsolServicePrincipal -AppPrincipalId {app} -AccountEnabled $true
}}
"#
        ),
    }
}

/// `spn` (a single-quoted literal) added to `p`'s list, never replacing it; `about` says what
/// it is for in the comment (comment-safe text).
pub fn add_spn(cmdlets: CmdletGeneration, p: &Principal, spn: &str, about: &str) -> String {
    let (app, sp) = (&p.app_variable, &p.object_variable);
    match cmdlets {
        CmdletGeneration::Graph => format!(
            r#"
# Step: the SPN for {about}, added to the existing list (never replacing it).
$spn = {spn}
if ({sp}.ServicePrincipalNames -notcontains $spn) {{
    Update-MgServicePrincipal -ServicePrincipalId {sp}.Id -ServicePrincipalNames (@({sp}.ServicePrincipalNames) + {spn})
    {lookup}
}}
"#,
            lookup = p.graph_lookup()
        ),
        CmdletGeneration::AzureAd => format!(
            r#"
# Step: the SPN for {about}, added to the existing list (never replacing it).
$spn = {spn}
if ({sp}.ServicePrincipalNames -notcontains $spn) {{
    Set-AzureADServicePrincipal -ObjectId {sp}.ObjectId -ServicePrincipalNames (@({sp}.ServicePrincipalNames) + {spn})
    {lookup}
}}
"#,
            lookup = p.azuread_lookup()
        ),
        CmdletGeneration::MsOnline => format!(
            r#"
# Step: the SPN for {about}, added to the existing list and saved.
$spn = {spn}
{sp} = Get-MsolServicePrincipal -AppPrincipalId {app}
if ({sp}.ServicePrincipalNames -notcontains $spn) {{
    {sp}.ServicePrincipalNames.Add($spn)
    Set-MsolServicePrincipal -AppPrincipalId {app} -ServicePrincipalNames {sp}.ServicePrincipalNames
}}
"#
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_principal_is_named_from_the_variable_holding_its_id() {
        let p = Principal::from_value("LyncAppId");
        assert_eq!(p.app_variable, "$LyncAppId");
        assert_eq!(p.object_variable, "$lyncSP");
        assert_eq!(p.who, "Lync");
        let mut q = Principal::from_value("TeamsSchedulerAppId");
        assert_eq!(q.object_variable, "$teamsSchedulerSP");
        q.reads("AccountEnabled");
        q.reads("KeyCredentials");
        q.reads("KeyCredentials");
        assert_eq!(q.properties, ["KeyCredentials", "AccountEnabled"]);
    }
}
