//! Printed cmdlet output without a transcript (recognition by the procedure's properties, the
//! Format-List/Table parsers, byte arrays) on arbitrary text, then the normaliser and every rule.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    let text = common::source_text(data);
    let lines = text.lines();
    let _ = evidence::printed::looks_like_printed(&lines);
    model.files.push(common::source("fuzz.txt", text.clone()));
    evidence::printed::load(&lines, "fuzz.txt", 0, &mut model);
    common::judge(model);
});
