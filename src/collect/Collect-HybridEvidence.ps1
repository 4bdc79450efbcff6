<#
.SYNOPSIS
    Collects the evidence hybridlint needs to diagnose server-to-server OAuth between Skype for
    Business Server / Lync Server, Exchange Server and Exchange Online. Read-only.

.DESCRIPTION
    Written by `hybridlint collect` (hybridlint {{VERSION}}). It changes nothing: it runs only Get-
    cmdlets, reads the OAuth certificate's public part (never its private key), and signs in to
    Microsoft Graph with read-only scopes. No secret, password or token is written.

    Each result is saved with Export-Clixml into one folder, HybridEvidence-<computer>-<UTC time>,
    with manifest.json (what ran, when, where, module versions, errors) and the run's transcript,
    then zipped. Send the .zip as it is; read it with: hybridlint check <bundle>.zip

    On-premises part: run on a Front End server in the Skype for Business Server (or Lync Server)
    Management Shell, or on an Exchange server in the Exchange Management Shell (the auth
    configuration and its certificate's public part, auth servers, partner applications and
    intra-organization connectors).
    Tenant part: needs the Microsoft Graph PowerShell modules (Microsoft.Graph.Authentication,
    Microsoft.Graph.Applications, Microsoft.Graph.Identity.DirectoryManagement) and an account
    that may read applications. Works in Windows PowerShell 5.1 and PowerShell 7.

.PARAMETER Part
    Both (default), OnPremises or Tenant.

.PARAMETER Destination
    The folder the bundle is written in. Default: the current folder.

.EXAMPLE
    .\Collect-HybridEvidence.ps1
    .\Collect-HybridEvidence.ps1 -Part Tenant -Destination C:\Temp
#>
[CmdletBinding()]
param(
    [ValidateSet('Both', 'OnPremises', 'Tenant')]
    [string] $Part = 'Both',
    [string] $Destination = (Get-Location).Path
)

$collectorVersion = {{VERSION_LITERAL}}
# The service principals of the integration: Skype for Business / Lync, and Exchange.
$applicationIds = @({{APP_IDS}})
# Read-only Microsoft Graph permissions: enough to read principals, their keys and the tenant.
$graphScopes = @({{GRAPH_SCOPES}})

$started = (Get-Date).ToUniversalTime()
$bundleName = 'HybridEvidence-' + $env:COMPUTERNAME + '-' + $started.ToString('yyyyMMddHHmmss')
$bundle = Join-Path -Path $Destination -ChildPath $bundleName
foreach ($sub in @('onprem', 'tenant')) {
    $null = [System.IO.Directory]::CreateDirectory((Join-Path -Path $bundle -ChildPath $sub))
}
# What ran, for the manifest; and the steps still to run, each a read-only block whose result
# is saved: objects with Export-Clixml (.xml), text as it is (.cer).
$steps = [System.Collections.ArrayList]@()
$plan = [System.Collections.ArrayList]@()
# Runs the planned steps in order. A failure is recorded in the manifest and the next step runs.
$runPlan = {
    foreach ($item in $plan) {
        $entry = [ordered]@{ part = $item.Area; command = $item.Description; file = $item.File; status = 'ok'; error = $null }
        $target = Join-Path -Path $bundle -ChildPath $item.File
        try {
            $result = & $item.Collect
            if ($item.File.EndsWith('.xml')) {
                $result | Export-Clixml -Path $target -Depth 4
            } else {
                [System.IO.File]::WriteAllText($target, [string]$result)
            }
            Write-Host ('[' + $item.Area + '] ' + $item.Description + ' -> ' + $item.File)
        } catch {
            $entry.status = 'failed'
            $entry.error = $_.Exception.Message
            Write-Warning ('[' + $item.Area + '] ' + $item.Description + ' failed: ' + $_.Exception.Message)
        }
        $null = $steps.Add([pscustomobject]$entry)
    }
    $plan.Clear()
}

Start-Transcript -Path (Join-Path -Path $bundle -ChildPath 'transcript.txt') | Out-Null
Write-Host ('hybridlint collector ' + $collectorVersion + ': read-only; nothing is changed, no private key or secret is exported.')

