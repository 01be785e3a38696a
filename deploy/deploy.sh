#!/usr/bin/env bash
# 发布到县里自己的 nginx 服务器：上传到新的版本目录，再原子地切换 current 链接；保留以前的版本以便回退。
#
#   deploy/deploy.sh SITE_DIR TARGET            发布 SITE_DIR（如 site/）到 TARGET
#   deploy/deploy.sh --rollback TARGET          回退到上一个版本
#   deploy/deploy.sh --list TARGET              列出版本
#
# TARGET 是本机目录（如 /srv/zwgk），或 ssh 地址（如 deploy@10.0.0.5:/srv/zwgk，需要 rsync 和 ssh）。
# 目录结构：TARGET/releases/<版本>/、TARGET/current -> releases/<版本>；nginx 的 root 指向 TARGET/current。
# 环境变量 KEEP=5：保留的版本数（默认 5）。
set -euo pipefail

KEEP="${KEEP:-5}"

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# run a shell snippet on the target host (local when TARGET has no host part)
remote() {
  if [[ -n "$HOST" ]]; then ssh -o BatchMode=yes "$HOST" "$1"; else bash -c "$1"; fi
}

split_target() {
  if [[ "$1" == *:* && "$1" != /* ]]; then HOST="${1%%:*}"; DIR="${1#*:}"; else HOST=""; DIR="$1"; fi
}

switch_to() {  # atomically point current at releases/$1 (rename of a symlink is atomic)
  remote "set -e; cd '$DIR'; ln -sfn 'releases/$1' .current.new; mv -T .current.new current"
}

case "${1:-}" in
  --rollback)
    [[ $# -eq 2 ]] || usage
    split_target "$2"
    current=$(remote "readlink '$DIR/current' | xargs basename")
    previous=$(remote "ls -1 '$DIR/releases' | sort | grep -B1 -x '$current' | head -n 1")
    if [[ -z "$previous" || "$previous" == "$current" ]]; then echo "没有更早的版本可以回退" >&2; exit 1; fi
    switch_to "$previous"
    echo "已回退：$current → $previous"
    ;;
  --list)
    [[ $# -eq 2 ]] || usage
    split_target "$2"
    remote "ls -1 '$DIR/releases' | sort; echo \"current -> \$(readlink '$DIR/current')\""
    ;;
  -h|--help|"") usage ;;
  *)
    [[ $# -eq 2 ]] || usage
    SITE="${1%/}"
    [[ -f "$SITE/index.html" ]] || { echo "$SITE 里没有 index.html：请先运行 make site" >&2; exit 1; }
    split_target "$2"
    release="$(date -u +%Y%m%dT%H%M%S.%N)-$(git rev-parse --short HEAD 2>/dev/null || echo local)"
    remote "mkdir -p '$DIR/releases'"
    if [[ -n "$HOST" ]]; then
      rsync -a --delete "$SITE/" "$HOST:$DIR/releases/.$release.partial/"
    else
      mkdir -p "$DIR/releases/.$release.partial"
      cp -a "$SITE/." "$DIR/releases/.$release.partial/"
    fi
    # the upload is complete only once renamed; a broken upload never becomes a release
    remote "mv '$DIR/releases/.$release.partial' '$DIR/releases/$release'"
    switch_to "$release"
    remote "cd '$DIR/releases' && ls -1 | sort | head -n -$KEEP | xargs -r rm -rf --"
    echo "已发布 $release"
    ;;
esac
