#!/usr/bin/env bash
# Source this file: it makes sure `node` on PATH is Node.js 24 LTS or newer. When the machine's own
# Node is older (Debian 12 ships 20, which is end-of-life), it installs the npm package node@24
# once into a cache dir and puts its bin dir first on PATH for the rest of the calling script.
#   PIXBUCKET_NODE_DIR   where that Node lives (default: ~/.cache/pixbucket/node24)
# npm itself stays the machine's; it runs under whichever `node` PATH finds first.

pixbucket_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

pixbucket_ensure_node() {
  local wanted=24 dir=${PIXBUCKET_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pixbucket/node24}
  if (($(pixbucket_node_major) >= wanted)); then return 0; fi
  if [[ ! -x $dir/node_modules/.bin/node ]]; then
    command -v npm >/dev/null || { echo "ensure-node: npm is missing; install Debian's nodejs and npm first" >&2; return 1; }
    echo "ensure-node: found Node $(node --version 2>/dev/null || echo none); installing Node $wanted LTS (npm package node@$wanted) into $dir" >&2
    mkdir -p "$dir"
    [[ -f $dir/package.json ]] || echo '{"private":true}' >"$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node@$wanted" >&2 ||
      { echo "ensure-node: could not install node@$wanted from the npm registry" >&2; return 1; }
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  hash -r
  if (($(pixbucket_node_major) < wanted)); then
    echo "ensure-node: $dir holds Node $(node --version), not $wanted; delete that dir and run again" >&2
    return 1
  fi
  echo "ensure-node: using Node $(node --version) from $dir" >&2
}

pixbucket_ensure_node
