//! Text reports written in pieces as they are built: the human, concise, JUnit, GitHub and Azure
//! reports of a failing transcript folder's tens of thousands of findings are tens of megabytes,
//! which built whole before writing (and the room a growing string leaves) was a third of the
//! run's peak memory (issue #14). Each report still builds its text with `push_str` and `write!`;
//! it hands what it has to the writer whenever that passes [`PIECE`]. (JSON, SARIF and GitLab
//! write through a buffer as they go.)

use std::io;

/// Bytes of report text held before they are written: large enough that a writer sees few
/// calls, small beside the report.
const PIECE: usize = 1 << 16;

/// Writes `text` to `sink` and empties it once it holds [`PIECE`] bytes or more.
pub(super) fn pass_on_when_full(text: &mut String, sink: &mut dyn io::Write) -> io::Result<()> {
    if text.len() >= PIECE {
        sink.write_all(text.as_bytes())?;
        text.clear();
    }
    Ok(())
}

/// The whole text a report's `write` gives, for callers that want a string.
pub(super) fn to_string(write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) -> String {
    let mut bytes = Vec::new();
    // Writing to memory does not fail, and every piece written is a string's text.
    let _ = write(&mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_reach_the_writer_in_order_and_whole() {
        let mut sink = Vec::new();
        let mut text = String::new();
        let mut expected = String::new();
        for i in 0..20_000 {
            let line = format!("line {i}\n");
            text.push_str(&line);
            expected.push_str(&line);
            pass_on_when_full(&mut text, &mut sink).expect("writes to memory");
            assert!(text.len() < PIECE);
        }
        sink.extend_from_slice(text.as_bytes());
        assert!(expected.len() > 2 * PIECE, "the test writes several pieces");
        assert_eq!(String::from_utf8(sink).expect("utf-8"), expected);
    }
}
