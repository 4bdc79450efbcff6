//! Which symptom a user means: an id (or an id one or two typos away), or pasted free text
//! matched by words, or what the evidence's transcripts show (a known error text, or else any
//! error record).
//!
//! Free text is scored by the words it shares with each symptom's title, `seen-as` texts,
//! `synonyms` and id (stemmed, so "joining details" meets "join detail"), each word weighted by
//! how few symptoms use it, plus a bonus when every word of one of those phrases is present. The
//! best score wins; a runner-up within a quarter of it is named, so a user can pick it instead.

use std::collections::BTreeSet;

use super::Symptom;
use super::words::{stem_set, stems};
use crate::edit_distance::edit_distance;
use crate::model::{EvidenceKind, Location, Model};

/// A runner-up scoring at least this share of the best is close enough to mention.
const CLOSE_SHARE: f64 = 0.75;
/// Below this score the words in common are too common to mean anything (a word every symptom
/// uses scores ln 2 ≈ 0.69).
const MIN_SCORE: f64 = 1.0;

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

/// The texts a symptom is known by: id, title, `seen-as` and `synonyms`.
fn phrases(s: &Symptom) -> Vec<String> {
    std::iter::once(s.id.replace('-', " "))
        .chain(std::iter::once(s.file.title.clone()))
        .chain(s.file.seen_as.iter().cloned())
        .chain(s.file.synonyms.iter().cloned())
        .collect()
}

struct Scored<'a> {
    symptom: &'a Symptom,
    score: f64,
    how: String,
}

/// The symptom `query` names, by id or text, and how it was chosen (with a close runner-up
/// named). `Err` carries what to suggest instead: the nearest ids, or all of them.
pub fn by_text<'a>(symptoms: &'a [Symptom], query: &str) -> Result<(&'a Symptom, String), String> {
    let q = normalise(query);
    if q.is_empty() {
        return Err(suggestions(symptoms, query));
    }
    if let Some(s) = symptoms.iter().find(|s| normalise(&s.id) == q) {
        return Ok((s, format!("symptom id `{}`", s.id)));
    }
    if let Some(s) = nearest_id(symptoms, query) {
        return Ok((
            s,
            format!("symptom id `{}` (nearest to `{}`)", s.id, query.trim()),
        ));
    }
    let mut scored = score_all(symptoms, query);
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.symptom.id.cmp(&b.symptom.id))
    });
    let Some(best) = scored.first().filter(|b| b.score >= MIN_SCORE) else {
        return Err(suggestions(symptoms, query));
    };
    let mut how = format!("matched {}", best.how);
    if let Some(second) = scored
        .get(1)
        .filter(|s| s.score >= MIN_SCORE && s.score >= best.score * CLOSE_SHARE)
    {
        how.push_str(&format!(
            "; runner-up: `{}` ({}), matched {}: give --symptom {} if that is the one",
            second.symptom.id, second.symptom.file.title, second.how, second.symptom.id
        ));
    }
    Ok((best.symptom, how))
}

/// Every symptom's score for `query`, with what it matched.
fn score_all<'a>(symptoms: &'a [Symptom], query: &str) -> Vec<Scored<'a>> {
    let query_stems = stem_set(query);
    let vocabularies: Vec<BTreeSet<String>> = symptoms
        .iter()
        .map(|s| phrases(s).iter().flat_map(|p| stems(p)).collect())
        .collect();
    let n = symptoms.len() as f64;
    let weight = |stem: &str| {
        let used_by = vocabularies.iter().filter(|v| v.contains(stem)).count() as f64;
        (1.0 + n / used_by.max(1.0)).ln()
    };
    symptoms
        .iter()
        .zip(&vocabularies)
        .map(|(s, vocabulary)| {
            if s.patterns.iter().any(|p| p.is_match(query)) {
                return Scored {
                    symptom: s,
                    score: 1000.0,
                    how: "an error code in the text".to_string(),
                };
            }
            let shared: Vec<&String> = query_stems.intersection(vocabulary).collect();
            let mut score: f64 = shared.iter().map(|w| weight(w)).sum();
            let mut how = format!(
                "the words {}",
                shared
                    .iter()
                    .map(|w| original_word(query, w))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            // A phrase all of whose words are in the query: the strongest sign short of an id.
            let best_phrase = phrases(s)
                .into_iter()
                .map(|p| (stem_set(&p), p))
                .filter(|(words, _)| !words.is_empty() && words.is_subset(&query_stems))
                .map(|(words, p)| (words.iter().map(|w| weight(w)).sum::<f64>(), p))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((bonus, phrase)) = best_phrase {
                score += bonus;
                how = format!("\"{phrase}\"");
            }
            Scored {
                symptom: s,
                score,
                how,
            }
        })
        .collect()
}

