# 常用命令：make site（安装并构建网站）、make test（安装并运行全部测试）、make serve（本地预览）
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve check test lint browsers clean

$(BIN)/zwgk: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

setup: $(BIN)/zwgk  ## 建立 .venv 并按 constraints.txt 安装固定版本的依赖

check: setup  ## 检查全部数据源
	$(BIN)/zwgk check

site: setup  ## 检查并构建网站到 site/
	$(BIN)/zwgk check --min-severity warning
	$(BIN)/mkdocs build --strict

serve: setup  ## 本地预览 http://127.0.0.1:8000/ ，保存 YAML 后自动刷新（预览不含搜索和下载）
	$(BIN)/mkdocs serve --livereload -f mkdocs.preview.yml

lint: setup
	$(BIN)/ruff check plugins tests bench
	$(BIN)/mypy

test: setup browsers lint  ## ruff + mypy + pytest（含浏览器测试，需要 /usr/bin/chromium）
	$(BIN)/pytest

browsers:  ## 安装 Debian 的 Chromium（浏览器测试用，需要 root）
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) \
	  || echo "未能安装 chromium：请以 root 运行 make browsers；浏览器测试将被跳过（CI 中不会跳过）"

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
