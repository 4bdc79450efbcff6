#!/usr/bin/env bash
# Fuzzes every target in turn, one process each (the machine is shared), starting from the
# committed corpus plus seeds taken from fixtures/, then minimises the corpus back into
# fuzz/corpus/<target>. Crashes land in fuzz/artifacts/<target>/.
#   bash fuzz/run.sh [SECONDS-PER-TARGET] [TARGET...]
# Needs nightly and cargo-fuzz: rustup toolchain install nightly; cargo install cargo-fuzz --locked
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-240}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(certificate transcript script metadata recording clixml printed zip_bundle csv_export json_export)

seed() {
  local target=$1 dir=corpus-work/$1
  mkdir -p "$dir" "corpus/$target"
  cp -n corpus/"$target"/* "$dir"/ 2>/dev/null || true
  case $target in
    certificate) find ../fixtures \( -name '*.cer' -o -name '*.crt' -o -name '*.pem' -o -name '*.p7b' -o -name '*.pfx' -o -name '*.key' -o -name '*.csr' \) ;;
    transcript) find ../fixtures -name '*.txt' ;;
    script) find ../fixtures -name '*.ps1' ;;
    metadata) grep -rl '"keys"' ../fixtures --include='*.json' ;;
    recording) grep -rl 'hybridlint-recording' ../fixtures --include='*.json' ;;
    clixml) grep -rl 'schemas.microsoft.com/powershell/2004/04' ../fixtures --include='*.xml' ;;
    printed) find ../fixtures/printed-output ../fixtures/exchange/printed -name '*.txt' ;;
    zip_bundle) find ../fixtures -name '*.zip' ;;
    csv_export) find ../fixtures -name '*.csv' ;;
    json_export) find ../fixtures/exports ../fixtures/bundle ../fixtures/exchange -name '*.json' ;;
  esac | while read -r f; do cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"; done
}

for t in "${targets[@]}"; do
  seed "$t"
  echo "== $t: fuzzing for $seconds s"
  cargo +nightly fuzz run -O "$t" "corpus-work/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    2>&1 | tee "corpus-work/$t.log" | grep -E '^#[0-9]+ +(pulse|DONE)|^(stat::|==|SUMMARY|Done)' || true
  echo "== $t: minimising"
  cargo +nightly fuzz cmin -O "$t" "corpus-work/$t" >/dev/null 2>&1 || true
  rm -rf "corpus/$t" && cp -r "corpus-work/$t" "corpus/$t"
  echo "== $t: $(ls "corpus/$t" | wc -l) inputs, $(du -sh "corpus/$t" | cut -f1)"
done
