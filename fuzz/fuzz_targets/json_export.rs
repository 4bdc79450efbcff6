//! `ConvertTo-Json` output: recognition and the JSON reader (with its limits) on arbitrary
//! text, then the normaliser and every rule.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    let text = common::source_text(data);
    let lines = text.lines();
    let _ = evidence::exported::looks_like_json(&lines);
    model.files.push(common::source("fuzz.json", text.clone()));
    evidence::exported::load_json(&lines, "fuzz.json", 0, &mut model);
    common::judge(model);
});
