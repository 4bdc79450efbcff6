//! Not a rule: the bound every certificate rule puts on its findings. A file can hold thousands
//! of certificates (a CA bundle, a file of repeated armour); each rule reports at most
//! `MAX_PER_FILE` of them per file and then one finding that says how many more, so the report
//! stays readable and memory stays bounded by the input.

use std::collections::BTreeMap;

use crate::model::{Certificate, Location, MAX_PER_FILE};
use crate::rules::Hit;

/// Hits for `certs` (built by `hit` only for those listed), at most `MAX_PER_FILE` per file, then
/// per file one hit saying how many more certificates `what` (`"have expired"`).
pub(super) fn per_file<'a>(
    certs: impl Iterator<Item = &'a Certificate>,
    what: &str,
    mut hit: impl FnMut(&'a Certificate) -> Hit,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    // file → (certificates seen, its path)
    let mut seen: BTreeMap<usize, (usize, &str)> = BTreeMap::new();
    for cert in certs {
        let entry = seen.entry(cert.file).or_insert((0, &cert.location.path));
        entry.0 += 1;
        if entry.0 <= MAX_PER_FILE {
            hits.push(hit(cert));
        }
    }
    for (count, path) in seen.into_values() {
        if count > MAX_PER_FILE {
            hits.push(Hit::new(
                format!(
                    "{} more certificates in `{}` {what}; not listed one by one (the first {MAX_PER_FILE} are)",
                    count - MAX_PER_FILE,
                    super::cert_common::basename(path)
                ),
                Some(Location::file(path)),
                None,
            ));
        }
    }
    hits
}
