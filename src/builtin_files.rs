//! The built-in data files (`rules/**/*.toml`, `procedures/*.toml`) as a run reads them. Every
//! run reads all of them before any evidence, so `build.rs` turns each into JSON, which reads
//! several times faster than TOML; a file it could not convert (`""`) is read from its TOML,
//! whose error then names the file as it is written. Both catalogues read their files here.

use serde::de::DeserializeOwned;

/// A table `build.rs` writes: `(id, text)` per file, in the order of the files.
pub type Table = [(&'static str, &'static str)];

/// The JSON made of file `i` of a table whose TOML entry is `id`: `""` when the JSON table has
/// no such entry in that place.
pub fn json_of(json: &Table, i: usize, id: &str) -> &'static str {
    json.get(i)
        .filter(|(json_id, _)| *json_id == id)
        .map_or("", |(_, text)| *text)
}

/// A built-in file read from its JSON, or else from its TOML `text` (the TOML's error, as
/// text, when that does not read either).
pub fn read<T: DeserializeOwned>(json: &str, text: &str) -> Result<T, String> {
    match serde_json::from_str(json) {
        Ok(file) => Ok(file),
        Err(_) => toml::from_str(text).map_err(|e| e.to_string()),
    }
}

/// For the catalogues' tests: every file of `toml` has its JSON in `json`, in the same place,
/// and reads from it as `T` exactly as from its TOML.
#[cfg(test)]
pub fn assert_json_is_toml<T: DeserializeOwned + std::fmt::Debug>(toml: &Table, json: &Table) {
    assert_eq!(json.len(), toml.len());
    for ((id, text), (json_id, json)) in toml.iter().zip(json) {
        assert_eq!(id, json_id);
        assert!(!json.is_empty(), "{id}: not converted");
        let from_json: T = serde_json::from_str(json).expect("the JSON reads");
        let from_toml: T = toml::from_str(text).expect("the TOML reads");
        assert_eq!(format!("{from_json:?}"), format!("{from_toml:?}"), "{id}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &Table = &[("a", "x = 1"), ("b", "x = 2")];

    #[test]
    fn json_is_found_only_in_its_place() {
        let json: &Table = &[("a", r#"{"x":1}"#), ("b", r#"{"x":2}"#)];
        assert_eq!(json_of(json, 1, "b"), r#"{"x":2}"#);
        assert_eq!(json_of(json, 1, "a"), "");
        assert_eq!(json_of(json, 2, "c"), "");
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct File {
        x: i64,
    }

    #[test]
    fn a_file_reads_from_its_json_else_from_its_toml() {
        assert_eq!(read::<File>(r#"{"x":3}"#, TOML[0].1), Ok(File { x: 3 }));
        assert_eq!(read::<File>("", TOML[1].1), Ok(File { x: 2 }));
        let err = read::<File>("", "x = [").expect_err("neither reads");
        assert!(!err.is_empty());
    }
}
