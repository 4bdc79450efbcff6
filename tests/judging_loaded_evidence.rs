//! Tests of judging modules that need evidence loaded from files. Judging never reads files
//! (`tests/architecture.rs` holds it to that), so the loading happens here, as the app does it:
//! recognising the integration (`procedure::recognise`) and the data checks' view of the model
//! (`rules::view`).

use std::collections::BTreeSet;

use hybridlint::evidence;
use hybridlint::model::Model;
use hybridlint::procedure::catalogue::{DEFAULT_PROCEDURE, load};
use hybridlint::procedure::recognise::recognise;
use hybridlint::rules::view::view;
use serde_json::Value as Json;

fn ids_for(script: &str) -> (Vec<String>, bool) {
    let dir = std::env::temp_dir().join(format!(
        "hybridlint-recognise-{}-{}",
        std::process::id(),
        script.len()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("s.ps1");
    std::fs::write(&path, script).expect("write");
    let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
    evidence::load(&[path], &mut model);
    let _ = std::fs::remove_dir_all(&dir);
    let r = recognise(&model, &load(&[]).expect("catalogue"), None);
    (
        r.procedures.into_iter().map(|p| p.id).collect(),
        r.unrecognised.is_some(),
    )
}

#[test]
fn the_cmdlets_and_ids_decide() {
    let cases = [
        (
            "New-CsOAuthServer microsoft.sts -MetadataUrl \"https://accounts.accesscontrol.windows.net/x/metadata/json/1\"",
            "sfb-exchange-online",
        ),
        (
            "New-AuthServer -Name evoSTS -Type AzureAD -AuthMetadataUrl https://login.windows.net/contoso.com/FederationMetadata/2007-06/FederationMetadata.xml",
            "exchange-hybrid",
        ),
        (
            "New-IntraOrganizationConnector -Name X -DiscoveryEndpoint https://outlook.office365.com/autodiscover/autodiscover.svc -TargetAddressDomains contoso.mail.onmicrosoft.com",
            "exchange-hybrid",
        ),
        (
            "Set-AuthServer -Identity 'EvoSts - 3d9a7c21-8b4e-4f6a-a1d2-6c5e8f9b0a47' -ApplicationIdentifier 5b2f1c9e-7d3a-4e8b-9f60-2a1c4d7e8b90",
            "exchange-hybrid-app",
        ),
        (
            "New-CsPartnerApplication -Identity Exchange -ApplicationTrustLevel Full -MetadataUrl https://autodiscover.contoso.com/autodiscover/metadata/json/1",
            "sfb-exchange-on-premises",
        ),
        (
            "New-CsOAuthServer -Identity evoSTS -MetadataURL https://login.windows.net/common/FederationMetadata/2007-06/FederationMetadata.xml -AcceptSecurityIdentifierInformation $true -Type AzureAD",
            "hybrid-modern-auth",
        ),
    ];
    for (script, want) in cases {
        assert_eq!(ids_for(script).0, vec![want.to_string()], "{script}");
    }
}

#[test]
fn a_principal_no_procedure_knows_is_said_to_fit_none() {
    let (ids, unrecognised) = ids_for(
        "Connect-MgGraph\n$sp = Get-MgServicePrincipal -Filter \"AppId eq '00000003-0000-0ff1-ce00-000000000000'\"\nUpdate-MgServicePrincipal -ServicePrincipalId $sp.Id -ServicePrincipalNames @('https://sharepoint.contoso.com/')\n",
    );
    assert!(ids.is_empty(), "{ids:?}");
    assert!(unrecognised);
}

#[test]
fn evidence_of_no_particular_integration_is_judged_as_the_default() {
    let (ids, unrecognised) = ids_for("Get-Date\n");
    assert_eq!(ids, vec![DEFAULT_PROCEDURE.to_string()]);
    assert!(!unrecognised);
}

#[test]
fn every_field_of_the_model_is_viewed_as_the_whole_model_serialises_it() {
    let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
    evidence::load(
        &[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed-walkthrough")],
        &mut model,
    );
    let whole = serde_json::to_value(&model).expect("serialises");
    let Json::Object(fields) = &whole else {
        panic!("the model is an object");
    };
    for (name, value) in fields {
        let roots = BTreeSet::from([name.as_str()]);
        assert_eq!(
            view(&model, &roots).get(name),
            Some(value),
            "field `{name}` (add it to rules::view::field)"
        );
    }
}
