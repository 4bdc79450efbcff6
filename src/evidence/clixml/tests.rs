//! CLIXML written by hand from MS-PSRP §2.2.5 (no PowerShell is available to the tests).

use super::*;
use crate::model::{EvidenceKind, FieldValue, SourceFile};

const HEAD: &str =
    r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">"#;

fn load_text(text: &str) -> Model {
    let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
    let lines: Vec<&str> = text.lines().collect();
    assert!(looks_like_clixml(&lines), "recognised: {text}");
    model.files.push(SourceFile {
        path: "x.xml".into(),
        kind: EvidenceKind::Clixml,
        encoding: Some("UTF-8".into()),
        bom: false,
        lines: Default::default(),
        suppressions: Vec::new(),
    });
    load(&lines, "x.xml", 0, &mut model);
    model
}

/// A Graph service principal with one key credential, its list typed and referenced again.
fn graph_principal() -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
{HEAD}
  <Obj RefId="0">
    <TN RefId="0">
      <T>Microsoft.Graph.PowerShell.Models.MicrosoftGraphServicePrincipal</T>
      <T>System.Object</T>
    </TN>
    <ToString>Microsoft.Graph.PowerShell.Models.MicrosoftGraphServicePrincipal</ToString>
    <Props>
      <B N="AccountEnabled">false</B>
      <S N="AppId">00000002-0000-0ff1-ce00-000000000000</S>
      <S N="DisplayName">Office 365 Exchange Online</S>
      <Obj N="KeyCredentials" RefId="1">
        <TN RefId="1">
          <T>System.Collections.Generic.List`1[[Microsoft.Graph.PowerShell.Models.IMicrosoftGraphKeyCredential]]</T>
          <T>System.Object</T>
        </TN>
        <LST>
          <Obj RefId="2">
            <TN RefId="2"><T>Microsoft.Graph.PowerShell.Models.MicrosoftGraphKeyCredential</T></TN>
            <Props>
              <BA N="CustomKeyIdentifier">AQID</BA>
              <Nil N="DisplayName" />
              <DT N="EndDateTime">2026-06-04T09:15:33Z</DT>
              <BA N="Key">MAMCAQE=</BA>
              <G N="KeyId">6a1f7d8e-2b3c-4d5e-8f90-a1b2c3d4e5f6</G>
              <DT N="StartDateTime">2024-06-04T09:15:33Z</DT>
              <S N="Type">AsymmetricX509Cert</S>
              <S N="Usage">Verify</S>
            </Props>
          </Obj>
        </LST>
      </Obj>
      <Obj N="ServicePrincipalNames" RefId="3">
        <TNRef RefId="1" />
        <LST>
          <S>00000002-0000-0ff1-ce00-000000000000</S>
          <S>00000002-0000-0ff1-ce00-000000000000/mail.contoso.com</S>
        </LST>
      </Obj>
      <Obj N="Tags" RefId="4">
        <DCT><En><S N="Key">a</S><I32 N="Value">1</I32></En></DCT>
      </Obj>
    </Props>
  </Obj>
</Objs>"#
    )
}

#[test]
fn a_graph_principal_and_its_key_credential() {
    let model = load_text(&graph_principal());
    assert!(model.problems.is_empty(), "{:?}", model.problems);
    assert_eq!(model.records.len(), 2);
    let sp = &model.records[0];
    assert_eq!(sp.shown_by.as_deref(), Some("Get-MgServicePrincipal"));
    assert_eq!(sp.text("AccountEnabled").as_deref(), Some("False"));
    let enabled = sp.field("AccountEnabled").expect("field");
    assert_eq!(
        (enabled.location.line, enabled.location.column),
        (10, 29),
        "the value's place in the file"
    );
    assert_eq!(
        sp.field("ServicePrincipalNames").map(|f| &f.value),
        Some(&FieldValue::List {
            items: Box::new(vec![
                "00000002-0000-0ff1-ce00-000000000000".into(),
                "00000002-0000-0ff1-ce00-000000000000/mail.contoso.com".into()
            ]),
            truncated: false
        })
    );
    assert_eq!(sp.text("Tags").as_deref(), Some("a=1"));
    let key = &model.records[1];
    assert_eq!(key.text("Key").as_deref(), Some("MAMCAQE="));
    assert_eq!(key.text("Usage").as_deref(), Some("Verify"));
    assert_eq!(
        key.text("AppId").as_deref(),
        Some("00000002-0000-0ff1-ce00-000000000000"),
        "the owner's id travels with its key"
    );
    assert_eq!(key.text("DisplayName").as_deref(), Some(""));
}

#[test]
fn references_are_followed_and_cycles_reported() {
    let text = format!(
        r#"{HEAD}
<Obj RefId="0"><MS><S N="AppPrincipalId">x</S><Obj N="Self" RefId="1"><MS><Ref N="Back" RefId="0" /></MS></Obj></MS></Obj>
<Ref RefId="1" />
</Objs>"#
    );
    let model = load_text(&text);
    assert_eq!(model.problems.len(), 1, "{:?}", model.problems);
    assert!(model.problems[0].detail.contains("cycle"));
    assert_eq!(model.problems[0].location.line, 2);
}

#[test]
fn hostile_files_are_problems_not_crashes() {
    // Billion laughs: the DTD is refused before any entity is expanded.
    let laughs = format!(
        "<!DOCTYPE Objs [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n{HEAD}\n<S>&lol2;</S></Objs>"
    );
    let m = load_text(&laughs);
    assert_eq!(m.problems.len(), 1);
    assert!(m.problems[0].detail.contains("DTD"), "{:?}", m.problems);
    assert!(m.records.is_empty());

    let deep = format!(
        "{HEAD}\n{}{}\n</Objs>",
        "<Obj><LST>".repeat(10_000),
        "</LST></Obj>".repeat(10_000)
    );
    let m = load_text(&deep);
    assert!(
        m.problems[0].detail.contains("nested more than"),
        "{:?}",
        m.problems
    );

    // Each object refers to the previous one ten times: 10^20 values if expanded.
    let mut fan = format!("{HEAD}\n<Obj RefId=\"0\"><MS><S N=\"a\">x</S></MS></Obj>\n");
    for i in 1..20 {
        fan.push_str(&format!("<Obj RefId=\"{i}\"><LST>"));
        for _ in 0..10 {
            fan.push_str(&format!("<Ref RefId=\"{}\" />", i - 1));
        }
        fan.push_str("</LST></Obj>\n");
    }
    fan.push_str("</Objs>");
    let started = std::time::Instant::now();
    let m = load_text(&fan);
    assert!(
        m.problems[0].detail.contains("more than"),
        "{:?}",
        m.problems
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));

    let huge = format!(
        "{HEAD}\n<BA>{}</BA><BA>{}</BA>\n</Objs>",
        "A".repeat(3 * 1024 * 1024),
        "A".repeat(3 * 1024 * 1024)
    );
    let m = load_text(&huge);
    assert!(
        m.problems[0].detail.contains("byte arrays over"),
        "{:?}",
        m.problems
    );

    let broken = format!("{HEAD}\n<S>unclosed\n");
    let m = load_text(&broken);
    assert!(
        m.problems[0]
            .detail
            .starts_with("not read as an Export-Clixml file")
    );
}
