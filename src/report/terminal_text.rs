//! What reaches a terminal from the evidence is shown, never obeyed: control characters (an ESC
//! starting an ANSI sequence, a carriage return that overwrites the line, NUL, C1 controls) and
//! bidirectional overrides are replaced by visible stand-ins before the human report is drawn.
//! Each character maps to exactly one character, so columns (the underline under a source line)
//! stay where they were.

use crate::model::{Location, SharedPath};
use crate::run_report::Report;

/// The stand-in for `c`, or `None` when `c` is shown as it is. Tabs are kept (the snippet
/// renderer expands them); line feeds are kept where the text may have several lines.
fn stand_in(c: char, keep_newlines: bool) -> Option<char> {
    match c {
        '\t' => None,
        '\n' if keep_newlines => None,
        // The Control Pictures block: ␀ ␁ … ␛ … ␟, and ␡ for DEL.
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        // NEL and the Unicode line and paragraph separators: the symbol for newline.
        '\u{85}' | '\u{2028}' | '\u{2029}' => Some('\u{2424}'),
        // C1 controls (CSI is U+009B), bidirectional embeddings, overrides and isolates,
        // and the zero-width marks that reorder or hide text.
        '\u{80}'..='\u{9F}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some('\u{FFFD}'),
        _ => None,
    }
}

/// `text` with every control character and bidirectional control shown by a visible stand-in.
pub fn safe(text: &str, keep_newlines: bool) -> String {
    text.chars()
        .map(|c| stand_in(c, keep_newlines).unwrap_or(c))
        .collect()
}

/// Whether `safe` would give `text` back unchanged. Nearly every text is, and the report is
/// made safe finding by finding: rewriting each text (and giving each path a fresh copy) was a
/// tenth of a human report of 2,500 findings.
fn shown_as_is(text: &str, keep_newlines: bool) -> bool {
    if text.is_ascii() {
        return !text
            .bytes()
            .any(|b| (b < 0x20 && b != b'\t' && !(keep_newlines && b == b'\n')) || b == 0x7F);
    }
    !text.chars().any(|c| stand_in(c, keep_newlines).is_some())
}

fn line(text: &mut String) {
    if !shown_as_is(text, false) {
        *text = safe(text, false);
    }
}

fn lines(text: &mut String) {
    if !shown_as_is(text, true) {
        *text = safe(text, true);
    }
}

fn location(l: &mut Option<Location>) {
    if let Some(l) = l {
        path(&mut l.path);
    }
}

fn path(p: &mut SharedPath) {
    if !shown_as_is(p, false) {
        *p = SharedPath::from(safe(p, false));
    }
}

/// A copy of `report` whose every text is terminal-safe (what the human reporter draws).
pub fn report(report: &Report) -> Report {
    let mut r = report.clone();
    for f in &mut r.findings {
        lines(&mut f.message);
        location(&mut f.location);
        if let Some(fix) = &mut f.fix {
            lines(fix);
        }
        if let Some(s) = &mut f.source_line {
            line(&mut s.text);
        }
        for related in &mut f.related {
            line(&mut related.message);
            path(&mut related.location.path);
            if let Some(s) = &mut related.source_line {
                line(&mut s.text);
            }
        }
    }
    for p in &mut r.paths {
        line(p);
    }
    if let Some(c) = &mut r.checklist {
        for s in &mut c.steps {
            line(&mut s.title);
            line(&mut s.detail);
            location(&mut s.location);
        }
    }
    for d in &mut r.diagnoses {
        line(&mut d.symptom.title);
        line(&mut d.matched_by);
        for c in &mut d.shown {
            line(&mut c.why);
            for f in &mut c.findings {
                line(&mut f.message);
                location(&mut f.location);
            }
        }
        for c in &mut d.ruled_out {
            line(&mut c.evidence);
            location(&mut c.location);
        }
        for c in &mut d.open {
            lines(&mut c.command);
            line(&mut c.evidence_file);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::{safe, shown_as_is};

    #[test]
    fn a_text_is_left_alone_exactly_when_safe_would_not_change_it() {
        // Every character of the first planes that hold any stand-in, alone and inside ASCII
        // and non-ASCII text, in both modes.
        for code in (0..=0x3000u32).chain([0xFEFF, 0xFFFD, 0x1F600]) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for text in [
                c.to_string(),
                format!("ab{c}cd"),
                format!("é{c}"),
                format!("{c}\t"),
            ] {
                for keep in [false, true] {
                    assert_eq!(
                        shown_as_is(&text, keep),
                        safe(&text, keep) == text,
                        "{text:?} keep_newlines={keep}"
                    );
                }
            }
        }
    }

    #[test]
    fn escapes_are_shown_not_obeyed() {
        assert_eq!(safe("a\u{1b}[31mred\u{1b}[0m", false), "a␛[31mred␛[0m");
        assert_eq!(safe("ok\rfake", false), "ok␍fake");
        assert_eq!(safe("x\u{9b}2J\u{202e}y", false), "x\u{FFFD}2J\u{FFFD}y");
        assert_eq!(safe("one\ntwo\tthree", true), "one\ntwo\tthree");
        assert_eq!(safe("one\ntwo", false), "one␊two");
        assert_eq!(safe("\u{0}\u{7f}\u{2028}", false), "␀␡␤");
    }
}
