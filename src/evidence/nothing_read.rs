//! A run that read no evidence is not a pass: when the paths given hold no file of a kind
//! hybridlint reads (an empty folder, only unrelated files), the run stops with a usage error
//! that lists what was skipped and why, instead of reporting "0 findings".

use crate::model::{EvidenceKind, Model, SourceFile};

/// How many skipped files the message names before summarising the rest.
const LISTED: usize = 20;

/// `Err(message)` when the model holds no evidence and no reading problem to report.
pub fn require_evidence(model: &Model) -> Result<(), String> {
    let evidence = model.files.iter().any(|f| f.kind != EvidenceKind::Other);
    if evidence || !model.problems.is_empty() || !model.probes.is_empty() {
        return Ok(());
    }
    Err(message(&model.files))
}

fn message(skipped: &[SourceFile]) -> String {
    let mut out = String::from("no evidence found in the paths given: nothing was checked\n");
    if skipped.is_empty() {
        out.push_str("  no files were found in them\n");
    } else {
        out.push_str(&format!(
            "  {} file{} skipped, of no kind hybridlint reads:\n",
            skipped.len(),
            if skipped.len() == 1 { "" } else { "s" }
        ));
        for f in skipped.iter().take(LISTED) {
            out.push_str(&format!("    {}: {}\n", f.path, why(f)));
        }
        if skipped.len() > LISTED {
            out.push_str(&format!("    … and {} more\n", skipped.len() - LISTED));
        }
    }
    out.push_str(
        "hybridlint reads certificates (DER, PEM, Base64, .p7b), PowerShell transcripts and \
         scripts, printed cmdlet output (Format-List, Format-Table), Export-Clixml, Export-Csv and \
         ConvertTo-Json output, evidence bundles (a folder or .zip written by the script `hybridlint collect` prints) and probe \
         recordings",
    );
    out
}

/// Why a file was not evidence, from what its loader saw.
fn why(f: &SourceFile) -> String {
    match &f.encoding {
        None => "binary content that is not a certificate, key or zip bundle".to_string(),
        Some(encoding) => format!(
            "{encoding} text without a transcript header or prompt, a PowerShell command, a \
             printed record of the procedure's cmdlets or CLIXML"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(files: Vec<SourceFile>) -> Model {
        let mut m = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        m.files = files;
        m
    }

    fn file(path: &str, kind: EvidenceKind, encoding: Option<&str>) -> SourceFile {
        SourceFile {
            path: path.into(),
            kind,
            encoding: encoding.map(str::to_string),
            bom: false,
            lines: Default::default(),
            suppressions: Vec::new(),
        }
    }

    #[test]
    fn empty_and_unrelated_are_errors_with_reasons() {
        let empty = require_evidence(&model(Vec::new())).expect_err("nothing read");
        assert!(empty.contains("no files were found"), "{empty}");
        let other = require_evidence(&model(vec![
            file("notes.md", EvidenceKind::Other, Some("UTF-8")),
            file("logo.png", EvidenceKind::Other, None),
        ]))
        .expect_err("nothing read");
        assert!(other.contains("2 files skipped"), "{other}");
        assert!(other.contains("notes.md: UTF-8 text"), "{other}");
        assert!(other.contains("logo.png: binary"), "{other}");
    }

    #[test]
    fn any_evidence_or_problem_passes() {
        assert!(
            require_evidence(&model(vec![
                file("a.md", EvidenceKind::Other, Some("UTF-8")),
                file("t.txt", EvidenceKind::Transcript, Some("UTF-8")),
            ]))
            .is_ok()
        );
        let mut m = model(vec![file("big.txt", EvidenceKind::Unreadable, None)]);
        m.problems.push(crate::model::InputProblem {
            detail: "too big".into(),
            location: crate::model::Location::file("big.txt"),
        });
        assert!(require_evidence(&m).is_ok());
    }
}
