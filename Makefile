# chitieu — make targets. Tests, the binary and benchmarks share the release
# profile so dependencies compile once per machine.

CARGO ?= cargo
BIN := target/release/chitieu
CONFIG ?= config/chitieu.toml
export CARGO_TERM_COLOR ?= never

.PHONY: all report test build fmt lint eval units samples workbook-fixtures bench bench-peers render fuzz clean

all: build

## build: the release binary
build:
	$(CARGO) build --release --bin chitieu

## report: build, then consolidate data/ per config/chitieu.toml into out/
report: build
	$(BIN) run --config $(CONFIG)

## test: unit, property and end-to-end tests (release profile)
test:
	$(CARGO) test --release

## fmt: format the code
fmt:
	$(CARGO) fmt --all

## lint: formatting check and clippy with warnings as errors
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --all-targets -- -D warnings

## eval: score text extraction on the development set, per case
eval: build
	$(CARGO) test --release --test it text::dev_set_precision_and_recall -- --nocapture

## units: regenerate config/units.toml from the administrative-unit reference
units:
	python3 tools/gen_units.py ../shared/reference/admin_units_vn_2025-03-01.tsv -o config/units.toml

## bench: the harness (N = 300 and 3,000 against the floor), stages and criterion benches; see BENCHMARKS.md
bench:
	bash tools/bench.sh
	$(CARGO) bench --bench parsers
	$(CARGO) bench --bench text

## bench-peers: the same job in pandas+openpyxl and polars+fastexcel (venv under target/), ratios to chitieu
bench-peers:
	bash tools/bench-peers.sh

## samples: regenerate the sample workbooks under data/
samples:
	$(CARGO) run --release --example gen_samples

## workbook-fixtures: regenerate tests/fixtures/workbooks/ (.xls/.ods need LibreOffice's soffice)
workbook-fixtures:
	$(CARGO) run --release --example gen_variants

## fuzz: every fuzz target for FUZZ_SECONDS each (cargo install cargo-fuzz; stable Rust via RUSTC_BOOTSTRAP)
FUZZ_SECONDS ?= 600
fuzz:
	command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz
	cd fuzz && for t in number text docx; do \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=30 || exit 1; done
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O workbook corpus/workbook ../../shared/fixtures/calamine -- \
	  -fork=1 -ignore_ooms=1 -ignore_crashes=1 -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=30

clean:
	rm -rf out

## render: the workbook as PDF and PNG pages (installs LibreOffice and poppler from Debian if missing)
render: report
	@command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	     libreoffice-calc poppler-utils fonts-dejavu-core)
	rm -rf out/render && mkdir -p out/render
	soffice --headless --norestore --convert-to pdf --outdir out/render out/tong-hop_latest.xlsx >/dev/null
	pdftoppm -png -r 70 out/render/tong-hop_latest.pdf out/render/page
	@ls out/render
