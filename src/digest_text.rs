//! A digest (a certificate's thumbprint, a finding's fingerprint) as hexadecimal text.
//! `hex::encode` builds its string a character at a time through an iterator: about fourteen
//! hundred instructions for a 20-byte SHA-1, paid for every certificate read and every finding
//! a JSON, GitLab or SARIF report prints (issue #14).

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// `bytes` as lower-case hexadecimal, two digits a byte (a fingerprint).
pub fn lower(bytes: &[u8]) -> String {
    with_digits(bytes, LOWER)
}

/// `bytes` as upper-case hexadecimal, two digits a byte (a thumbprint, as Windows shows it).
pub fn upper(bytes: &[u8]) -> String {
    with_digits(bytes, UPPER)
}

fn with_digits(bytes: &[u8], digits: &[u8; 16]) -> String {
    // Written as bytes into their places, then taken as text: pushing each digit as a `char`
    // checked its encoding and the room left every time.
    let mut text = vec![0u8; bytes.len() * 2];
    for (pair, b) in text.chunks_exact_mut(2).zip(bytes) {
        pair[0] = digits[usize::from(b >> 4)];
        pair[1] = digits[usize::from(b & 0x0F)];
    }
    // Every byte written is an ASCII digit or letter.
    String::from_utf8(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The same text as the `hex` crate gives.
        #[test]
        fn digits_are_the_hex_crates(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(super::lower(&bytes), hex::encode(&bytes));
            prop_assert_eq!(super::upper(&bytes), hex::encode_upper(&bytes));
        }
    }
}
