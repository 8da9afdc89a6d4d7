# The two commands a newcomer needs: `make run` and `make test` (README.md).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= var
RELEASE_DIR := build/release
ASAN_DIR := build/asan
PACKAGE_DIR := build/package
FUZZ_DIR := build/fuzz
FUZZ_SECONDS ?= 60

.PHONY: run test bench package deps build-release build-asan build-fuzz fuzz fuzz-smoke web format \
	check-format clean

deps:
	@scripts/install-deps

build-release: deps
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DOTKLIK_TESTS=OFF >/dev/null
	cmake --build $(RELEASE_DIR) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOTKLIK_SANITIZE=ON -DOTKLIK_BENCH=OFF >/dev/null
	cmake --build $(ASAN_DIR) -j $(JOBS)

web: deps
	@if [[ -f web/package.json ]]; then cd web && npm run build; fi

# Sets everything up, loads the demo data once, and serves http://$(LISTEN).
run: build-release web
	$(RELEASE_DIR)/src/app/otklik demo --data $(DATA)
	@echo "Otklik: http://$(LISTEN)  (Ctrl+C to stop)"
	$(RELEASE_DIR)/src/app/otklik serve --data $(DATA) --listen $(LISTEN) --regulations regulations \
		$$( [[ -d web/dist ]] && echo --web-root web/dist )

# Unit, integration and scenario tests under AddressSanitizer and UBSan, then the browser tests.
test: build-asan web
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(ASAN_DIR) -j $(JOBS) --output-on-failure --timeout 600
	@if [[ -f web/package.json ]]; then \
		OTKLIK_BINARY=$(CURDIR)/$(ASAN_DIR)/src/app/otklik npm --prefix web run test:e2e; fi

bench: deps
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DOTKLIK_TESTS=OFF -DOTKLIK_BENCH=ON >/dev/null
	cmake --build $(RELEASE_DIR) -j $(JOBS)
	bench/run $(RELEASE_DIR)

# The .deb for administrators (docs/deployment.md): Release, installed under /usr, the web
# workplace inside; written to $(PACKAGE_DIR)/otklik_VERSION_ARCH.deb.
package: deps web
	cmake -S . -B $(PACKAGE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
		-DOTKLIK_TESTS=OFF -DOTKLIK_BENCH=OFF >/dev/null
	cmake --build $(PACKAGE_DIR) -j $(JOBS)
	cd $(PACKAGE_DIR) && cpack -G DEB
	@ls $(PACKAGE_DIR)/*.deb

# libFuzzer targets (tests/fuzz) under clang-14 with ASan and UBSan; only the libraries they use.
build-fuzz:
	@OTKLIK_NO_NPM=1 scripts/install-deps
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DOTKLIK_FUZZ=ON -DOTKLIK_TESTS=OFF -DOTKLIK_BENCH=OFF \
		-DOTKLIK_COMPONENTS="core;sla;regulation;views;search;channels;api" >/dev/null
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers

# Each fuzz target for FUZZ_SECONDS (one core each, one after another); a table at the end.
fuzz: build-fuzz
	tests/fuzz/run $(FUZZ_DIR) $(FUZZ_SECONDS)

# The short run CI does after `make test`.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=10

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# clang-format on every file, then clang-tidy (.clang-tidy: bug-prone checks and names) on src/.
check-format: deps
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
	JOBS=$(JOBS) scripts/check-tidy $(ASAN_DIR)

clean:
	rm -rf build
