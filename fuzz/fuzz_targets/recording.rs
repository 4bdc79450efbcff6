//! The recorded-probe loader on arbitrary text (JSON or not), then every rule over what it read.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    let text = common::source_text(data);
    let lines = text.lines();
    model.files.push(common::source("fuzz.json", text.clone()));
    evidence::recording::load(&lines, "fuzz.json", &mut model);
    common::judge(model);
});
