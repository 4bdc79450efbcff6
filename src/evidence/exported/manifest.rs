//! The `manifest.json` of a bundle written by the `hybridlint collect` script: what ran, when,
//! where, and which steps failed. A failed step means the bundle lacks what it would have shown,
//! so each one is a reading problem (reported by `input/unreadable`), never a silent gap.

use super::json;
use crate::evidence::clixml::{Lines, records::Position as _, value::PsValue};
use crate::model::{InputProblem, Location, Model};

/// The manifest's `collector` value.
const COLLECTOR: &str = "hybridlint collect";

/// Whether `lines` are a collector manifest (`"collector": "hybridlint collect"` near the top).
pub fn looks_like_manifest(lines: &[&str]) -> bool {
    lines
        .first()
        .is_some_and(|l| l.trim_start().starts_with('{'))
        && lines
            .iter()
            .take(10)
            .any(|l| l.contains("\"collector\"") && l.contains(&format!("\"{COLLECTOR}\"")))
}

pub fn load(lines: &[&str], path: &str, model: &mut Model) {
    let positions = Lines::new(lines);
    let problem = |model: &mut Model, detail: String, offset: usize| {
        let (line, column) = positions.at(offset);
        model.problems.push(InputProblem {
            detail,
            location: Location::new(path, line, column, 0),
        });
    };
    let root = match json::parse(positions.text()) {
        Ok(PsValue::Object(o)) => o,
        Ok(_) => {
            problem(model, "the bundle manifest is not a JSON object".into(), 0);
            return;
        }
        Err(e) => {
            problem(
                model,
                format!("the bundle manifest is not read: {}", e.detail),
                e.offset,
            );
            return;
        }
    };
    let Some(PsValue::List(steps)) = root
        .properties
        .iter()
        .find(|p| p.name == "steps")
        .map(|p| &p.value)
    else {
        return;
    };
    for step in steps {
        let PsValue::Object(s) = step else { continue };
        let text = |name: &str| {
            s.properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| match &p.value {
                    PsValue::Text(t) => Some(t.clone()),
                    _ => None,
                })
        };
        if text("status").as_deref() != Some("failed") {
            continue;
        }
        let command = text("command").unwrap_or_else(|| "a step".into());
        let error = text("error").unwrap_or_else(|| "no error recorded".into());
        problem(
            model,
            format!(
                "the collector could not run `{command}` ({error}): what it would show is not in the bundle, so findings about it may be missing"
            ),
            s.offset,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_steps_are_problems_at_their_line() {
        let text = "{\n  \"collector\": \"hybridlint collect\",\n  \"steps\": [\n    { \"part\": \"onprem\", \"command\": \"Get-CsOAuthServer\", \"status\": \"ok\", \"error\": null },\n    { \"part\": \"tenant\", \"command\": \"Connect-MgGraph\", \"status\": \"failed\", \"error\": \"AADSTS50076: MFA required\" }\n  ]\n}";
        let lines: Vec<&str> = text.lines().collect();
        assert!(looks_like_manifest(&lines));
        let mut model = Model::new(time::OffsetDateTime::UNIX_EPOCH, Default::default());
        load(&lines, "manifest.json", &mut model);
        assert_eq!(model.problems.len(), 1);
        assert!(model.problems[0].detail.contains("Connect-MgGraph"));
        assert!(model.problems[0].detail.contains("MFA required"));
        assert_eq!(model.problems[0].location.line, 5);
        assert!(!looks_like_manifest(&["{ \"a\": 1 }"]));
    }
}
