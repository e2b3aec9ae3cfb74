# cnsim: `make run` (main job) and `make test` (whole suite) are the two
# commands a newcomer needs; both install missing Debian packages and build.
BUILD ?= build
JOBS ?= 2

.PHONY: all deps build run test test-sanitize faults fuzz bench install clean python serve

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/cnsim demo

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The web app and its JSON API (docs/serve.md) on http://127.0.0.1:8080/;
# Ctrl-C stops it. PORT=8090 for another port.
PORT ?= 8080
serve: build
	./$(BUILD)/cnsim serve --port $(PORT)

# The Python package (docs/python.md) in a virtual environment that sees
# Debian's numpy, installed offline from this checkout.
python: build
	@/usr/bin/python3 -m venv --system-site-packages .venv
	@.venv/bin/python -m pip install --no-build-isolation --no-index -q ./python
	@echo "cnsim: .venv/bin/python -c 'import cnsim' (docs/python.md)"

# The same suite under AddressSanitizer + UBSan (CI runs it once).
test-sanitize: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCNSIM_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS)

# Allocation-failure sweep (tests/faults/): each run in
# tests/faults/plan.txt once per allocation it makes, with that allocation
# failing; FAULTS_EVERY=k fails every k-th only. Fails on a crash, a hang
# or exit 0 with other output; prints every class's count.
FAULTS_EVERY ?= 1
faults: build
	python3 tests/faults/sweep.py --cnsim $(BUILD)/cnsim --jobs $(JOBS) --every $(FAULTS_EVERY)

# libFuzzer targets, each run for FUZZ_SECONDS on the seed corpus.
FUZZ_SECONDS ?= 30
fuzz: deps
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCNSIM_FUZZ=ON -DCNSIM_SANITIZE=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@scripts/run-fuzz.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@scripts/deps.sh --peers
	bench/run_pk_bench.sh
	./$(BUILD)/bench_pd | tee bench/results/pd.csv
	bench/run_simulate_bench.sh
	bench/run_population_bench.sh
	bench/run_ddi_bench.sh
	./$(BUILD)/bench_tdm 500
	bench/run_serve_bench.sh $(BUILD)

# bin/cnsim, lib/libcnsim.{so,a}, include/cnsim/, lib/pkgconfig/cnsim.pc,
# share/cnsim/cnsim.db and the man pages under PREFIX (DESTDIR is honoured
# for staging, as cmake --install does). As root, ldconfig then refreshes
# the loader cache so /usr/local/lib/libcnsim.so.0 is found.
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)
	@if [ "$$(id -u)" = 0 ] && [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null; then ldconfig; fi

clean:
	rm -rf $(BUILD) build-asan build-fuzz cnsim-out
