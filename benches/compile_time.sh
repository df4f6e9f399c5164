#!/usr/bin/env bash
# Compile-time cost of #[derive(Problem)] (issue 17's table).
#
# For each N (default 100 and 1,000) it generates one crate per column, each
# with the same N-variant error enum in three shapes, in turn: a unit
# variant, `{ id: u64, name: String }` and `(String)`, each with a message
# naming its fields:
#   plain                 #[derive(Debug)]
#   thiserror             #[derive(Debug, thiserror::Error)], `#[error("..")]`
#   thiserror+Problem     both derives: `#[error("..")]` and
#                         `#[problem(code, status, title, detail = <the same message>)]`
#   thiserror+Problem dd  both derives, `#[problem(code, status, title, display_detail)]`
#                         (the message written once; not with BASE, which predates it)
#   Problem               #[derive(Debug, problem_core::Problem)] only, with `detail`
# and measures, dependencies warm, dev profile:
#   build   `touch src/lib.rs && cargo build`, CARGO_INCREMENTAL=0
#   check   `touch src/lib.rs && cargo check`, CARGO_INCREMENTAL=0
#   edit    a one-line edit, then `cargo build` with incremental compilation
#           (the editor loop)
# each the median of ROUNDS rounds (default 3), the rounds interleaved over
# the crates so that a noisy moment hits every column alike. Then the size
# of the expansion (`-Zunpretty=expanded` through RUSTC_BOOTSTRAP=1): bytes
# and tokens, per variant above the plain enum. Then the cold build of a
# service that depends on `problem_core` (default features) against one that
# depends on thiserror alone (empty lib, fresh target directory).
#
# BASE=<another checkout of this repository> adds the same Problem columns
# built with that checkout's problem_core, measured in the same rounds (for
# a before/after in one run). Usage:
#
#   BASE=/tmp/base benches/compile_time.sh [N ...]      # ROUNDS=3 COLD=1 KEEP=0
#
# TIMES="build" (or "": none) limits the timed modes; the expansion sizes and
# the cold builds follow them.
#
# Not part of CI: it takes a quarter of an hour of both cores.
#
# Measured (AMD EPYC KVM guest, 2 vCPUs shared with other builds, rustc
# 1.95.0), BASE = a485829 (before issue 17), N = 1,000, median of 2 rounds,
# seconds, and the ratio to thiserror alone in the same run. Two runs; the
# other builds on the machine move single numbers by up to 40%, so compare
# within a row:
#
# | run | mode | plain | thiserror | both (base) | both | both, display_detail | Problem (base) | Problem |
# |---|---|---|---|---|---|---|---|---|
# | 1 | build | 0.72 | 2.15 | 8.07 (3.75x) | 2.85 (1.33x) | 3.05 (1.42x) | 3.89 (1.81x) | 1.80 (0.84x) |
# | 1 | check | 0.60 | 1.79 | 4.22 (2.36x) | 2.41 (1.35x) | 2.34 (1.31x) | 3.48 (1.94x) | 1.72 (0.96x) |
# | 1 | edit  | 0.29 | 0.64 | 1.49 (2.33x) | 0.99 (1.55x) | 0.88 (1.38x) | 1.12 (1.75x) | 0.57 (0.90x) |
# | 2 | build | 0.69 | 2.97 | 6.23 (2.10x) | 2.21 (0.74x) | 2.53 (0.85x) | 3.33 (1.12x) | 1.87 (0.63x) |
# | 2 | check | 0.54 | 1.67 | 3.68 (2.21x) | 2.11 (1.27x) | 1.69 (1.02x) | 2.72 (1.63x) | 1.45 (0.87x) |
# | 2 | edit  | 0.22 | 0.50 | 1.25 (2.51x) | 0.80 (1.61x) | 0.72 (1.46x) | 1.00 (2.00x) | 0.54 (1.09x) |
#
# (Run 2's thiserror build is an outlier: both derives cannot cost less than
# one of them.) Expansion per variant above the plain enum, bytes / tokens:
# thiserror 269 / 42; thiserror + Problem 910 / 98 (display_detail 888 / 96);
# Problem alone 759 / 78, against 1,948 / 244 before (a third of the tokens).
# Where the edit loop's time goes (`RUSTC_BOOTSTRAP=1 cargo rustc -p <crate>
# -- -Z time-passes` after a one-line edit, incremental, N = 1,000, KEEP=1):
# thiserror 2.19 s in all, thiserror + Problem 2.77 s; of the 0.58 s more,
# expansion (the derive, darling included) 0.14 s, type checking 0.07 s and
# borrow checking 0.17 s of the generated match arms, LLVM 0.14 s.
# Cold build of a crate with an empty lib, fresh target directory, one run
# while other builds competed (so only roughly): thiserror 8.5 s,
# problem_core with default features 36.9 s, thiserror and problem_core
# 33.2 s, problem_core before 24.4 s. The dependency tree is the same 22
# crates before and after (`cargo tree -e normal,build`): serde,
# serde_json, and the derive's syn, quote, proc-macro2 and darling; the
# spread is the machine's.
set -euo pipefail

