//! An evidence bundle handed over as a `.zip`: the archive reader with its entry and size caps,
//! then every loader on each entry, the normaliser and every rule.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    evidence::zip_bundle::load(data.to_vec(), "fuzz.zip", &mut model);
    common::judge(model);
});
