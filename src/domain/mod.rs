//! Shared facts both sides of the pipeline read: the loaders that record them and the rules that
//! judge them. Dates as PowerShell prints and administrators type them, the variables PowerShell
//! defines itself, the limits the probes read within, the seed procedure's id. Nothing here reads
//! files, the network or any other module of the crate.

pub mod automatic_variables;
pub mod dates;
pub mod limits;
pub mod procedure_ids;
