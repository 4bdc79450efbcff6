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

/// The distance between `a` and `b` when it is at most `max`, else `None`; only the band of cells
/// within `max` of the diagonal is computed, and the walk stops as soon as every cell of a row is
/// over `max`. Transcripts hold thousands of ids, nearly all of them far from every well-known one.
pub fn within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let over = max + 1;
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut cur = vec![over; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let from = row.saturating_sub(max).max(1);
        let to = (row + max).min(b.len());
        cur.fill(over);
        cur[0] = row.min(over);
        let mut best = cur[0];
        for j in from..=to {
            let sub = prev[j - 1] + usize::from(*ca != b[j - 1]);
            let value = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(over);
            cur[j] = value;
            best = best.min(value);
        }
        if best > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_agrees_with_the_full_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "tenantid",
            "tennantid",
            "tenantd",
            "00000004",
            "0000004",
            "000000004",
            "0ff1ce00",
            "off1ce00",
            "xyz",
            "abcdef",
            "badcfe",
        ];
        for x in words {
            for y in words {
                for max in 0..4 {
                    let full = edit_distance(&c(x), &c(y));
                    let want = (full <= max).then_some(full);
                    assert_eq!(within(&c(x), &c(y), max), want, "{x:?} {y:?} {max}");
                }
            }
        }
    }

    #[test]
    fn distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("tenantid"), &c("tennantid")), 1);
        assert_eq!(edit_distance(&c("abc"), &c("abc")), 0);
        assert_eq!(edit_distance(&c(""), &c("ab")), 2);
    }
}
