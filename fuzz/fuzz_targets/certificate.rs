//! The certificate loader on arbitrary bytes, under a certificate name (always claimed) and under
//! a neutral one (recognised by content, or handed on to the text loaders), then the rules.
#![no_main]

use hybridlint::evidence;
use hybridlint_fuzz_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut model = common::model();
    evidence::certificate::load(data, "fuzz.cer", 0, &mut model);
    evidence::load_bytes(data.to_vec(), "fuzz.bin", &mut model);
    common::judge(model);
});
