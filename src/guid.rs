//! GUID shapes: what a correct id looks like, and how a near miss differs. Shared by the loaders
//! (to recognise ids) and the guid rules (to explain mistakes).

/// The group lengths of a GUID: 8-4-4-4-12.
pub const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip(GROUPS)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Lengths of the dash-separated groups of a GUID-like token.
pub fn group_lengths(s: &str) -> Vec<usize> {
    s.split('-').map(|g| g.chars().count()).collect()
}
