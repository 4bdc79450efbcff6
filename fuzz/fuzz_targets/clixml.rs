//! The `Export-Clixml` reader (roxmltree with DTDs refused and a node limit, the MS-PSRP
//! deserialiser with its depth, value and byte-array limits, objects to records) on arbitrary
//! text, then the normaliser and every rule.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    let text = common::source_text(data);
    let lines = text.lines();
    model.files.push(common::source("fuzz.xml", text.clone()));
    evidence::clixml::load(&lines, "fuzz.xml", 0, &mut model);
    common::judge(model);
});