/// The first word of `query` whose stem is `stem`, as the user wrote it.
fn original_word(query: &str, stem: &str) -> String {
    query
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| super::words::stem(w) == stem)
        .map_or_else(|| stem.to_string(), |w| format!("\"{w}\""))
}

/// A query that looks like an id (one word with hyphens) one or two edits from a known id.
fn nearest_id<'a>(symptoms: &'a [Symptom], query: &str) -> Option<&'a Symptom> {
    let q: Vec<char> = query.trim().to_lowercase().chars().collect();
    if !q.contains(&'-') || q.iter().any(|c| c.is_whitespace()) {
        return None;
    }
    symptoms
        .iter()
        .map(|s| (edit_distance(&q, &s.id.chars().collect::<Vec<_>>()), s))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}

/// What to offer when nothing matches: ids within a few edits, else every id.
fn suggestions(symptoms: &[Symptom], query: &str) -> String {
    let q: Vec<char> = query.trim().to_lowercase().chars().collect();
    let near: Vec<&str> = symptoms
        .iter()
        .filter(|s| edit_distance(&q, &s.id.chars().collect::<Vec<_>>()) <= q.len().max(4) / 3)
        .map(|s| s.id.as_str())
        .collect();
    if near.is_empty() {
        let all: Vec<&str> = symptoms.iter().map(|s| s.id.as_str()).collect();
        format!(
            "known symptoms: {} (`hybridlint symptoms` lists them with their titles)",
            all.join(", ")
        )
    } else {
        format!(
            "did you mean {}? (`hybridlint symptoms` lists every symptom)",
            near.join(", ")
        )
    }
}

/// Symptoms the evidence itself shows, each with where: their error text in a transcript; and,
/// for error records no such symptom explains, the catalogue's catch-all symptom for a failed
/// command (`any-error-record = true`), naming the first such record and how many there are.
pub fn in_evidence<'a>(symptoms: &'a [Symptom], model: &Model) -> Vec<(&'a Symptom, String)> {
    let mut out = Vec::new();
    for s in symptoms.iter().filter(|s| !s.patterns.is_empty()) {
        let found = model
            .files
            .iter()
            .filter(|f| f.kind == EvidenceKind::Transcript)
            .find_map(|f| {
                f.lines.numbered().find_map(|(i, line)| {
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
            out.push((s, format!("found in the evidence at {}:{}", l.path, l.line)));
        }
    }
    let explained = |message: &str| {
        symptoms
            .iter()
            .any(|s| s.patterns.iter().any(|p| p.is_match(message)))
    };
    let mut unexplained: Vec<_> = model
        .errors
        .iter()
        .filter(|e| !explained(&e.message))
        .collect();
    unexplained.sort_by_key(|e| (e.file, e.order));
    if let (Some(first), Some(catch_all)) = (
        unexplained.first(),
        symptoms.iter().find(|s| s.file.any_error_record),
    ) {
        let command = first
            .command_name
            .as_deref()
            .map_or_else(String::new, |c| format!("`{c}`: "));
        let more = match unexplained.len() {
            1 => String::new(),
            n => format!(" (and {} more error records)", n - 1),
        };
        out.push((
            catch_all,
            format!(
                "the error record at {}:{}, {command}\"{}\"{more}",
                first.location.path,
                first.location.line,
                crate::secrets::mask(&first.message)
            ),
        ));
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
