//! The script parser (tree-sitter-powershell and the statement walker, variable resolution) on
//! arbitrary text, then the normaliser and every rule.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    let text = common::source_text(data);
    let lines = text.lines();
    model.files.push(common::source("fuzz.ps1", text.clone()));
    evidence::script::load(&lines, "fuzz.ps1", 0, &mut model);
    common::judge(model);
});
