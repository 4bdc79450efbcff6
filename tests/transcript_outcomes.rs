//! Outcomes stay with their own transcript: a session that stops right after a method call
//! leaves that call unknown, whatever later files show.

mod common;

#[test]
fn a_method_call_at_the_end_of_a_killed_session_stays_unknown() {
    let header = common::TRANSCRIPT_HEADER;
    let dir = tempfile::tempdir().expect("tempdir");
    let killed = format!(
        "{header}PS C:\\> $lyncSP = Get-MsolServicePrincipal -AppPrincipalId 00000004-0000-0ff1-ce00-000000000000\nPS C:\\> $lyncSP.ServicePrincipalNames.Add(\"00000004-0000-0ff1-ce00-000000000000/lyncweb.contoso.com\")\n"
    );
    let later = format!(
        "{header}PS C:\\> Get-CsOAuthConfiguration\n\nServiceName : 00000004-0000-0ff1-ce00-000000000000\n\nPS C:\\> Stop-Transcript\n**********************\n"
    );
    std::fs::write(dir.path().join("a-killed.txt"), killed).expect("write");
    std::fs::write(dir.path().join("b-later.txt"), later).expect("write");
    let path = dir.path().to_string_lossy().to_string();
    let (code, stdout, stderr) = common::run(&["model", &path]);
    assert_eq!(code, 0, "{stderr}");
    let model: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let calls = model["method_calls"].as_array().expect("method calls");
    let add = calls
        .iter()
        .find(|m| m["method"] == "Add")
        .expect("the Add call is read");
    assert_eq!(add["outcome"], "unknown", "{add:#}");
}
