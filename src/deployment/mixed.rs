//! What only the whole run shows when it holds several deployments: files that name none of
//! them (`input/deployment-unknown`), judged on their own. Runs that rule on the whole model.

use crate::findings::Finding;
use crate::model::Model;
use crate::rules::{self, Rule, RuleSettings, Selection};

/// The rule reporting files that fit no deployment of the run.
pub const RULE: &str = "input/deployment-unknown";

/// That rule's findings over the whole run, when the user's selection has it; `grouping` is the
/// run's model grouped (`super::group`), which the rule takes rather than grouping again.
pub fn findings(
    rules: &[Rule],
    model: &Model,
    grouping: &std::sync::Arc<super::Grouping>,
    selection: &Selection,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let Some(rule) = rules.iter().find(|r| r.id == RULE) else {
        return Vec::new();
    };
    if !selection.includes(rule) {
        return Vec::new();
    }
    let only = Selection {
        select: vec![RULE.to_string()],
        ignore: Vec::new(),
        not_applicable: Default::default(),
    };
    super::while_known(model, grouping, || {
        rules::evaluate(std::slice::from_ref(rule), model, &only, settings)
    })
}
