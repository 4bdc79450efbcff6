//! Levenshtein distance over characters: how near a mistyped id or variable name is to the one
//! meant, so messages can name it.

/// The number of single-character insertions, deletions and substitutions turning `a` into `b`.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("tenantid"), &c("tennantid")), 1);
        assert_eq!(edit_distance(&c("abc"), &c("abc")), 0);
        assert_eq!(edit_distance(&c(""), &c("ab")), 2);
    }
}
