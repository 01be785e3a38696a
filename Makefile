# 常用命令：make site（安装并构建网站）、make test（安装并运行全部测试）、make serve（本地预览）
# 每个目标都交给 tasks.py（Windows 上没有 make：py -3.11 tasks.py site 等，结果相同）
PYTHON ?= python3
VENV   ?= .venv
TASKS  := $(PYTHON) tasks.py --venv $(VENV)

.PHONY: setup site serve check test lint browsers clean

setup:  ## 建立 .venv 并按 constraints.txt 安装固定版本的依赖
	$(TASKS) setup

check:  ## 检查全部数据源
	$(TASKS) check

site:  ## 检查并构建网站到 site/
	$(TASKS) site

serve:  ## 本地预览 http://127.0.0.1:8000/ ，保存 YAML 后自动刷新（预览不含搜索和下载）
	$(TASKS) serve

lint:  ## ruff + mypy
	$(TASKS) lint

test:  ## ruff + mypy + pytest（含浏览器测试，需要 /usr/bin/chromium；以 root 运行时自动安装）
	$(TASKS) test

browsers:  ## 安装 Debian 的 Chromium（浏览器测试用，需要 root）
	$(TASKS) browsers

clean:
	$(TASKS) clean
