//! `procedure/unrecognised`: the evidence uses cmdlets of the server-to-server OAuth family but
//! fits none of the known procedures (`procedure::recognise` says where). One info for the whole
//! run, instead of judging the evidence as the default procedure.

use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let Some(at) = &model.recognition.unrecognised else {
        return Vec::new();
    };
    vec![Hit::new(
        format!(
            "`{}` is a server-to-server OAuth step, but the evidence fits none of the integrations hybridlint knows: no procedure's steps are demanded of it",
            command_name(model, at).unwrap_or("this command")
        ),
        Some(at.clone()),
        Some("hybridlint procedures   # the integrations known, and how each is recognised; --procedure ID chooses one".to_string()),
    )]
}

fn command_name<'a>(model: &'a Model, at: &crate::model::Location) -> Option<&'a str> {
    model
        .commands
        .iter()
        .find(|c| c.location == *at)
        .map(|c| c.name.as_str())
}
