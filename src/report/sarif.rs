//! SARIF 2.1.0 output for code-scanning upload.

use super::ReportInput;

pub fn render(input: &ReportInput) -> String {
    let _ = input;
    String::from("{}\n")
}
