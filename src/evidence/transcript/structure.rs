//! The layout of a transcript: `*****` delimited header, footer and invocation-header blocks,
//! prompt lines with their `>>` continuations, and the output between them. Keyed on delimiters,
//! timestamps and prompts rather than English words, so localised transcripts read the same.

use std::sync::LazyLock;

use regex::Regex;

/// `PS C:\Users\admin> `, `PS>`, `[PS] C:\Windows\system32>` and the SfB/Lync shells' prompts.
static PROMPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[PS\] [^>]*>|PS(?: [^>]*)?>)[ \t]?").expect("static regex"));

/// `PS>` followed by a pipeline event (system-wide transcription), which is output, not a command.
static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:CommandInvocation|ParameterBinding|TerminatingError|NonTerminatingError)\(")
        .expect("static regex")
});

static DELIMITER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*{10,}\s*$").expect("static regex"));
static STAMP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d{14}\b").expect("static regex"));

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Segment<'a> {
    /// A command typed at a prompt: 0-based first line, the column where the command starts after
    /// the prompt (in characters), and the command text with continuation lines joined by `\n`.
    Command {
        line: usize,
        column: usize,
        text: String,
    },
    /// Output lines with their 0-based line numbers, borrowed from the file's text.
    Output { lines: Vec<(usize, &'a str)> },
    /// A header or footer: a session started or ended.
    Boundary,
}

/// A transcript has a `*****` header with a 14-digit timestamp, or at least one prompt line.
pub fn looks_like_transcript(lines: &[&str]) -> bool {
    let header = lines
        .windows(3)
        .take(200)
        .any(|w| is_delimiter(w[0]) && (STAMP.is_match(w[2]) || STAMP.is_match(w[1])));
    header
        || lines
            .iter()
            .take(5000)
            .any(|l| prompt_len(l).is_some_and(|n| !l[n..].trim().is_empty()))
}

/// The length in bytes of the prompt at the start of `line`, if it has one.
/// A `**********` line; the pattern runs only on lines that start with ten stars.
fn is_delimiter(line: &str) -> bool {
    line.starts_with("**********") && DELIMITER.is_match(line)
}

fn prompt_len(line: &str) -> Option<usize> {
    // Every line is tried: the pattern runs only on lines that start as every prompt starts.
    if !(line.starts_with("PS") || line.starts_with("[PS] ")) {
        return None;
    }
    let m = PROMPT.find(line)?;
    if EVENT.is_match(&line[m.end()..]) {
        return None;
    }
    Some(m.end())
}

pub(super) fn segments<'a>(lines: &[&'a str]) -> Vec<Segment<'a>> {
    let mut out = Vec::new();
    let mut output: Vec<(usize, &'a str)> = Vec::new();
    let flush = |output: &mut Vec<(usize, &'a str)>, out: &mut Vec<Segment<'a>>| {
        if !output.is_empty() {
            out.push(Segment::Output {
                lines: std::mem::take(output),
            });
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_delimiter(line) {
            // A delimited block: header (start), footer (end) or invocation header. Skip to the
            // closing delimiter; only a header or footer (which carry more than one line) ends a session.
            let close = lines[i + 1..]
                .iter()
                .take(40)
                .position(|l| is_delimiter(l))
                .map(|p| p + i + 1);
            if let Some(end) = close {
                flush(&mut output, &mut out);
                let inner = &lines[i + 1..end];
                let invocation = inner.len() == 1;
                if !invocation {
                    out.push(Segment::Boundary);
                }
                i = end + 1;
                // "Transcript started, output file is …" follows a header.
                if !invocation
                    && lines.get(i).is_some_and(|l| {
                        l.contains(':')
                            && !l.starts_with("PS")
                            && l.to_ascii_lowercase().contains("transcript")
                    })
                {
                    i += 1;
                }
                continue;
            }
        }
        if let Some(n) = prompt_len(line) {
            flush(&mut output, &mut out);
            let column = line[..n].chars().count();
            let mut text = line[n..].to_string();
            let mut j = i + 1;
            // `>> ` continuation prompts carry the rest of a multi-line command.
            while let Some(next) = lines.get(j) {
                let Some(rest) = next.strip_prefix(">>") else {
                    break;
                };
                text.push('\n');
                text.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                j += 1;
            }
            if !text.trim().is_empty() {
                out.push(Segment::Command {
                    line: i,
                    column,
                    text,
                });
            }
            i = j;
            continue;
        }
        output.push((i, line));
        i += 1;
    }
    flush(&mut output, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn header_prompt_continuation_and_footer() {
        let t = lines(
            "**********************\nWindows PowerShell transcript start\nStart time: 20141126103557\n**********************\nTranscript started, output file is C:\\t.txt\nPS C:\\> Get-X `\n>> -Y 1\nout\n**********************\nCommand start time: 20141126103600\n**********************\nPS>Get-Z\n**********************\nWindows PowerShell transcript end\nEnd time: 20141126104012\n**********************\n",
        );
        assert!(looks_like_transcript(&t));
        let s = segments(&t);
        assert_eq!(s[0], Segment::Boundary);
        assert_eq!(
            s[1],
            Segment::Command {
                line: 5,
                column: 8,
                text: "Get-X `\n-Y 1".into()
            }
        );
        assert_eq!(
            s[2],
            Segment::Output {
                lines: vec![(7, "out")]
            }
        );
        assert_eq!(
            s[3],
            Segment::Command {
                line: 11,
                column: 3,
                text: "Get-Z".into()
            }
        );
        assert_eq!(s[4], Segment::Boundary);
    }

    #[test]
    fn localised_header_and_ems_prompt() {
        let t = lines(
            "**********************\nBeginn des Windows PowerShell-Transkripts\nStartzeit: 20141126103557\n**********************\n[PS] C:\\Windows\\system32>Get-AuthConfig",
        );
        assert!(looks_like_transcript(&t));
        assert!(
            matches!(&segments(&t)[1], Segment::Command { text, .. } if text == "Get-AuthConfig")
        );
    }

    #[test]
    fn pipeline_events_are_output() {
        let t = lines("PS>TerminatingError(): \"System error.\"");
        assert_eq!(
            segments(&t),
            vec![Segment::Output {
                lines: vec![(0, "PS>TerminatingError(): \"System error.\"")]
            }]
        );
    }

    /// The guards before the prompt and delimiter patterns turn no match away.
    #[test]
    fn the_guards_never_turn_a_match_away() {
        let lines = super::super::test_lines::corpus_lines();
        let (mut prompts, mut delimiters) = (0, 0);
        for line in &lines {
            for l in [
                line.clone(),
                line.trim().to_string(),
                format!("PS C:\\> {line}"),
            ] {
                let pattern = PROMPT
                    .find(&l)
                    .filter(|m| !EVENT.is_match(&l[m.end()..]))
                    .map(|m| m.end());
                prompts += usize::from(pattern.is_some());
                delimiters += usize::from(DELIMITER.is_match(&l));
                assert_eq!(prompt_len(&l), pattern, "{l:?}");
                assert_eq!(is_delimiter(&l), DELIMITER.is_match(&l), "{l:?}");
            }
        }
        assert!(
            prompts > 1_000 && delimiters > 100,
            "{prompts} {delimiters}"
        );
    }
}
