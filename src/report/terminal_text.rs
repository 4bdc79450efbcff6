//! What reaches a terminal from the evidence is shown, never obeyed: control characters (an ESC
//! starting an ANSI sequence, a carriage return that overwrites the line, NUL, C1 controls) and
//! bidirectional overrides are replaced by visible stand-ins before the human report is drawn.
//! Each character maps to exactly one character, so columns (the underline under a source line)
//! stay where they were.

use std::borrow::Cow;

use crate::findings::Finding;
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
        let needs_stand_in =
            |b: u8| (b < 0x20 && b != b'\t' && !(keep_newlines && b == b'\n')) || b == 0x7F;
        // Eight bytes at a time: only a word holding a control character (a tab or line feed,
        // mostly) is looked at byte by byte. Every text of every finding passes here.
        let mut words = text.as_bytes().chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if may_hold_control(u64::from_le_bytes(word))
                && chunk.iter().any(|&b| needs_stand_in(b))
            {
                return false;
            }
        }
        return !words.remainder().iter().any(|&b| needs_stand_in(b));
    }
    !text.chars().any(|c| stand_in(c, keep_newlines).is_some())
}

/// Whether a word of eight ASCII bytes may hold one below 0x20 or DEL (0x7F); never `false`
/// when it does.
fn may_hold_control(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20 borrows when 0x20 is taken from it; DEL becomes 0x00 when XORed with
    // 0x7F, and then borrows when 1 is taken. (ASCII bytes have the high bit clear.)
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let del = word ^ (ONES * 0x7F);
    let is_del = del.wrapping_sub(ONES) & !del & HIGH;
    below_space | is_del != 0
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

/// A path as shown: itself when it is terminal-safe (nearly always), else a safe copy.
pub fn shown_path(p: &str) -> Cow<'_, str> {
    if shown_as_is(p, false) {
        Cow::Borrowed(p)
    } else {
        Cow::Owned(safe(p, false))
    }
}

fn path(p: &mut SharedPath) {
    if let Cow::Owned(shown) = shown_path(p) {
        *p = SharedPath::from(shown);
    }
}

/// Whether every text of `f` is shown as it is.
fn finding_shown_as_is(f: &Finding) -> bool {
    let path_ok = |l: &Location| shown_as_is(&l.path, false);
    shown_as_is(&f.message, true)
        && f.location.as_ref().is_none_or(path_ok)
        && f.fix.as_deref().is_none_or(|t| shown_as_is(t, true))
        && f.source_line
            .as_ref()
            .is_none_or(|s| shown_as_is(&s.text, false))
        && f.related.iter().all(|r| {
            shown_as_is(&r.message, false)
                && path_ok(&r.location)
                && r.source_line
                    .as_ref()
                    .is_none_or(|s| shown_as_is(&s.text, false))
        })
}

/// `f` with every text terminal-safe: itself when it already is (nearly always), else a
/// rewritten copy. Copying every finding of a large report was a tenth of a human report.
pub fn finding(f: &Finding) -> Cow<'_, Finding> {
    if finding_shown_as_is(f) {
        return Cow::Borrowed(f);
    }
    let mut f = f.clone();
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
    Cow::Owned(f)
}

/// A copy of `report` whose every text is terminal-safe (what the human reporter draws).
pub fn report(report: &Report) -> Report {
    let mut r = all_but_findings(report);
    r.findings = report
        .findings
        .iter()
        .map(|f| finding(f).into_owned())
        .collect();
    r
}

/// A terminal-safe copy of `report` without its findings (`finding` makes each safe as it is
/// drawn): the files, checklist, diagnoses and the rest.
pub fn all_but_findings(report: &Report) -> Report {
    let mut r = Report {
        findings: Vec::new(),
        files: report.files,
        suppressed: report.suppressed,
        baselined: report.baselined,
        paths: report.paths.clone(),
        rules_run: report.rules_run.clone(),
        rules_passed: report.rules_passed.clone(),
        fail_on: report.fail_on,
        checklist: report.checklist.clone(),
        show_checklist: report.show_checklist,
        diagnoses: report.diagnoses.clone(),
        suppressed_findings: report.suppressed_findings.clone(),
        rules_not_run: report.rules_not_run.clone(),
        run: report.run.clone(),
        fix_script: report.fix_script.clone(),
        deployments: report.deployments.clone(),
    };
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
    fn the_word_test_misses_no_control_character() {
        // Every ASCII byte at every place of a word of otherwise plain letters, and whole
        // words of plain text; long texts with one control character at every offset.
        for b in 0u8..0x80 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = b;
                let control = b < 0x20 || b == 0x7F;
                if control {
                    assert!(
                        super::may_hold_control(u64::from_le_bytes(word)),
                        "{b:#x} at {at}"
                    );
                }
            }
        }
        for at in 0..40 {
            for c in ['\u{1b}', '\u{7f}', '\r', '\n', '\t'] {
                let mut text: Vec<char> = "Set-CsOAuthConfiguration -Realm contoso.com"
                    .chars()
                    .collect();
                text.insert(at, c);
                let text: String = text.into_iter().collect();
                for keep in [false, true] {
                    assert_eq!(
                        shown_as_is(&text, keep),
                        safe(&text, keep) == text,
                        "{text:?}"
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