if ($Part -ne 'Tenant') {
    if (-not (Get-Command -Name 'Get-CsOAuthConfiguration' -ErrorAction SilentlyContinue)) {
        foreach ($module in @('SkypeForBusiness', 'Lync')) {
            if (Get-Module -ListAvailable -Name $module) {
                Import-Module -Name $module -ErrorAction SilentlyContinue
                break
            }
        }
    }
    if (Get-Command -Name 'Get-CsOAuthConfiguration' -ErrorAction SilentlyContinue) {
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-CsOAuthConfiguration'; File = 'onprem/Get-CsOAuthConfiguration.xml'; Collect = { Get-CsOAuthConfiguration } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-CsOAuthServer'; File = 'onprem/Get-CsOAuthServer.xml'; Collect = { Get-CsOAuthServer } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-CsPartnerApplication'; File = 'onprem/Get-CsPartnerApplication.xml'; Collect = { Get-CsPartnerApplication } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-CsCertificate -Type OAuthTokenIssuer'; File = 'onprem/Get-CsCertificate.xml'; Collect = { Get-CsCertificate -Type OAuthTokenIssuer } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'OAuthTokenIssuer certificate, public part as Base64'; File = 'onprem/OAuthTokenIssuer.cer'; Collect = {
            $assigned = Get-CsCertificate -Type OAuthTokenIssuer | Select-Object -First 1
            $certificate = Get-Item -Path ('Cert:\LocalMachine\My\' + $assigned.Thumbprint)
            # RawData is the public certificate (DER); the private key is never read.
            "-----BEGIN CERTIFICATE-----`r`n" + [System.Convert]::ToBase64String($certificate.RawData, 'InsertLineBreaks') + "`r`n-----END CERTIFICATE-----`r`n"
        } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-CsService -WebServer'; File = 'onprem/Get-CsService-WebServer.xml'; Collect = { Get-CsService -WebServer } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-CsServerVersion'; File = 'onprem/Get-CsServerVersion.xml'; Collect = { Get-CsServerVersion } })
    } else {
        Write-Warning 'No Skype for Business / Lync Server cmdlets here: the on-premises SfB part is skipped.'
    }
    if (Get-Command -Name 'Get-AuthConfig' -ErrorAction SilentlyContinue) {
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-AuthConfig'; File = 'onprem/Get-AuthConfig.xml'; Collect = { Get-AuthConfig } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Exchange auth certificate, public part as Base64'; File = 'onprem/ExchangeAuthCertificate.cer'; Collect = {
            $thumbprint = (Get-AuthConfig).CurrentCertificateThumbprint
            $certificate = Get-Item -Path ('Cert:\LocalMachine\My\' + $thumbprint)
            # RawData is the public certificate (DER); the private key is never read.
            "-----BEGIN CERTIFICATE-----`r`n" + [System.Convert]::ToBase64String($certificate.RawData, 'InsertLineBreaks') + "`r`n-----END CERTIFICATE-----`r`n"
        } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-AuthServer'; File = 'onprem/Get-AuthServer.xml'; Collect = { Get-AuthServer } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-PartnerApplication'; File = 'onprem/Get-PartnerApplication.xml'; Collect = { Get-PartnerApplication } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-IntraOrganizationConnector'; File = 'onprem/Get-IntraOrganizationConnector.xml'; Collect = { Get-IntraOrganizationConnector } })
        $null = $plan.Add(@{ Area = 'onprem'; Description = 'Get-ExchangeServer'; File = 'onprem/Get-ExchangeServer.xml'; Collect = { Get-ExchangeServer | Select-Object Name, Fqdn, AdminDisplayVersion, ServerRole } })
    }
    & $runPlan
}

if ($Part -ne 'OnPremises') {
    try {
        Import-Module -Name Microsoft.Graph.Authentication, Microsoft.Graph.Applications, Microsoft.Graph.Identity.DirectoryManagement -ErrorAction Stop
        Connect-MgGraph -Scopes $graphScopes -NoWelcome -ErrorAction Stop
        $null = $plan.Add(@{ Area = 'tenant'; Description = 'Get-MgOrganization'; File = 'tenant/Organization.xml'; Collect = { Get-MgOrganization | Select-Object Id, DisplayName, VerifiedDomains } })
        foreach ($applicationId in $applicationIds) {
            $null = $plan.Add(@{ Area = 'tenant'; Description = 'Get-MgServicePrincipal ' + $applicationId; File = 'tenant/ServicePrincipal-' + $applicationId + '.xml'; Collect = {
                $found = Get-MgServicePrincipal -Filter ("appId eq '" + $applicationId + "'") -Property 'id'
                # A key's bytes are returned only when one principal is read by id with
                # keyCredentials selected.
                Get-MgServicePrincipal -ServicePrincipalId $found.Id -Property 'id,appId,displayName,accountEnabled,servicePrincipalNames,keyCredentials'
            }.GetNewClosure() })
        }
        & $runPlan
    } catch {
        $null = $steps.Add([pscustomobject][ordered]@{ part = 'tenant'; command = 'Connect-MgGraph'; file = $null; status = 'failed'; error = $_.Exception.Message })
        Write-Warning ('The tenant part is skipped: ' + $_.Exception.Message)
    } finally {
        if (Get-Command -Name 'Disconnect-MgGraph' -ErrorAction SilentlyContinue) {
            Disconnect-MgGraph -ErrorAction SilentlyContinue | Out-Null
        }
    }
}

$modules = @(Get-Module | Where-Object { $_.Name -match '^(SkypeForBusiness|Lync|Microsoft\.Graph\.|ExchangeOnlineManagement)' } |
    ForEach-Object { [ordered]@{ name = $_.Name; version = $_.Version.ToString() } })
$manifest = [ordered]@{
    collector = 'hybridlint collect'
    collectorVersion = $collectorVersion
    startedUtc = $started.ToString('o')
    finishedUtc = (Get-Date).ToUniversalTime().ToString('o')
    computer = $env:COMPUTERNAME
    user = [Environment]::UserDomainName + '\' + [Environment]::UserName
    psVersion = $PSVersionTable.PSVersion.ToString()
    psEdition = [string]$PSVersionTable.PSEdition
    modules = $modules
    steps = $steps
}
Stop-Transcript | Out-Null
$manifest | ConvertTo-Json -Depth 4 | Out-File -FilePath (Join-Path -Path $bundle -ChildPath 'manifest.json') -Encoding utf8
Compress-Archive -Path $bundle -DestinationPath ($bundle + '.zip') -Force
Write-Host ('Evidence bundle: ' + $bundle + '.zip')
Write-Host 'Send it as it is. To read it: hybridlint check <the .zip>'
