# AllianceLedger — one entry point for set-up, build, test and run.
# Every target installs what it needs first, so a fresh clone works with `make start` or `make test`.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

NPM ?= npm
INSTALL_STAMP := node_modules/.install-stamp
WORKSPACE_MANIFESTS := package.json package-lock.json contract/package.json fabric-protocol/package.json devnet/package.json chaincode/package.json explorer/package.json gateway-api/package.json client/package.json

.PHONY: help install build lint lint-shell format test start demo openapi screenshots bench clean reset network-up network-down start-fabric test-fabric test-multihost conformance

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

$(INSTALL_STAMP): $(WORKSPACE_MANIFESTS)
	$(NPM) ci --no-audit --no-fund
	@touch $@

install: $(INSTALL_STAMP) ## Install dependencies (npm ci) when the lockfile changed

build: install ## Compile every workspace (tsc --build) and build the explorer's web assets (Vite)
	$(NPM) run build

SHELL_SCRIPTS = .ci/run $(wildcard test-network-scripts/*.sh test-network-scripts/lib/*.sh network/builders/ccaas/bin/*)

lint: install lint-shell ## ESLint (strictTypeChecked), Prettier check, shellcheck
	$(NPM) run lint

lint-shell: ## shellcheck every shell script (skipped with a message when shellcheck is not installed)
	@if command -v shellcheck >/dev/null 2>&1; then \
	  shellcheck -x $(SHELL_SCRIPTS) && echo "shellcheck: $(words $(SHELL_SCRIPTS)) scripts clean"; \
	else echo "shellcheck not installed: the shell scripts were not checked (apt-get install shellcheck)"; fi

format: install ## Rewrite files with Prettier
	$(NPM) run format

test: build lint-shell ## Lint, then every test that needs no Fabric binaries (the explorer's browser tests need /usr/bin/chromium)
	$(NPM) run lint
	$(NPM) test

DATA_DIR ?= .devnet

start: build ## Run the REST gateway on the embedded ledger (devnet) at http://127.0.0.1:3000
	GATEWAY_DATA_DIR=$(DATA_DIR) node gateway-api/dist/index.js

demo: build ## Like start, and seed a currency, a buyer, a store and one full purchase on first run
	GATEWAY_DATA_DIR=$(DATA_DIR) GATEWAY_DEMO=true node gateway-api/dist/index.js

openapi: build ## Regenerate gateway-api/openapi.json after an API change, and the client's types from it
	npm run openapi -w gateway-api
	npm run generate -w client

screenshots: build ## Run the explorer's browser tests on devnet, writing a screenshot of each page to docs/img
	EXPLORER_SCREENSHOTS=docs/img npx jest --selectProjects @allianceledger/gateway-api --testPathPattern explorer.browser

# The Fabric run: seconds per flow, client counts, and the 200-client REST soak that samples the gateway's RSS.
BENCH_FABRIC_ARGS ?= --seconds 15 --concurrency 40,200 --soak-seconds 300
# The devnet payment flows: transactions per flow, client counts, orders loaded before each listing measurement.
BENCH_DEVNET_ARGS ?= --transactions 3000 --concurrency 40,200 --orders 10000,100000

bench: build ## Benchmarks: devnet always, the real network too when Fabric binaries are found; writes bench-results.json
	@mkdir -p .bench && rm -f .bench/devnet.json .bench/fabric.json
	CORE_CHAINCODE_LOGGING_LEVEL=WARNING node devnet/dist/bench/throughput.bench.js
	CORE_CHAINCODE_LOGGING_LEVEL=WARNING node devnet/dist/bench/grpc-throughput.bench.js
	CORE_CHAINCODE_LOGGING_LEVEL=WARNING node chaincode/dist/bench/devnet-flows.bench.js $(BENCH_DEVNET_ARGS) --out .bench/devnet.json
	@if [[ -n "$${FABRIC_BIN:-}" && -x "$${FABRIC_BIN}/peer" ]] || command -v peer >/dev/null; then \
	  test-network-scripts/bench-fabric.sh $(BENCH_FABRIC_ARGS) --out "$(CURDIR)/.bench/fabric.json"; \
	else echo "Fabric benchmark skipped: no Fabric binaries (FABRIC_BIN or PATH)"; fi
	node gateway-api/dist/bench/report.js --devnet .bench/devnet.json --fabric .bench/fabric.json --out bench-results.json

reset: build ## Wipe the devnet data directory (ledger, identities, API keys)
	node devnet/dist/cli/main.js reset --data-dir $(DATA_DIR)

NETWORK := test-network-scripts/network.sh

network-up: build ## Real Fabric network on 127.0.0.1 (FABRIC_BIN or PATH), chaincode deployed as a service
	$(NETWORK) up
	$(NETWORK) deploy

network-down: ## Stop the real network and delete its run directory (.fabric)
	$(NETWORK) down

start-fabric: network-up ## The REST gateway in the foreground on the real network, with its identities
	GATEWAY_LEDGER=fabric FABRIC_CONNECTION=.fabric/gateway-connection.json GATEWAY_DATA_DIR=.fabric \
	  node gateway-api/dist/index.js

test-fabric: build ## Up, deploy, a short differential test, the REST scenarios and Fabric suite on Fabric, down
	test-network-scripts/test-fabric.sh

test-multihost: build ## Each org and orderer on its own host (network namespaces, needs root): faults under load, snapshot join, gateway backup/restore over HTTPS
	test-network-scripts/test-multihost.sh

conformance: build ## Up, deploy, the long differential test devnet vs Fabric (CONFORMANCE_OPS=2000, CONFORMANCE_SEED), down
	test-network-scripts/conformance.sh

clean: ## Remove build output
	rm -rf contract/dist fabric-protocol/dist devnet/dist chaincode/dist explorer/dist gateway-api/dist client/dist