NS=("$@")
[[ ${#NS[@]} -eq 0 ]] && NS=(100 1000)
ROUNDS=${ROUNDS:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/problem-compile-time.XXXXXX")
if [[ "${KEEP:-0}" != 1 ]]; then
    trap 'rm -rf "$WORK"' EXIT
else
    echo "crates in $WORK" >&2
fi

export CARGO_TERM_COLOR=never
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_INCREMENTAL

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l | xargs printf '%.3f'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }

# The enum. $1: derive thiserror::Error; $2: derive Problem; $3: `detail`
# (the message again) or `display_detail`; $4: N.
gen_enum() {
    local te=$1 pb=$2 detail=$3 n=$4 derives='Debug'
    [[ $te == 1 ]] && derives="$derives, thiserror::Error"
    [[ $pb == 1 ]] && derives="$derives, problem_core::Problem"
    echo "#[derive($derives)]"
    [[ $pb == 1 ]] && echo '#[problem(type_base = "https://docs.example.com/errors/")]'
    echo 'pub enum ApiError {'
    local statuses=(400 404 409 422 429 500 503)
    local i msg status problem
    for ((i = 0; i < n; i++)); do
        case $((i % 3)) in
        0) msg="thing $i failed" ;;
        1) msg="thing {id} named {name} failed ($i)" ;;
        2) msg="thing $i failed: {0}" ;;
        esac
        status=${statuses[$((i % 7))]}
        echo "    /// Variant $i."
        [[ $te == 1 ]] && echo "    #[error(\"$msg\")]"
        if [[ $pb == 1 ]]; then
            problem="code = \"ns$((i / 50)).thing_$i\", status = $status, title = \"Thing $i failed\""
            if [[ $detail == display_detail ]]; then
                problem="$problem, display_detail"
            else
                problem="$problem, detail = \"$msg\""
            fi
            echo "    #[problem($problem)]"
        fi
        case $((i % 3)) in
        0) echo "    Unit$i," ;;
        1) echo "    Named$i { id: u64, name: String }," ;;
        2) echo "    Tuple$i(String)," ;;
        esac
    done
    echo '}'
}

# $1 workspace dir, $2 crate name, $3 thiserror, $4 Problem, $5 detail kind,
# $6 N, $7 problem_core checkout.
gen_crate() {
    local ws=$1 name=$2 te=$3 pb=$4 detail=$5 n=$6 core=$7 dir="$1/crates/$2"
    mkdir -p "$dir/src"
    {
        echo '[package]'
        echo "name = \"$name\""
        echo 'version = "0.0.0"'
        echo 'edition = "2024"'
        echo 'publish = false'
        echo '[dependencies]'
        [[ $te == 1 ]] && echo 'thiserror = "2.0.21"'
        [[ $pb == 1 ]] && echo "problem_core = { path = \"$core/problem-core\" }"
    } >"$dir/Cargo.toml"
    {
        echo '//! Generated by benches/compile_time.sh.'
        gen_enum "$te" "$pb" "$detail" "$n"
    } >"$dir/src/lib.rs"
}

# One workspace per problem_core checkout, with its own target directory.
gen_workspace() {
    local ws=$1 core=$2
    mkdir -p "$ws"
    # The repository's lockfile pins the same versions (cargo drops what is unused).
    cp "$REPO/Cargo.lock" "$ws/Cargo.lock"
    {
        echo '[workspace]'
        echo 'resolver = "3"'
        echo 'members = ["crates/*"]'
    } >"$ws/Cargo.toml"
}

