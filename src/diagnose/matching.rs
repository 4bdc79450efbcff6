//! Which symptom a user means: an id, or text they pasted matched tolerantly (case, whitespace,
//! punctuation, a fragment), or error lines found in the evidence's transcripts.

use super::Symptom;
use crate::model::{EvidenceKind, Location, Model};

/// Lower case, punctuation to spaces, whitespace collapsed: how pasted text is compared.
fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The symptom `query` names, by id or text; `None` when nothing matches.
pub fn by_text<'a>(symptoms: &'a [Symptom], query: &str) -> Option<(&'a Symptom, String)> {
    let q = normalise(query);
    if q.is_empty() {
        return None;
    }
    if let Some(s) = symptoms.iter().find(|s| normalise(&s.id) == q) {
        return Some((s, format!("symptom id `{}`", s.id)));
    }
    let mut best: Option<(usize, &Symptom, String)> = None;
    for s in symptoms {
        let mut score = 0;
        let mut how = String::new();
        if s.patterns.iter().any(|p| p.is_match(query)) {
            score = 10_000;
            how = "an error code in the text".to_string();
        }
        for seen in s.file.seen_as.iter().chain(std::iter::once(&s.file.title)) {
            let n = normalise(seen);
            let overlap = if n.contains(&q) && q.len() >= 4 {
                q.len()
            } else if q.contains(&n) {
                n.len()
            } else {
                0
            };
            if overlap > score {
                score = overlap;
                how = format!("the text \"{seen}\"");
            }
        }
        if score > 0 && best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, s, how));
        }
    }
    best.map(|(_, s, how)| (s, format!("matched {how}")))
}

/// Symptoms the evidence itself shows: their error text in a transcript, with the first place.
pub fn in_evidence<'a>(symptoms: &'a [Symptom], model: &Model) -> Vec<(&'a Symptom, Location)> {
    let mut out = Vec::new();
    for s in symptoms.iter().filter(|s| !s.patterns.is_empty()) {
        let found = model
            .files
            .iter()
            .filter(|f| f.kind == EvidenceKind::Transcript)
            .find_map(|f| {
                f.lines.iter().enumerate().find_map(|(i, line)| {
                    s.patterns.iter().find_map(|p| p.find(line)).map(|m| {
                        Location::new(
                            f.path.clone(),
                            (i + 1) as u32,
                            (line[..m.start()].chars().count() + 1) as u32,
                            m.as_str().chars().count() as u32,
                        )
                    })
                })
            });
        if let Some(l) = found {
            out.push((s, l));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalising_ignores_case_punctuation_and_spacing() {
        assert_eq!(
            normalise("  We'll add JOINING details\n after the invitation…"),
            "we ll add joining details after the invitation"
        );
    }
}
