#!/usr/bin/env bash
# Scaffolds a rule: `scripts/new-rule.sh AREA/NAME [--builtin]`.
#
# Creates rules/AREA/NAME.toml (to fill in), its trigger and pass fixture folders under
# fixtures/rules/AREA/NAME/, and with --builtin the check module
# src/rules/builtin/AREA/NAME.rs plus its line in the builtins! table. Then write the fixtures,
# run `cargo test --test rule_fixtures`, review the new snapshot (tests/snapshots/*.snap.new)
# and move it over the .snap. Until the trigger fixture makes the rule fire, the tests fail:
# nothing here passes as done.
set -euo pipefail

usage() { echo "usage: scripts/new-rule.sh AREA/NAME [--builtin]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
id=$1
builtin=false
[[ ${2:-} == --builtin ]] && builtin=true
[[ $id =~ ^[a-z0-9-]+/[a-z0-9-]+$ ]] || { echo "rule id must be <area>/<name> in lower-case kebab-case: $id" >&2; exit 2; }
area=${id%/*}
name=${id#*/}
module=${name//-/_}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

toml=rules/$id.toml
[[ -e $toml ]] && { echo "$toml exists already" >&2; exit 1; }
mkdir -p "rules/$area"

if $builtin; then
  check='[[check]]
kind = "builtin"
name = "'"$id"'"'
else
  check='[[check]]
kind = "require"
collection = "configuration.oauth_settings"   # see `hybridlint rules` and README "Rules" for the collections
scope = "on-premises"
where = [{ field = "name", equals = "ServiceName" }]
message = "what is missing, in one line"
fix = "the paste-ready fix"'
fi

cat > "$toml" <<TOML
# Written by scripts/new-rule.sh: replace every line below with the rule's own text.
name = "$(echo "$name" | sed -E 's/(^|-)([a-z])/\U\2/g')"
severity = "warning"
summary = "One line: what is wrong"
explanation = """
What breaks, and the symptom a user sees. Say where the facts come from.
"""
fix = "How to fix it, in general (each finding carries its own paste-ready fix)."
references = ["https://learn.microsoft.com/…"]
# The procedure step it judges (a step id of procedures/*.toml), and whether firing means the step is
# missing (default: failed). Leave both out when the rule judges no step.
# step = "oauth-server"
# step-status = "missing"

$check
TOML

for kind in trigger pass; do
  dir=fixtures/rules/$id/$kind
  mkdir -p "$dir"
  cat > "$dir/hybridlint.toml" <<CFG
# Facts the administrator knows about this deployment. Put the evidence that $( [[ $kind == trigger ]] && echo "makes $id fire" || echo "passes $id" ) beside this file.
CFG
done

if $builtin; then
  file=src/rules/builtin/$area/$module.rs
  mkdir -p "src/rules/builtin/$area"
  cat > "$file" <<RS
//! \`$id\`: what this check finds, and why it matters (one paragraph).

use crate::model::Model;
use crate::rules::Hit;
use crate::rules::template::Context;

pub(crate) fn check(model: &Model, _: &toml::Table, _: &Context) -> Vec<Hit> {
    let _ = model;
    Vec::new()
}
RS
  table=src/rules/builtin/mod.rs
  entry="        $module => \"$id\","
  if grep -q "^    $area {\$" "$table"; then
    # Into the area's block, before its closing brace.
    awk -v area="    $area {" -v entry="$entry" '
      $0 == area { inside = 1 }
      inside && $0 == "    }" { print entry; inside = 0 }
      { print }' "$table" > "$table.new"
  else
    # A new area: its own block at the end of the table.
    awk -v block="    $area {\n$entry\n    }" '
      /^builtins! \{$/ { intable = 1 }
      intable && $0 == "}" { print block; intable = 0 }
      { print }' "$table" > "$table.new"
  fi
  mv "$table.new" "$table"
  echo "created $file and registered it in $table"
fi

echo "created $toml and fixtures/rules/$id/{trigger,pass}"
echo "next: fill them in, then cargo test --test rule_fixtures and review tests/snapshots/rule_fixtures__${area}__${name}.snap.new"