# Columns: "label workspace crate".
COLS=()
NEW="$WORK/new"
gen_workspace "$NEW" "$REPO"
[[ -n $BASE ]] && gen_workspace "$WORK/base" "$BASE"
for n in "${NS[@]}"; do
    gen_crate "$NEW" "plain_$n" 0 0 detail "$n" "$REPO"
    gen_crate "$NEW" "thiserror_$n" 1 0 detail "$n" "$REPO"
    gen_crate "$NEW" "both_$n" 1 1 detail "$n" "$REPO"
    gen_crate "$NEW" "bothdd_$n" 1 1 display_detail "$n" "$REPO"
    gen_crate "$NEW" "problem_$n" 0 1 detail "$n" "$REPO"
    COLS+=("plain $NEW plain_$n" "thiserror $NEW thiserror_$n")
    if [[ -n $BASE ]]; then
        gen_crate "$WORK/base" "both_$n" 1 1 detail "$n" "$BASE"
        gen_crate "$WORK/base" "problem_$n" 0 1 detail "$n" "$BASE"
        COLS+=("both(base) $WORK/base both_$n" "problem(base) $WORK/base problem_$n")
    fi
    COLS+=("both $NEW both_$n" "bothdd $NEW bothdd_$n" "problem $NEW problem_$n")
done

cargo_in() { local ws=$1; shift; (cd "$ws" && cargo "$@" --quiet 2>&1); }

echo "== warming the dependencies" >&2
cargo_in "$NEW" build --workspace
cargo_in "$NEW" check --workspace
CARGO_INCREMENTAL=0 cargo_in "$NEW" build --workspace
if [[ -n $BASE ]]; then
    cargo_in "$WORK/base" build --workspace
    cargo_in "$WORK/base" check --workspace
    CARGO_INCREMENTAL=0 cargo_in "$WORK/base" build --workspace
fi

declare -A T
# $1 measure, $2 workspace, $3 crate: seconds.
measure() {
    local what=$1 ws=$2 crate=$3 t0 t1
    case $what in
    build)
        touch "$ws/crates/$crate/src/lib.rs"
        t0=$(now); CARGO_INCREMENTAL=0 cargo_in "$ws" build -p "$crate"; t1=$(now) ;;
    check)
        touch "$ws/crates/$crate/src/lib.rs"
        t0=$(now); CARGO_INCREMENTAL=0 cargo_in "$ws" check -p "$crate"; t1=$(now) ;;
    edit)
        echo "// edit" >>"$ws/crates/$crate/src/lib.rs"
        t0=$(now); CARGO_INCREMENTAL=1 cargo_in "$ws" build -p "$crate"; t1=$(now) ;;
    esac
    elapsed "$t0" "$t1"
}

MODES=${TIMES-build check edit}
for what in $MODES; do
    # One pass before the rounds, not timed: what the first build of each
    # crate in this mode compiles beside it (the incremental cache, a
    # dependency's other profile) is not part of the edit loop.
    for col in "${COLS[@]}"; do
        set -- $col
        measure "$what" "$2" "$3" >/dev/null
    done
    for ((r = 1; r <= ROUNDS; r++)); do
        for col in "${COLS[@]}"; do
            set -- $col
            t=$(measure "$what" "$2" "$3")
            T[$what,$2,$3]="${T[$what,$2,$3]:-} $t"
            echo "   $what round $r $3 ($1): ${t}s" >&2
        done
    done
done

# Tokens as the compiler reads them (identifiers, literals, lifetimes and
# single punctuation characters) in an expanded crate, doc comments left out.
count_tokens() {
    python3 -c '
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
src = re.sub(r"^\s*//.*$", "", src, flags=re.M)
tok = re.compile(r"""
    r(\#*)".*?"\1 | b?"(?:\\.|[^"\\])*" | b?'"'"'(?:\\.|[^'"'"'\\])'"'"'
  | '"'"'[A-Za-z_]\w* | [A-Za-z_]\w* | \d[\w.]* | \S
""", re.X | re.S)
print(sum(1 for _ in tok.finditer(src)))
' "$1"
}

declare -A BYTES TOKENS
for col in "${COLS[@]}"; do
    set -- $col
    out="$WORK/expanded-$(basename "$2")-$3.rs"
    (cd "$2" && RUSTC_BOOTSTRAP=1 cargo rustc --quiet -p "$3" --lib -- -Zunpretty=expanded >"$out" 2>/dev/null)
    BYTES[$2,$3]=$(wc -c <"$out")
    TOKENS[$2,$3]=$(count_tokens "$out")
done

