# Gantry: every target installs what is missing, then acts.
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT ?= swift
BIN := .build/debug/gantry
RELEASE_BIN := .build/release/gantry
VENV := .venv
# Debian packages behind our system-library targets, by pkg-config name.
PKG_DEPS := yaml-0.1:libyaml-dev libarchive:libarchive-dev libcrypto:libssl-dev sqlite3:libsqlite3-dev \
            libmicrohttpd:libmicrohttpd-dev libcurl:libcurl4-openssl-dev re2:libre2-dev libgit2:libgit2-dev
# The Docker executor's engine and image builders, by command or file: Podman from Debian (with
# runc, see scripts/configure-podman.sh, and the CNI plugin that makes service aliases resolve),
# busybox-static and mmdebstrap for scripts/build-image.sh.
ENGINE_DEPS := podman:podman runc:runc /usr/lib/cni/dnsname:golang-github-containernetworking-plugin-dnsname \
               busybox:busybox-static mmdebstrap:mmdebstrap
# The shells whose completion scripts `gantry completion` writes; the tests drive each of them.
SHELL_DEPS := zsh:zsh fish:fish
# The browser the web UI tests drive through Selenium (headless).
BROWSER_DEPS := chromium:chromium chromedriver:chromium-driver

.PHONY: deps build release test demo bench bench-pipelines fuzz clean

deps:
	@command -v $(SWIFT) >/dev/null || { echo "swift not found (expected in /opt/swift/usr/bin)"; exit 1; }
	@missing=""; \
	command -v pkg-config >/dev/null || missing="pkg-config"; \
	for pair in $(PKG_DEPS); do \
	  pc=$${pair%%:*}; deb=$${pair##*:}; \
	  pkg-config --exists $$pc 2>/dev/null || missing="$$missing $$deb"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@missing=""; \
	for pair in $(ENGINE_DEPS) $(SHELL_DEPS) $(BROWSER_DEPS); do \
	  need=$${pair%%:*}; [ -e "$$need" ] || command -v "$$need" >/dev/null || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@bash scripts/configure-podman.sh
	@command -v git >/dev/null || { sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; $$sudo apt-get install -y -qq git; }
	@python3 -c "import ensurepip" 2>/dev/null || { sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; $$sudo apt-get install -y -qq python3-venv; }
	@# The unprivileged user jobs run as (`gantry server --runner --run-as gantry-runner`), made when we are root.
	@if [ "$$(id -u)" = 0 ] && ! id gantry-runner >/dev/null 2>&1; then \
	  echo "creating the system user gantry-runner (jobs run as it with --run-as)"; \
	  useradd --system --create-home --home-dir /var/lib/gantry-runner --shell /bin/bash gantry-runner; \
	fi

$(VENV)/.installed: requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

test: build $(VENV)/.installed
	GANTRY_BIN=$(CURDIR)/$(BIN) $(SWIFT) test 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}

demo: build
	bash demo/server-demo.sh

bench: release $(VENV)/.installed
	GANTRY=$(CURDIR)/$(RELEASE_BIN) bash bench/lint_bench.sh

# Bounded fuzzing (a few minutes) of the config loader, rules:if, multipart and Python metadata
# parsers; a package of its own (fuzz/), never part of `swift build` or `make test`.
fuzz: deps
	bash fuzz/run.sh

clean:
	rm -rf .build fuzz/.build

# `gantry pipelines` over a group of 200 projects against the natural python-gitlab monitor.
bench-pipelines: release $(VENV)/.installed
	GANTRY=$(CURDIR)/$(RELEASE_BIN) bash bench/pipelines_bench.sh
