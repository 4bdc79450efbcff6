//! Texts that test a hand-written report writer's escaping against serde's: empty, quotes and
//! backslashes, control characters, text beyond ASCII, and every ASCII character at once.

/// The texts, each a finding's rule, message, path or fix in the writers' tests.
pub(super) fn texts() -> Vec<String> {
    let every_ascii_char: String = (0u8..=0x7f).map(char::from).collect();
    vec![
        String::new(),
        "plain".to_string(),
        "\"quoted\" and \\back\\slashed\\".to_string(),
        "lines\nand\r\ntabs\t, \u{8}\u{c}\u{1}\u{1f}\u{7f}".to_string(),
        "ünïcödé — “quotes” 𝄞".to_string(),
        every_ascii_char,
    ]
}
