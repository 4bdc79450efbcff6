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

/// The data checks walk a list one item at a time (`view::for_each_item`); that meets the same
/// items in the same order as walking the whole serialised part (`view` then
/// `data_check::collection`), for every collection the built-in rules name and for the shapes a
/// rule file may write (flattened lists, paths through items, names that are not lists).
#[test]
fn items_walked_one_at_a_time_are_those_of_the_whole_view() {
    use hybridlint::rules::data_check::{collection, root};
    use hybridlint::rules::view::for_each_item;
    use std::ops::ControlFlow;

    let mut paths: BTreeSet<String> = hybridlint::rules::catalogue::load(&[])
        .expect("built-in rules")
        .iter()
        .flat_map(|r| r.file.check.iter())
        .filter_map(|c| match c {
            hybridlint::rules::data_check::CheckSpec::Require { collection, .. }
            | hybridlint::rules::data_check::CheckSpec::Forbid { collection, .. } => {
                Some(collection.clone())
            }
            _ => None,
        })
        .collect();
    for extra in [
        "commands",
        "commands[].arguments",
        "commands.arguments",
        "records[].fields",
        "errors",
        "configuration.service_principals",
        "configuration.service_principals[].credentials",
        "configuration.service_principals.credentials",
        "configuration.tenant_ids[]",
        "configuration.exchange",
        "configuration[].oauth_servers",
        "configuration.coverage",
        "configuration.unresolved_principal_steps",
        "problems.detail",
    ] {
        paths.insert(extra.to_string());
    }
    let root_dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let folders = [
        "seed-walkthrough",
        "key-credentials",
        "exchange",
        "rules/transcript",
    ];
    let mut compared = 0;
    for folder in folders {
        let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        evidence::load(&[root_dir.join(folder)], &mut model);
        for path in &paths {
            let spec: hybridlint::rules::data_check::CheckSpec = toml::from_str(&format!(
                "kind = \"forbid\"\ncollection = \"{path}\"\nmessage = \"m\""
            ))
            .expect("a forbid check");
            let Some(part) = root(&spec) else {
                panic!("`{path}` has a root");
            };
            let whole = view(&model, &BTreeSet::from([part]));
            let expected: Vec<Json> = collection(&whole, path).into_iter().cloned().collect();
            let mut walked = Vec::new();
            for_each_item(&model, path, part, &mut |item| {
                walked.push(item.clone());
                ControlFlow::Continue(())
            });
            assert!(
                walked == expected,
                "`{path}` in {folder}: {} items walked, {} in the whole view",
                walked.len(),
                expected.len()
            );
            compared += expected.len();
        }
    }
    // The comparison saw items, not only empty collections.
    assert!(compared > 100, "{compared} items compared");
}

/// A rule's `forbid` checks over one collection share a walk (`run_shared_walks`); each gets
/// the hits it gets judged alone (`run`), in the same order.
#[test]
fn forbid_checks_sharing_a_walk_find_what_each_finds_alone() {
    use hybridlint::rules::data_check::{run, run_shared_walks};
    use hybridlint::rules::template::Context;

    let rules = hybridlint::rules::catalogue::load(&[]).expect("built-in rules");
    let root_dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut shared_hits = 0;
    for folder in [
        "rules/oauth/autodiscover-url-invalid/trigger",
        "rules/oauth/autodiscover-url-invalid/pass",
        "rules/exchange",
        "seed-walkthrough",
    ] {
        let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        evidence::load(&[root_dir.join(folder)], &mut model);
        let ctx = Context::from_model(&model, Default::default());
        for rule in &rules {
            let shared = run_shared_walks(&rule.file.check, &model, &ctx);
            for (check, hits) in rule.file.check.iter().zip(shared) {
                let Some(hits) = hits else { continue };
                let alone = run(check, &model, &ctx);
                assert_eq!(hits, alone, "{} in {folder}", rule.id);
                shared_hits += hits.len();
            }
        }
    }
    // The trigger fixture's setting is found through a shared walk.
    assert!(shared_hits > 0);
}
