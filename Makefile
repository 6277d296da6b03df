# Two entry points for a fresh machine: `make book` and `make test`. Each sets itself up.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSTEM := $(VENV)/.system
GIT    := $(VENV)/.git-nbdime

.PHONY: book test check validate setup clean diff

# Python packages, pinned (requirements.txt) and resolved (constraints.txt); the kernel papermill uses.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (zonebook)" >/dev/null
	touch $@

# Debian packages: Chromium (PDFs, browser tests) and CJK fonts for it.
$(SYSTEM): scripts/install-system-packages
	scripts/install-system-packages
	touch $@

# git diff and merge show notebooks cell by cell: nbdime as this clone's driver for *.ipynb
# (.gitattributes), at its path in .venv so that it works without the venv activated.
$(GIT): $(STAMP)
	if git rev-parse --git-dir >/dev/null 2>&1; then \
	  $(BIN)/nbdime config-git --enable && \
	  git config diff.jupyternotebook.command "$(abspath $(BIN))/git-nbdiffdriver diff" && \
	  git config merge.jupyternotebook.driver "$(abspath $(BIN))/git-nbmergedriver merge %O %A %B %L %P"; \
	fi
	touch $@

setup: $(STAMP) $(SYSTEM) $(GIT)

# Validate the data, execute changed chapters with papermill, build the HTML book into _build/html.
book: setup
	$(BIN)/zonebook build

# Every check a reviewer relies on; see README "Tests".
test: setup
	scripts/test

check: setup
	$(BIN)/zonebook check

# The data alone: every problem with its file, row and field.
validate: $(STAMP)
	$(BIN)/zonebook validate

# What this branch does to the book (against its merge-base with main): _build/diff/index.html
diff: setup
	$(BIN)/zonebook diff

# the built site and the builds the tests keep (tests/support/shared.py)
clean:
	rm -rf _build
	-PYTHONPATH=tests $(PY) -c "import shutil, support.shared as s; shutil.rmtree(s.KEPT, ignore_errors=True)" 2>/dev/null