if [[ "${COLD:-1}" == 1 ]]; then
    cold() {
        local dir="$WORK/cold-$1" dep=$2
        mkdir -p "$dir/src"
        printf '[package]\nname = "cold"\nversion = "0.0.0"\nedition = "2024"\n[dependencies]\n%s\n[workspace]\n' "$dep" >"$dir/Cargo.toml"
        cp "$REPO/Cargo.lock" "$dir/Cargo.lock"
        : >"$dir/src/lib.rs"
        # Fetch outside the timing.
        (cd "$dir" && cargo fetch --quiet)
        local t0 t1
        t0=$(now); (cd "$dir" && CARGO_INCREMENTAL=0 cargo build --quiet 2>&1); t1=$(now)
        echo "$(elapsed "$t0" "$t1")"
    }
    COLD_TE=$(cold thiserror 'thiserror = "2.0.21"')
    COLD_PB=$(cold problem "problem_core = { path = \"$REPO/problem-core\" }")
    COLD_BOTH=$(cold both "thiserror = \"2.0.21\"
problem_core = { path = \"$REPO/problem-core\" }")
    if [[ -n $BASE ]]; then
        COLD_PB_BASE=$(cold problem-base "problem_core = { path = \"$BASE/problem-core\" }")
    fi
fi

# ---- the tables ----------------------------------------------------------------

med() { median ${T[$1,$2,$3]}; }

echo
echo "dev profile, $(nproc) cores, $(rustc --version), median of $ROUNDS; seconds"
for what in $MODES; do
    case $what in
    build) echo; echo '`touch src/lib.rs && cargo build`, CARGO_INCREMENTAL=0:' ;;
    check) echo; echo '`touch src/lib.rs && cargo check`, CARGO_INCREMENTAL=0:' ;;
    edit) echo; echo 'one-line edit, then `cargo build` (incremental):' ;;
    esac
    echo
    if [[ -n $BASE ]]; then
        echo '| N | plain enum | thiserror | thiserror + Problem (base) | thiserror + Problem | thiserror + Problem, display_detail | Problem alone (base) | Problem alone |'
        echo '|---|---|---|---|---|---|---|---|'
    else
        echo '| N | plain enum | thiserror | thiserror + Problem | thiserror + Problem, display_detail | Problem alone |'
        echo '|---|---|---|---|---|---|'
    fi
    for n in "${NS[@]}"; do
        te=$(med $what "$NEW" "thiserror_$n")
        cell() { local t; t=$(med $what "$1" "$2"); echo "$t ($(ratio "$t" "$te")x)"; }
        row="| $n | $(med $what "$NEW" "plain_$n") | $te"
        [[ -n $BASE ]] && row="$row | $(cell "$WORK/base" "both_$n")"
        row="$row | $(cell "$NEW" "both_$n") | $(cell "$NEW" "bothdd_$n")"
        [[ -n $BASE ]] && row="$row | $(cell "$WORK/base" "problem_$n")"
        row="$row | $(cell "$NEW" "problem_$n") |"
        echo "$row"
    done
done

echo
echo 'Expansion (`-Zunpretty=expanded`), per variant above the plain enum: bytes / tokens'
echo
echo '| N | thiserror | thiserror + Problem | thiserror + Problem, display_detail | Problem alone | Problem alone (base) |'
echo '|---|---|---|---|---|---|'
for n in "${NS[@]}"; do
    per() {
        local b t
        b=$(((BYTES[$1,$2] - BYTES[$NEW,plain_$n]) / n))
        t=$(((TOKENS[$1,$2] - TOKENS[$NEW,plain_$n]) / n))
        echo "$b / $t"
    }
    base='-'
    [[ -n $BASE ]] && base=$(per "$WORK/base" "problem_$n")
    echo "| $n | $(per "$NEW" "thiserror_$n") | $(per "$NEW" "both_$n") | $(per "$NEW" "bothdd_$n") | $(per "$NEW" "problem_$n") | $base |"
done

if [[ "${COLD:-1}" == 1 ]]; then
    echo
    echo 'Cold build of a service with an empty lib (fresh target directory, CARGO_INCREMENTAL=0):'
    echo
    echo "| thiserror | problem_core (default features) | both |$([[ -n $BASE ]] && echo ' problem_core (base) |')"
    echo "|---|---|---|$([[ -n $BASE ]] && echo '---|')"
    echo "| $COLD_TE | $COLD_PB | $COLD_BOTH |$([[ -n $BASE ]] && echo " $COLD_PB_BASE |")"
fi
