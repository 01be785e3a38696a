#!/usr/bin/env bash
# 发布到县里自己的 nginx 服务器：上传到新的版本目录，再原子地切换 current 链接；保留以前的版本以便回退。
#
#   deploy/deploy.sh SITE_DIR TARGET            发布 SITE_DIR（如 site/）到 TARGET
#   deploy/deploy.sh --rollback TARGET          回退到上一个没有被回退过的版本（再回退一次就再往前一个）
#   deploy/deploy.sh --list TARGET              列出版本（标出当前版本和被回退过的版本）
#
# TARGET 是本机目录（如 /srv/zwgk），或 ssh 地址（如 deploy@10.0.0.5:/srv/zwgk，需要 rsync 和 ssh）。
# 目录结构：TARGET/releases/<版本>/、TARGET/current -> releases/<版本>；nginx 的 root 指向 TARGET/current。
# TARGET/bad-releases 记录被回退掉的版本：回退不会再回到这些版本。
# 环境变量 KEEP=5：保留的版本数（默认 5，至少 1；当前版本永远保留）。
set -euo pipefail

KEEP="${KEEP:-5}"
if ! [[ "$KEEP" =~ ^[0-9]+$ ]] || (( KEEP < 1 )); then
  echo "KEEP=$KEEP 不对：保留的版本数至少为 1（否则会删掉正在使用的版本）" >&2
  exit 2
fi

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# run a shell snippet on the target host (local when TARGET has no host part); paths inside the
# snippet are quoted with printf %q, so spaces and quotes in TARGET stay one word
remote() {
  if [[ -n "$HOST" ]]; then ssh -o BatchMode=yes -- "$HOST" "$1"; else bash -c "$1"; fi
}

split_target() {
  if [[ "$1" == *:* && "$1" != /* ]]; then HOST="${1%%:*}"; DIR="${1#*:}"; else HOST=""; DIR="$1"; fi
  if [[ -z "$DIR" || "$HOST" == -* ]]; then echo "目标「$1」不对" >&2; exit 2; fi
  Q=$(printf %q "$DIR")
}

switch_to() {  # atomically point current at releases/$1 (rename of a symlink is atomic)
  local r; r=$(printf %q "releases/$1")
  remote "set -e; cd $Q; ln -sfn $r .current.new; mv -T .current.new current"
}

current_release() {
  remote "if [ -L $Q/current ]; then basename \"\$(readlink $Q/current)\"; fi"
}

case "${1:-}" in
  --rollback)
    [[ $# -eq 2 ]] || usage
    split_target "$2"
    current=$(current_release)
    if [[ -z "$current" ]]; then echo "$2 还没有发布过任何版本，无法回退" >&2; exit 1; fi
    # the release rolled back from is marked bad; go to the newest older release that is not bad
    remote "touch $Q/bad-releases; grep -qxF $(printf %q "$current") $Q/bad-releases || echo $(printf %q "$current") >> $Q/bad-releases"
    previous=$(remote "cd $Q/releases && ls -1 | sort | awk -v cur=$(printf %q "$current") '\$0 < cur' | grep -vxF -f ../bad-releases | tail -n 1" || true)
    if [[ -z "$previous" ]]; then echo "没有更早的、未被回退过的版本可以回退（当前仍是 $current）" >&2; exit 1; fi
    switch_to "$previous"
    echo "已回退：$current → $previous（$current 已记为不再使用的版本）"
    ;;
  --list)
    [[ $# -eq 2 ]] || usage
    split_target "$2"
    current=$(current_release)
    remote "cd $Q/releases 2>/dev/null && ls -1 | sort" | while read -r r; do
      mark=""
      [[ "$r" == "$current" ]] && mark=" ← 当前"
      if remote "grep -qxF $(printf %q "$r") $Q/bad-releases 2>/dev/null"; then mark="$mark（已回退）"; fi
      echo "$r$mark"
    done
    ;;
  -h|--help|"") usage ;;
  *)
    [[ $# -eq 2 ]] || usage
    SITE="${1%/}"
    [[ -f "$SITE/index.html" ]] || { echo "$SITE 里没有 index.html：请先运行 make site" >&2; exit 1; }
    split_target "$2"
    release="$(date -u +%Y%m%dT%H%M%S.%N)-$(git rev-parse --short HEAD 2>/dev/null || echo local)"
    partial=$(printf %q "releases/.$release.partial")
    remote "mkdir -p $Q/releases"
    if [[ -n "$HOST" ]]; then
      rsync -a --delete -- "$SITE/" "$HOST:$(printf %q "$DIR/releases/.$release.partial")/"
    else
      mkdir -p -- "$DIR/releases/.$release.partial"
      cp -a -- "$SITE/." "$DIR/releases/.$release.partial/"
    fi
    # the upload is complete only once renamed; a broken upload never becomes a release
    remote "cd $Q && mv -- $partial $(printf %q "releases/$release")"
    switch_to "$release"
    # prune: keep the newest $KEEP releases, and never the one in use
    remote "cd $Q/releases && ls -1 | sort | head -n -$KEEP | grep -vxF $(printf %q "$release") | while IFS= read -r r; do rm -rf -- \"\$r\"; done"
    echo "已发布 $release"
    ;;
esac
