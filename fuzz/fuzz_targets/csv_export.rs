//! `Export-Csv` output: recognition and the CSV reader (with its limits) on arbitrary
//! text, then the normaliser and every rule.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    let text = common::source_text(data);
    let lines = text.lines();
    let _ = evidence::exported::looks_like_csv(&lines);
    model.files.push(common::source("fuzz.csv", text.clone()));
    evidence::exported::load_csv(&lines, "fuzz.csv", 0, &mut model);
    common::judge(model);
});
